"""The survey preview: exactly the form a respondent of the wave gets, rotated items and all,
in either language, with nothing stored and Send switched off."""

from __future__ import annotations

import datetime as dt
import re

from feedback.admin import waves
from tests.factories import invite, make_person, make_survey

TODAY = dt.date.today()


def questions(page: str) -> list[str]:
    return re.findall(r'data-question="(q\d+)"', page)


def everything(db) -> list[tuple]:
    tables = ("waves", "invitations", "responses", "answers", "items")
    return [tuple(db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()) for t in tables]


def test_the_preview_is_the_form_a_respondent_of_that_wave_gets(admin_client, db):
    survey_id = make_survey(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY + dt.timedelta(days=7))
    before = everything(db)
    preview = admin_client.get(f"/admin/surveys/{survey_id}/preview?lang=nl")
    assert preview.status_code == 200
    assert everything(db) == before  # the item set is chosen but not stored
    make_person(db)
    waves.open_wave(db, wave_id, TODAY)
    token = invite(db, wave_id, make_person(db, language="nl"))
    respondent = admin_client.get(f"/s/{token}").get_data(as_text=True)
    shown = preview.get_data(as_text=True)
    assert questions(shown) == questions(respondent)
    assert 0 < len(questions(shown)) < db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    cards = [page[page.index("<fieldset") : page.index("<button")] for page in (shown, respondent)]
    assert cards[0] == cards[1]  # every card and the ambassador fields, byte for byte


def test_each_wave_shows_its_own_rotated_set(admin_client, db):
    survey_id = make_survey(db)
    first = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    second = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    one = questions(admin_client.get(f"/admin/waves/{first}/preview").get_data(as_text=True))
    two = questions(admin_client.get(f"/admin/waves/{second}/preview").get_data(as_text=True))
    assert one and two and one != two
    assert questions(admin_client.get(f"/admin/surveys/{survey_id}/preview").get_data(True)) == one


def test_without_a_scheduled_wave_the_next_number_is_previewed(admin_client, db):
    survey_id = make_survey(db)
    page = admin_client.get(f"/admin/surveys/{survey_id}/preview").get_data(as_text=True)
    assert "Preview of wave 1 as a respondent sees it" in page


def test_the_preview_comes_in_both_languages(admin_client, db):
    survey_id = make_survey(db)
    item = db.execute(
        "SELECT text_en, text_nl FROM items WHERE survey_id = ? AND dimension = 'scaling'",
        [survey_id],
    ).fetchone()
    english = admin_client.get(f"/admin/surveys/{survey_id}/preview?lang=en").get_data(True)
    dutch = admin_client.get(f"/admin/surveys/{survey_id}/preview?lang=nl").get_data(True)
    assert item[0] in english and item[1] not in english
    assert item[1] in dutch and "Versturen" in dutch


def test_send_is_switched_off_and_nothing_can_be_posted(admin_client, db):
    survey_id = make_survey(db)
    page = admin_client.get(f"/admin/surveys/{survey_id}/preview").get_data(as_text=True)
    assert re.search(r'<button[^>]*type="submit" disabled>', page)
    assert "data-draft" not in page  # the respondent's script keeps no draft of a preview
    before = everything(db)
    assert admin_client.post(f"/admin/surveys/{survey_id}/preview", data={}).status_code == 405
    assert everything(db) == before


def test_an_unknown_survey_or_wave_is_a_404(admin_client):
    for path in ("/admin/surveys/{}/preview", "/admin/waves/{}/preview"):
        for bad in ("999", "0", "-1", str(2**63), "abc"):
            assert admin_client.get(path.format(bad)).status_code == 404, (path, bad)


def test_viewers_get_no_preview(viewer_client, db):
    survey_id = make_survey(db)
    assert viewer_client.get(f"/admin/surveys/{survey_id}/preview").status_code == 403


def test_the_survey_and_wave_pages_link_to_the_preview(admin_client, db):
    survey_id = make_survey(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    survey = admin_client.get(f"/admin/surveys/{survey_id}").get_data(as_text=True)
    assert f"/admin/surveys/{survey_id}/preview?lang=nl" in survey
    wave = admin_client.get(f"/admin/waves/{wave_id}").get_data(as_text=True)
    assert f"/admin/waves/{wave_id}/preview?lang=en" in wave
