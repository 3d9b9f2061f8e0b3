"""The automation commands: import-roster, open-wave, send-invites, remind, close-wave."""

from __future__ import annotations

import pytest

from feedback import PROJECT_ROOT
from feedback.admin.cli import COMMANDS
from tests.admin.test_roster import GOOD, HEADER
from tests.factories import make_person, make_survey


def people(db):
    return db.execute("SELECT email, active FROM people ORDER BY email").fetchall()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_has_help(runner, command):
    result = runner.invoke(args=[command.name, "--help"])
    assert result.exit_code == 0
    first_line = command.help.split("\n")[0]
    assert first_line and " ".join(first_line.split()) in " ".join(result.output.split())
    assert f"`{command.name}" in (PROJECT_ROOT / "README.md").read_text()


def test_import_roster_applies_a_clean_file(runner, db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([HEADER, *GOOD]))
    result = runner.invoke(args=["import-roster", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 added, 0 updated, 0 deactivated" in result.output
    assert len(people(db)) == 3


def test_import_roster_lists_bad_rows_and_writes_nothing(runner, db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([HEADER, *GOOD, "nope,Sales,A,Gent,employee,,,xx"]))
    result = runner.invoke(args=["import-roster", str(path)])
    assert result.exit_code == 1
    assert "line 5: Not a valid e-mail address: 'nope'." in result.output
    assert "line 5: Unknown language 'xx'; use nl or en." in result.output
    assert people(db) == []


def test_import_roster_refuses_a_bad_file(runner, db, tmp_path):
    path = tmp_path / "roster.pdf"
    path.write_bytes(b"%PDF")
    result = runner.invoke(args=["import-roster", str(path)])
    assert result.exit_code == 1
    assert "Upload a .csv or .xlsx file." in result.output


def test_a_wave_is_run_from_the_command_line(runner, db, smtp):
    survey_id = make_survey(db)
    first, second = make_person(db, language="en"), make_person(db)
    result = runner.invoke(args=["open-wave", str(survey_id)])
    assert result.exit_code == 0, result.output
    assert "2 invitations issued" in result.output
    wave_id = db.execute("SELECT id FROM waves").fetchone()[0]
    result = runner.invoke(args=["send-invites", str(wave_id)])
    assert "2 invitations sent." in result.output
    assert len(smtp.messages) == 2
    db.execute("UPDATE invitations SET used = 1 WHERE person_id = ?", [first])
    db.conn.commit()
    result = runner.invoke(args=["remind", str(wave_id)])
    assert result.output == "Reminders went out to everyone who has not answered yet.\n"
    assert smtp.messages[-1]["Subject"].startswith("Herinnering")
    result = runner.invoke(args=["close-wave", str(wave_id)])
    assert result.exit_code == 0
    assert db.execute("SELECT status FROM waves").fetchone()[0] == "closed"
    assert second


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["open-wave", "99"], "There is no survey with this number."),
        (["send-invites", "99"], "There is no wave with this number."),
        (["remind", "99"], "There is no wave with this number."),
        (["close-wave", "99"], "There is no wave with this number."),
        (["open-wave", "abc"], "'abc' is not a valid integer."),
    ],
)
def test_commands_explain_what_is_wrong(runner, db, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output


def test_open_wave_without_a_roster_writes_nothing(runner, db):
    survey_id = make_survey(db)
    result = runner.invoke(args=["open-wave", str(survey_id)])
    assert result.exit_code == 1
    assert "The roster is empty." in result.output
    assert db.execute("SELECT COUNT(*) FROM waves").fetchone()[0] == 0


def test_a_closed_wave_cannot_be_closed_again(runner, db):
    survey_id = make_survey(db)
    make_person(db)
    runner.invoke(args=["open-wave", str(survey_id)])
    runner.invoke(args=["close-wave", "1"])
    result = runner.invoke(args=["close-wave", "1"])
    assert result.exit_code == 1
    assert "Only an open wave can be closed." in result.output
