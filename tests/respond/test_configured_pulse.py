"""The pulse as configured: a respondent's page asks exactly the survey's `max_items` rated
questions (scaling and advocacy among them), plus "one step higher" and the comment question,
whether the wave came from the demo or from a survey a change manager made in the admin."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from feedback import create_app
from tests.factories import make_person

RADIO_NAME = re.compile(r'name="(q\d+)" type="radio"')
TEXTAREA_NAME = re.compile(r'<textarea[^>]*name="(q\d+)"')
LINK = re.compile(r"https?://\S+/s/([A-Za-z0-9_-]+)")


def asked(client, token: str) -> tuple[set[int], set[int]]:
    """The rated and the open questions on the respondent's page."""
    page = client.get(f"/s/{token}?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rated = {int(name[1:]) for name in RADIO_NAME.findall(html)}
    texts = {int(name[1:]) for name in TEXTAREA_NAME.findall(html)}
    return rated, texts


def keyed(db, survey_id: int) -> dict[int, str]:
    rows = db.execute("SELECT id, key FROM items WHERE survey_id = ?", [survey_id]).fetchall()
    return {item_id: key for item_id, key in rows}


def check_the_pulse(db, client, token: str) -> None:
    survey_id, max_items = db.execute(
        "SELECT s.id, s.max_items FROM surveys s JOIN waves w ON w.survey_id = s.id "
        "WHERE w.status = 'open'"
    ).fetchone()
    keys = keyed(db, survey_id)
    rated, texts = asked(client, token)
    assert len(rated) == max_items
    assert {"scaling", "advocacy"} <= {keys[i] for i in rated}
    assert {keys[i] for i in texts} == {"step_up", "comment"}
    all_rated = db.execute(
        "SELECT COUNT(*) FROM items WHERE survey_id = ? AND kind != 'text'", [survey_id]
    ).fetchone()[0]
    assert all_rated > max_items, "the survey must have more items than one wave asks"


def test_a_demo_link_asks_the_configured_number_of_questions(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE": str(tmp_path / "d.db"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    result = app.test_cli_runner().invoke(args=["demo", "--people", "40"])
    assert result.exit_code == 0, result.output
    tokens = LINK.findall(result.output)
    assert len(tokens) == 3
    from feedback.db import open_database

    db = open_database(app)
    try:
        for token in tokens:
            check_the_pulse(db, app.test_client(), token)
    finally:
        db.conn.close()


@pytest.mark.parametrize("opened_by", ["admin", "cli"])
def test_a_survey_made_in_the_admin_asks_its_configured_number(
    app, admin_client, db, runner, opened_by
):
    response = admin_client.post("/admin/surveys", data={"name": "Beehive", "tool": "Beehive"})
    assert response.status_code == 302
    survey_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    settings = {"name": "Beehive", "max_items": 9, "k_scores": 5, "k_comments": 8}
    response = admin_client.post(f"/admin/surveys/{survey_id}/settings", data=settings)
    assert response.status_code == 302
    for n in range(3):
        make_person(db, email=f"p{n}@example.org", language="nl" if n else "en")
    if opened_by == "admin":
        today = dt.date.today()
        days = {
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=7)).isoformat(),
        }
        response = admin_client.post(f"/admin/surveys/{survey_id}/waves", data=days)
        assert response.status_code == 302
        wave_id = db.execute("SELECT id FROM waves WHERE survey_id = ?", [survey_id]).fetchone()[0]
        assert admin_client.post(f"/admin/waves/{wave_id}/open").status_code == 302
    else:
        result = runner.invoke(args=["open-wave", str(survey_id)])
        assert result.exit_code == 0, result.output
        wave_id = db.execute("SELECT id FROM waves WHERE survey_id = ?", [survey_id]).fetchone()[0]
    output = runner.invoke(args=["links", str(wave_id)]).output
    tokens = LINK.findall(output)
    assert len(tokens) == 3, output
    for token in tokens:
        check_the_pulse(db, app.test_client(), token)
