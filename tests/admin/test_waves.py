"""Waves: scheduling, opening (thresholds locked), closing, cadence, invitations by e-mail."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback.admin import waves
from feedback.admin.errors import Conflict
from feedback.admin.mailer import send_reminders
from tests.factories import make_person, make_survey

TODAY = dt.date.today()


def schedule(client, survey_id, opens, closes):
    return client.post(
        f"/admin/surveys/{survey_id}/waves",
        data={"opens_on": opens.isoformat(), "closes_on": closes.isoformat()},
    )


def wave_row(db, wave_id=None):
    sql = "SELECT number, opens_on, closes_on, status, k_scores, k_comments FROM waves"
    if wave_id is None:
        return db.execute(sql + " ORDER BY id").fetchall()
    return db.execute(sql + " WHERE id = ?", [wave_id]).fetchone()


def test_a_wave_is_scheduled_opened_and_closed_in_the_browser(admin_client, db):
    survey_id = make_survey(db)
    make_person(db)
    response = schedule(admin_client, survey_id, TODAY, TODAY + dt.timedelta(days=14))
    assert response.status_code == 302
    wave_id = db.execute("SELECT id FROM waves").fetchone()[0]
    page = admin_client.post(f"/admin/waves/{wave_id}/open", follow_redirects=True)
    assert "Wave opened: 1 invitation is ready to send." in page.get_data(as_text=True)
    assert wave_row(db, wave_id)[3:] == ("open", 5, 10)
    page = admin_client.post(f"/admin/waves/{wave_id}/close", follow_redirects=True)
    assert "Wave closed." in page.get_data(as_text=True)
    assert wave_row(db, wave_id)[3] == "closed"


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        ("2026-03-10", "2026-03-01", "The closing date must be on or after the opening date."),
        ("10 March", "2026-03-01", "Not a valid date value."),
        ("", "2026-03-01", "This field is required."),
    ],
)
def test_bad_wave_dates_are_refused(admin_client, db, opens, closes, message):
    survey_id = make_survey(db)
    response = admin_client.post(
        f"/admin/surveys/{survey_id}/waves", data={"opens_on": opens, "closes_on": closes}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert wave_row(db) == []


def test_a_wave_cannot_open_without_a_roster(admin_client, db):
    survey_id = make_survey(db)
    schedule(admin_client, survey_id, TODAY, TODAY)
    response = admin_client.post("/admin/waves/1/open")
    assert response.status_code == 409
    assert "The roster is empty." in response.get_data(as_text=True)
    assert wave_row(db)[0][3] == "scheduled"


def test_only_one_wave_of_a_survey_is_open_at_a_time(admin_client, db):
    survey_id = make_survey(db)
    make_person(db)
    first = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    second = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    waves.open_wave(db, first, TODAY)
    response = admin_client.post(f"/admin/waves/{second}/open")
    assert response.status_code == 409
    assert "Another wave of this survey is open. Close it first." in response.get_data(as_text=True)
    assert wave_row(db, second)[3] == "scheduled"


def test_closing_a_wave_that_is_not_open_is_refused(admin_client, db):
    survey_id = make_survey(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    response = admin_client.post(f"/admin/waves/{wave_id}/close")
    assert response.status_code == 409
    assert "Only an open wave can be closed" in response.get_data(as_text=True)


def test_an_unknown_wave_is_a_404(admin_client):
    response = admin_client.get("/admin/waves/404")
    assert response.status_code == 404
    assert "There is no wave with this number." in response.get_data(as_text=True)


def test_opening_copies_and_locks_the_thresholds(db):
    survey_id = make_survey(db)
    make_person(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    db.execute("UPDATE surveys SET k_scores = 6, k_comments = 12")
    db.conn.commit()
    waves.open_wave(db, wave_id, TODAY)
    assert wave_row(db, wave_id)[4:] == (6, 12)


def test_with_a_cadence_closing_schedules_the_next_wave(db):
    survey_id = make_survey(db)
    make_person(db)
    db.execute("UPDATE surveys SET cadence_weeks = 4")
    db.conn.commit()
    opened = dt.date(2026, 1, 5)
    wave_id = waves.schedule_wave(db, survey_id, opened, opened + dt.timedelta(days=10))
    waves.open_wave(db, wave_id, opened)
    waves.close_wave(db, wave_id)
    assert wave_row(db)[1][:4] == (2, "2026-02-02", "2026-02-12", "scheduled")


def test_a_wave_past_its_closing_date_closes_by_itself_and_the_next_is_scheduled(db):
    survey_id = make_survey(db)
    make_person(db)
    db.execute("UPDATE surveys SET cadence_weeks = 2")
    db.conn.commit()
    opened = dt.date(2026, 1, 5)
    wave_id = waves.schedule_wave(db, survey_id, opened, dt.date(2026, 1, 9))
    waves.open_wave(db, wave_id, opened)
    assert waves.sweep(db, dt.date(2026, 1, 9)) == []
    assert waves.sweep(db, dt.date(2026, 1, 10)) == [wave_id]
    assert [r[:4] for r in wave_row(db)] == [
        (1, "2026-01-05", "2026-01-09", "closed"),
        (2, "2026-01-19", "2026-01-23", "scheduled"),
    ]


def test_reminders_need_an_open_wave(db, app):
    survey_id = make_survey(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    with app.app_context(), pytest.raises(Conflict):
        send_reminders(db, app.config, wave_id)


def test_a_scheduled_wave_is_moved(admin_client, db):
    survey_id = make_survey(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    response = admin_client.post(
        f"/admin/waves/{wave_id}/dates",
        data={"opens_on": "2026-05-04", "closes_on": "2026-05-15"},
        follow_redirects=True,
    )
    assert "Dates saved." in response.get_data(as_text=True)
    assert wave_row(db, wave_id)[1:3] == ("2026-05-04", "2026-05-15")


def test_bad_dates_for_a_scheduled_wave_are_refused(admin_client, db):
    survey_id = make_survey(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    response = admin_client.post(
        f"/admin/waves/{wave_id}/dates", data={"opens_on": "2026-05-04", "closes_on": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "The closing date must be on or after the opening date." in response.get_data(
        as_text=True
    )
    assert wave_row(db, wave_id)[1:3] == (TODAY.isoformat(), TODAY.isoformat())


def test_an_open_wave_keeps_its_dates(admin_client, db):
    survey_id = make_survey(db)
    make_person(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    waves.open_wave(db, wave_id, TODAY)
    response = admin_client.post(
        f"/admin/waves/{wave_id}/dates", data={"opens_on": "2026-05-04", "closes_on": "2026-05-15"}
    )
    assert response.status_code == 409
    assert "Only the dates of a scheduled wave can be changed." in response.get_data(as_text=True)
    assert wave_row(db, wave_id)[1:3] == (TODAY.isoformat(), TODAY.isoformat())
