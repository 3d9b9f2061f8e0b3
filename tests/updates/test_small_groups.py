"""A published action for a group too small to show never reaches an employee: not on the
form, the thank-you page, the public page (either language) nor in an e-mail."""

from __future__ import annotations

from tests.updates.conftest import SECRET, publish
from tests.updates.test_pages import answer, slug_of, text


def test_a_too_small_groups_action_is_on_no_public_surface(admin_client, client, db, org, smtp):
    publish(db, org.survey_id, "department", "Tiny", SECRET)
    publish(db, org.survey_id, "department", "Support", "Support too")  # kept out to shield Tiny
    slug = slug_of(db, org.survey_id)
    pages = [client.get(f"/updates/{slug}?lang={lang}") for lang in ("en", "nl")] + [
        client.get(f"/s/{org.token}?lang={lang}") for lang in ("en", "nl")
    ]
    pages.append(answer(client, db, org))
    admin_client.post(f"/admin/waves/{org.open_wave}/send")
    admin_client.post(f"/admin/waves/{org.open_wave}/remind")
    seen = [text(p) for p in pages] + [smtp.body(m) for m in smtp.messages]
    assert all(p.status_code == 200 for p in pages)
    for shown in seen:
        assert "Tiny" not in shown and "Support too" not in shown
    # The same surfaces do show an action once it is for a released group.
    publish(db, org.survey_id, "department", "Sales", "For Sales")
    assert "For Sales" in text(client.get(f"/updates/{slug}"))


def test_nothing_is_shown_per_group_before_a_wave_closed(client, db):
    from tests.factories import invite, make_person, make_survey, make_wave

    survey_id = make_survey(db)
    wave_id = make_wave(db, survey_id)
    token = invite(db, wave_id, make_person(db))
    publish(db, survey_id, "department", "Sales", "For Sales")
    publish(db, survey_id, "organisation", "", "For everyone")
    page = text(client.get(f"/s/{token}"))
    assert "For everyone" in page and "For Sales" not in page
