"""Publishing an action for employees: admins only, a note in both languages, ≤ 280 each."""

from __future__ import annotations

import html

import pytest

from tests.api.orgdata import build_org
from tests.dashboard.test_actions import new_action

GOOD = {"note_nl": "We geven elke week een tip.", "note_en": "We share a tip every week."}


@pytest.fixture
def action(admin_client, db):
    org = build_org(db)
    assert admin_client.post("/dashboard/actions", data=new_action(org)).status_code == 302
    return db.execute("SELECT id, survey_id FROM actions").fetchone()


def stored(db):
    return db.execute("SELECT note_nl, note_en, published_on FROM actions").fetchone()


def page(client, survey_id) -> str:
    response = client.get("/dashboard/actions", query_string={"survey": survey_id})
    return html.unescape(response.get_data(as_text=True))


def test_publish_shows_it_as_published_and_unpublish_withdraws_it(admin_client, db, action):
    action_id, survey_id = action
    response = admin_client.post(f"/dashboard/actions/{action_id}/publish", data=GOOD)
    assert response.status_code == 302
    nl, en, day = stored(db)
    assert (nl, en) == (GOOD["note_nl"], GOOD["note_en"]) and day
    shown = page(admin_client, survey_id)
    assert "Published for employees" in shown and GOOD["note_en"] in shown
    assert admin_client.post(f"/dashboard/actions/{action_id}/unpublish").status_code == 302
    assert stored(db) == (GOOD["note_nl"], GOOD["note_en"], None)
    assert "Published for employees" not in page(admin_client, survey_id)


def test_notes_are_trimmed_to_one_line(admin_client, db, action):
    data = {"note_nl": "  twee\n  regels ", "note_en": "two\r\nlines"}
    admin_client.post(f"/dashboard/actions/{action[0]}/publish", data=data)
    assert stored(db)[:2] == ("twee regels", "two lines")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note_en": "Only English"}, "Write the note for employees in Dutch."),
        (
            {"note_nl": "Alleen Nederlands", "note_en": "   "},
            "Write the note for employees in English.",
        ),
        ({**GOOD, "note_nl": "x" * 281}, "Keep the Dutch note under 280 characters."),
        ({**GOOD, "note_en": "y" * 281}, "Keep the English note under 280 characters."),
    ],
)
def test_bad_notes_are_400_with_a_message_and_store_nothing(
    admin_client, db, action, data, message
):
    response = admin_client.post(f"/dashboard/actions/{action[0]}/publish", data=data)
    assert response.status_code == 400
    body = html.unescape(response.get_data(as_text=True))
    assert message in body
    assert stored(db) == (None, None, None)


def test_a_note_of_exactly_280_characters_is_fine(admin_client, db, action):
    data = {"note_nl": "n" * 280, "note_en": "e" * 280}
    assert (
        admin_client.post(f"/dashboard/actions/{action[0]}/publish", data=data).status_code == 302
    )


def test_unknown_actions_are_404(admin_client, db, action):
    for action_id in ("999", str(2**63), "0", "-1", "x"):
        for verb in ("publish", "unpublish"):
            response = admin_client.post(f"/dashboard/actions/{action_id}/{verb}", data=GOOD)
            assert response.status_code == 404, (action_id, verb)
    assert stored(db) == (None, None, None)


def test_viewers_cannot_publish_or_withdraw(app, admin_client, db, action):
    from tests.conftest import make_user, sign_in

    make_user(app, "viewer@example.org", "viewer", ["Sales"])
    viewer = app.test_client()
    sign_in(viewer, "viewer@example.org")
    assert viewer.post(f"/dashboard/actions/{action[0]}/publish", data=GOOD).status_code == 403
    assert stored(db) == (None, None, None)
    admin_client.post(f"/dashboard/actions/{action[0]}/publish", data=GOOD)
    assert viewer.post(f"/dashboard/actions/{action[0]}/unpublish").status_code == 403
    assert stored(db)[2] is not None
    shown = page(viewer, action[1])
    assert "Published for employees" in shown and "Withdraw from employees" not in shown


def test_an_action_for_the_whole_organisation(admin_client, db):
    org = build_org(db)
    data = new_action(org, segment_value="*", title="Tips in the newsletter")
    assert admin_client.post("/dashboard/actions", data=data).status_code == 302
    assert db.execute("SELECT segment_by, segment_value FROM actions").fetchone() == (
        "organisation",
        "",
    )
    assert "The whole organisation" in page(admin_client, org["survey_id"])
