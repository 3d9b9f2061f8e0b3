"""`links WAVE_ID`: fresh links for unanswered invitations, as CSV for a mail merge."""

from __future__ import annotations

import csv
import io

from tests.factories import invite, make_person
from tests.respond.conftest import valid_answers


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_links_gives_fresh_working_links_and_old_ones_stop(app, runner, client, db, setup):
    app.config["PUBLIC_URL"] = "https://pulse.example.org/"
    answered = make_person(db, email="done@example.org")
    answered_token = invite(db, setup.wave_id, answered)
    assert client.post(f"/s/{answered_token}", data=valid_answers(setup)).status_code == 302
    inactive = make_person(db, email="gone@example.org", active=0)
    invite(db, setup.wave_id, inactive)

    result = runner.invoke(args=["links", str(setup.wave_id)])
    assert result.exit_code == 0, result.output
    [row] = rows(result.output)
    email = db.execute("SELECT email FROM people WHERE id = ?", [setup.person_id]).fetchone()[0]
    assert row["email"] == email
    prefix = "https://pulse.example.org/s/"
    assert row["url"].startswith(prefix)
    new_path = row["url"][len("https://pulse.example.org") :]
    assert new_path != setup.url
    assert client.get(new_path).status_code == 200
    assert client.get(setup.url).status_code == 404
    assert client.get(f"/s/{answered_token}").status_code == 409


def test_links_for_an_unknown_wave_is_a_clear_error(runner, setup):
    result = runner.invoke(args=["links", "999"])
    assert result.exit_code == 1
    assert "There is no wave with id 999." in result.output


def test_links_help_warns_that_old_links_stop_working(runner):
    result = runner.invoke(args=["links", "--help"])
    assert result.exit_code == 0
    assert "stop working" in result.output
    assert "email,url" in result.output
