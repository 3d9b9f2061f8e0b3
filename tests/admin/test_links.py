"""The one survey-links export (`links WAVE_ID` and POST /admin/waves/<id>/links.csv): fresh
links for every active invitee of an open wave, marked invited, only before the first answer
(a list made later would tell who has not answered)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from feedback.admin import waves
from tests.factories import invite, make_person, make_survey
from tests.respond.conftest import make_setup, valid_answers

TODAY = dt.date.today()
BASE = "https://pulse.example.org"


def rows(text: str) -> dict[str, str]:
    return {row["email"]: row["url"] for row in csv.DictReader(io.StringIO(text))}


def test_the_command_gives_fresh_working_links_marks_invited_and_old_ones_stop(
    app, runner, client, db
):
    app.config["PUBLIC_URL"] = BASE + "/"
    setup = make_setup(db, email="first@example.org")
    other = make_person(db, email="other@example.org")
    make_person(db, email="gone@example.org", active=0)

    result = runner.invoke(args=["links", str(setup.wave_id)])
    assert result.exit_code == 0, result.output
    links = rows(result.output)
    assert set(links) == {"first@example.org", "other@example.org"}
    assert all(url.startswith(BASE + "/s/") for url in links.values())
    assert client.get(links["first@example.org"][len(BASE) :]).status_code == 200
    assert client.get(setup.url).status_code == 404
    invited = db.execute(
        "SELECT person_id, invited FROM invitations WHERE wave_id = ?", [setup.wave_id]
    ).fetchall()
    assert sorted(invited) == [(setup.person_id, 1), (other, 1)]


def test_the_command_and_the_page_give_the_same_csv(app, runner, admin_client, db):
    setup = make_setup(db, email="first@example.org")
    by_command = runner.invoke(args=["links", str(setup.wave_id)]).output
    by_page = admin_client.post(f"/admin/waves/{setup.wave_id}/links.csv")
    assert by_page.status_code == 200
    assert by_command.splitlines()[0] == by_page.get_data(as_text=True).splitlines()[0]
    assert rows(by_command).keys() == rows(by_page.get_data(as_text=True)).keys()


def test_links_are_refused_once_anyone_has_answered(runner, admin_client, client, db):
    setup = make_setup(db)
    other_token = invite(db, setup.wave_id, make_person(db, email="other@example.org"))
    assert client.post(setup.url, data=valid_answers(setup)).status_code == 302
    result = runner.invoke(args=["links", str(setup.wave_id)])
    assert result.exit_code == 1
    assert "would tell who has not answered" in result.output
    assert "/s/" not in result.output
    assert admin_client.post(f"/admin/waves/{setup.wave_id}/links.csv").status_code == 409
    assert client.get(f"/s/{other_token}").status_code == 200  # nothing was reissued


@pytest.mark.parametrize("state", ["scheduled", "closed"])
def test_links_are_given_only_for_an_open_wave(state, runner, admin_client, client, db):
    survey_id = make_survey(db)
    make_person(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY + dt.timedelta(days=7))
    if state == "closed":
        waves.open_wave(db, wave_id, TODAY)
        waves.close_wave(db, wave_id)
    before = db.execute("SELECT token_hash, invited FROM invitations").fetchall()
    result = runner.invoke(args=["links", str(wave_id)])
    assert result.exit_code == 1
    assert "only while the wave is open" in result.output and "/s/" not in result.output
    assert admin_client.post(f"/admin/waves/{wave_id}/links.csv").status_code == 409
    assert db.execute("SELECT token_hash, invited FROM invitations").fetchall() == before


def test_links_for_an_unknown_wave_is_a_clear_error(runner, admin_client):
    result = runner.invoke(args=["links", "999"])
    assert result.exit_code == 1
    assert "There is no wave with this number." in result.output
    assert admin_client.post("/admin/waves/999/links.csv").status_code == 404


def test_links_help_warns_that_old_links_stop_working(runner):
    result = runner.invoke(args=["links", "--help"])
    assert result.exit_code == 0
    assert "stop working" in result.output
    assert "email,url" in result.output
