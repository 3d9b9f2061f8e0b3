"""Invitations and reminders of the next wave carry what changed and the public page's link."""

from __future__ import annotations

from tests.factories import invite, make_person
from tests.updates.conftest import SECRET, publish


def body(smtp, message) -> str:
    return smtp.body(message)


def test_invitation_and_reminder_carry_the_latest_change_and_the_link(
    admin_client, db, published, smtp
):
    dutch = make_person(db, department="Sales", language="nl")
    invite(db, published.open_wave, dutch)
    slug = db.execute("SELECT slug FROM survey_slugs").fetchone()[0]
    assert admin_client.post(f"/admin/waves/{published.open_wave}/send").status_code == 302
    assert admin_client.post(f"/admin/waves/{published.open_wave}/remind").status_code == 302
    email = db.execute("SELECT email FROM people WHERE id = ?", [published.person_id]).fetchone()
    english = smtp.to(email[0])
    assert len(english) == 2  # the invitation and the reminder
    for message in english:
        text = body(smtp, message)
        # the latest day's publications (all three were published today; Tiny's is hidden)
        assert "Since the last round: Sales gets a key user (in progress); " in text
        assert "Weekly tips in the newsletter (done)" in text
        assert f"https://pulse.example.org/updates/{slug}?lang=en" in text
        assert SECRET not in text
    email = db.execute("SELECT email FROM people WHERE id = ?", [dutch]).fetchone()
    dutch_mails = smtp.to(email[0])
    assert len(dutch_mails) == 2
    assert "Sales gets a key user (nl) (bezig)" in body(smtp, dutch_mails[0])
    assert f"/updates/{slug}?lang=nl" in body(smtp, dutch_mails[0])


def test_only_the_latest_days_publications(admin_client, db, org, smtp):
    publish(db, org.survey_id, "organisation", "", "Older news")
    with db.conn:
        db.execute("UPDATE actions SET published_on = '2026-01-01'")
    publish(db, org.survey_id, "organisation", "", "Fresh news")
    admin_client.post(f"/admin/waves/{org.open_wave}/send")
    [message] = smtp.messages
    assert "Since the last round: Fresh news (planned)" in body(smtp, message)
    assert "Older news" not in body(smtp, message)


def test_no_line_and_no_link_when_nothing_may_be_shown(admin_client, db, org, smtp):
    publish(db, org.survey_id, "department", "Tiny", SECRET)
    admin_client.post(f"/admin/waves/{org.open_wave}/send")
    [message] = smtp.messages
    text = body(smtp, message)
    assert SECRET not in text and "Since the last round" not in text and "/updates/" not in text


def test_the_scheduled_invitation_and_reminder_of_tick_carry_it_too(runner, db, smtp):
    from tests.admin.test_tick import scheduled, tick

    survey_id, _wave_id, [email] = scheduled(db, people=1)
    publish(db, survey_id, "organisation", "", "Office hours every Tuesday")
    tick(runner)
    tick(runner, 3)
    invitation, reminder = smtp.to(email)
    for message in (invitation, reminder):
        assert "Office hours every Tuesday (nl) (gepland)" in body(smtp, message)
