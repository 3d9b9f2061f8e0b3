"""Surveys from the template: settings, texts per language, items added, moved and removed."""

from __future__ import annotations

import pytest

from feedback.admin.surveys import get_items
from tests.factories import make_person, make_response, make_survey, make_wave


def survey_page(client, survey_id: int) -> str:
    response = client.get(f"/admin/surveys/{survey_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_survey_is_created_from_the_template(admin_client, db):
    response = admin_client.post("/admin/surveys", data={"name": "Pulse", "tool": "Beehive"})
    assert response.status_code == 302
    survey_id = db.execute("SELECT id FROM surveys WHERE name = 'Pulse'").fetchone()[0]
    page = survey_page(admin_client, survey_id)
    assert "I understand why our organisation is introducing Beehive." in page
    assert "Ik begrijp waarom onze organisatie Beehive invoert." in page
    items = get_items(db, survey_id)
    assert all(i["text_en"] and i["text_nl"] for i in items)
    rated = [i for i in items if i["kind"] in ("likert", "scale")]
    assert all(i["dimension"] for i in rated)


def test_a_survey_without_a_name_is_refused(admin_client, db):
    response = admin_client.post("/admin/surveys", data={"name": "", "tool": "Beehive"})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM surveys").fetchone()[0] == 0


def test_texts_are_edited_per_language(admin_client, db):
    survey_id = make_survey(db)
    item = get_items(db, survey_id)[0]
    response = admin_client.post(
        f"/admin/items/{item['id']}",
        data={
            "kind": "likert",
            "dimension": "awareness",
            "text_en": "Clear why?",
            "text_nl": "Duidelijk waarom?",
            "required": "y",
        },
    )
    assert response.status_code == 302
    row = db.execute("SELECT text_en, text_nl FROM items WHERE id = ?", [item["id"]]).fetchone()
    assert row == ("Clear why?", "Duidelijk waarom?")


def test_a_rated_item_needs_a_dimension(admin_client, db):
    survey_id = make_survey(db)
    before = len(get_items(db, survey_id))
    response = admin_client.post(
        f"/admin/surveys/{survey_id}/items",
        data={"kind": "likert", "dimension": "", "text_en": "Q", "text_nl": "V"},
    )
    assert response.status_code == 400
    assert "A rated question needs a readiness dimension." in response.get_data(as_text=True)
    assert len(get_items(db, survey_id)) == before


def test_a_single_choice_item_is_added_with_its_choices(admin_client, db):
    survey_id = make_survey(db)
    response = admin_client.post(
        f"/admin/surveys/{survey_id}/items",
        data={
            "kind": "choice",
            "dimension": "",
            "text_en": "Where do you work?",
            "text_nl": "Waar werk je?",
            "choices": "Office | Kantoor\nHome | Thuis",
            "required": "y",
        },
    )
    assert response.status_code == 302
    item = get_items(db, survey_id)[-1]
    assert item["kind"] == "choice"
    assert '"nl": "Thuis"' in item["choices"]


def test_a_single_choice_item_needs_two_choices(admin_client, db):
    survey_id = make_survey(db)
    response = admin_client.post(
        f"/admin/surveys/{survey_id}/items",
        data={
            "kind": "choice",
            "dimension": "",
            "text_en": "Q",
            "text_nl": "V",
            "choices": "Only one",
        },
    )
    assert response.status_code == 400
    assert "at least two choices" in response.get_data(as_text=True)


@pytest.mark.parametrize("direction", ["up", "down"])
def test_items_move_up_and_down(admin_client, db, direction):
    survey_id = make_survey(db)
    ids = [i["id"] for i in get_items(db, survey_id)]
    moved = ids[1]
    admin_client.post(f"/admin/items/{moved}/move", data={"direction": direction})
    after = [i["id"] for i in get_items(db, survey_id)]
    assert after.index(moved) == (0 if direction == "up" else 2)
    assert sorted(after) == sorted(ids)


def test_an_unused_item_is_deleted(admin_client, db):
    survey_id = make_survey(db)
    item_id = get_items(db, survey_id)[0]["id"]
    response = admin_client.post(f"/admin/items/{item_id}/remove", follow_redirects=True)
    assert "Question removed." in response.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM items WHERE id = ?", [item_id]).fetchone()[0] == 0


def test_an_answered_item_is_deactivated_and_its_answers_kept(admin_client, db):
    survey_id = make_survey(db)
    wave_id = make_wave(db, survey_id)
    item_id = get_items(db, survey_id)[0]["id"]
    response_id = make_response(db, wave_id, team="A")
    with db.conn:
        db.table("answers").insert({"response_id": response_id, "item_id": item_id, "value": 4})
    response = admin_client.post(f"/admin/items/{item_id}/remove", follow_redirects=True)
    assert "its answers are kept" in response.get_data(as_text=True)
    assert db.execute("SELECT active FROM items WHERE id = ?", [item_id]).fetchone()[0] == 0
    assert (
        db.execute("SELECT COUNT(*) FROM answers WHERE item_id = ?", [item_id]).fetchone()[0] == 1
    )
    assert item_id not in [i["id"] for i in get_items(db, survey_id)]


def settings(**overrides):
    data = {"name": "Pulse", "max_items": 8, "cadence_weeks": "", "k_scores": 5, "k_comments": 10}
    return {**data, **overrides}


def test_thresholds_can_change_before_any_wave_opened(admin_client, db):
    survey_id = make_survey(db)
    response = admin_client.post(
        f"/admin/surveys/{survey_id}/settings", data=settings(k_scores=7, k_comments=12)
    )
    assert response.status_code == 302
    assert db.execute("SELECT k_scores, k_comments FROM surveys").fetchone() == (7, 12)


def test_thresholds_are_locked_once_a_wave_opened(admin_client, db):
    survey_id = make_survey(db)
    make_wave(db, survey_id, status="open")
    response = admin_client.post(
        f"/admin/surveys/{survey_id}/settings", data=settings(k_scores=3, k_comments=3)
    )
    assert response.status_code == 409
    assert "thresholds are locked" in response.get_data(as_text=True)
    assert db.execute("SELECT k_scores, k_comments FROM surveys").fetchone() == (5, 10)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"k_scores": 2}, "Number must be between 3 and 1000."),
        ({"k_scores": 6, "k_comments": 5}, "Must be at least the threshold for scores."),
        ({"max_items": 4}, "Each wave must ask at least 7 questions"),
        ({"max_items": "eight"}, "Not a valid integer value."),
    ],
)
def test_bad_settings_are_refused(admin_client, db, overrides, message):
    survey_id = make_survey(db)
    response = admin_client.post(f"/admin/surveys/{survey_id}/settings", data=settings(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.execute("SELECT max_items, k_scores, k_comments FROM surveys").fetchone() == (
        8,
        5,
        10,
    )


def test_viewers_get_403_on_admin_pages(viewer_client, db):
    survey_id = make_survey(db)
    make_person(db)
    for url in ("/admin/surveys", f"/admin/surveys/{survey_id}", "/admin/roster", "/admin/users"):
        assert viewer_client.get(url).status_code == 403
    assert viewer_client.post("/admin/surveys", data={"name": "X", "tool": "Y"}).status_code == 403
    assert db.execute("SELECT COUNT(*) FROM surveys").fetchone()[0] == 1


def test_admin_pages_need_sign_in(client):
    response = client.get("/admin/surveys")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_an_item_that_would_make_pulses_too_long_is_refused(admin_client, db):
    survey_id = make_survey(db)
    with db.conn:
        db.execute("UPDATE items SET active = 0 WHERE dimension = 'ability'")
        db.execute("UPDATE surveys SET max_items = 6")
    before = len(get_items(db, survey_id))
    response = admin_client.post(
        f"/admin/surveys/{survey_id}/items",
        data={"kind": "likert", "dimension": "ability", "text_en": "Q", "text_nl": "V"},
    )
    assert response.status_code == 400
    assert "every wave would ask 7 questions" in response.get_data(as_text=True)
    assert len(get_items(db, survey_id)) == before
