"""`links WAVE_ID`: fresh links for every invitee, as CSV for a mail merge, only while the wave
has no answer (a list made later would tell who has not answered)."""

from __future__ import annotations

import csv
import io

from tests.factories import invite, make_person
from tests.respond.conftest import valid_answers


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_links_gives_fresh_working_links_to_everyone_and_old_ones_stop(
    app, runner, client, db, setup
):
    app.config["PUBLIC_URL"] = "https://pulse.example.org/"
    other = make_person(db, email="other@example.org")
    other_token = invite(db, setup.wave_id, other)
    inactive = make_person(db, email="gone@example.org", active=0)
    invite(db, setup.wave_id, inactive)

    result = runner.invoke(args=["links", str(setup.wave_id)])
    assert result.exit_code == 0, result.output
    links = {row["email"]: row["url"] for row in rows(result.output)}
    email = db.execute("SELECT email FROM people WHERE id = ?", [setup.person_id]).fetchone()[0]
    assert set(links) == {email, "other@example.org"}
    prefix = "https://pulse.example.org/s/"
    assert all(url.startswith(prefix) for url in links.values())
    new_path = links[email][len("https://pulse.example.org") :]
    assert new_path != setup.url
    assert client.get(new_path).status_code == 200
    assert client.get(setup.url).status_code == 404
    assert client.get(f"/s/{other_token}").status_code == 404
    invited = db.execute(
        "SELECT SUM(invited) FROM invitations WHERE person_id != ?", [inactive]
    ).fetchone()[0]
    assert invited == 2  # the merge was their invitation: no e-mail replaces these links


def test_links_are_refused_once_anyone_has_answered(runner, client, db, setup):
    other_token = invite(db, setup.wave_id, make_person(db, email="other@example.org"))
    assert client.post(setup.url, data=valid_answers(setup)).status_code == 302
    result = runner.invoke(args=["links", str(setup.wave_id)])
    assert result.exit_code == 1
    assert "would tell who has not answered" in result.output
    assert "other@example.org" not in result.output and "/s/" not in result.output
    assert client.get(f"/s/{other_token}").status_code == 200  # nothing was reissued


def test_links_for_an_unknown_wave_is_a_clear_error(runner, setup):
    result = runner.invoke(args=["links", "999"])
    assert result.exit_code == 1
    assert "There is no wave with id 999." in result.output


def test_links_help_warns_that_old_links_stop_working(runner):
    result = runner.invoke(args=["links", "--help"])
    assert result.exit_code == 0
    assert "stop working" in result.output
    assert "email,url" in result.output
