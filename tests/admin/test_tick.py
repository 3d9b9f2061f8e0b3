"""`flask tick`: waves open and close on their days, reminders follow the survey's schedule,
comments get scored; a second run, or an overlapping one, does nothing twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from feedback.admin import waves
from tests.admin.conftest import free_port
from tests.factories import make_person, make_response, make_survey
from tests.scoring.helpers import add_comments

DAY = dt.date(2031, 3, 3)  # a Monday; the wave opens on it


def on(days: int) -> str:
    return (DAY + dt.timedelta(days=days)).isoformat()


def tick(runner, days: int = 0):
    result = runner.invoke(args=["tick", "--today", on(days)])
    assert result.exit_code == 0, result.output
    return result.output


def scheduled(db, people: int = 2, **settings):
    survey_id = make_survey(db)
    if settings:
        db.table("surveys").update(survey_id, settings)
    emails = [f"p{n}@example.org" for n in range(people)]
    for email in emails:
        make_person(db, email=email)
    wave_id = waves.schedule_wave(db, survey_id, DAY, DAY + dt.timedelta(days=7))
    return survey_id, wave_id, emails


def status(db, wave_id: int) -> str:
    return db.execute("SELECT status FROM waves WHERE id = ?", [wave_id]).fetchone()[0]


def test_a_scheduled_wave_opens_on_its_day_and_its_invitations_go_out(runner, db, smtp):
    _survey, wave_id, emails = scheduled(db)
    assert "Nothing to do." in tick(runner, -1)
    assert status(db, wave_id) == "scheduled" and smtp.messages == []
    output = tick(runner)
    assert status(db, wave_id) == "open"
    assert "1 wave(s) opened, 2 invitations issued." in output
    assert "2 invitations e-mailed." in output
    assert sorted(m["To"] for m in smtp.messages) == emails
    assert "Nothing to do." in tick(runner)
    assert len(smtp.messages) == 2


def test_without_mail_the_wave_opens_and_nothing_is_sent(runner, db, app):
    app.config.pop("MAIL_SERVER", None)
    _survey, wave_id, _emails = scheduled(db)
    output = tick(runner)
    assert status(db, wave_id) == "open"
    assert "Mail is not configured (FEEDBACK_MAIL_SERVER)" in output
    assert db.execute("SELECT SUM(invited) FROM invitations").fetchone()[0] == 0


def test_reminders_go_to_non_respondents_on_their_days_only(runner, db, smtp):
    _survey, wave_id, emails = scheduled(db, people=3)
    tick(runner)
    answered, *others = emails
    person = "SELECT id FROM people WHERE email = ?"
    db.execute(f"UPDATE invitations SET used = 1 WHERE person_id = ({person})", [answered])
    db.conn.commit()

    def reminders() -> list[str]:
        invitation = smtp.messages[0]["Subject"]
        return [m["To"] for m in smtp.messages if m["Subject"] != invitation]

    assert "Nothing to do." in tick(runner, 2)
    assert reminders() == []
    output = tick(runner, 3)
    assert "Reminders went out for 1 wave(s)." in output
    assert not any(e in output for e in emails)  # never who
    assert sorted(reminders()) == others
    tick(runner, 3)
    tick(runner, 4)
    assert sorted(reminders()) == others  # once per scheduled day
    tick(runner, 5)
    assert sorted(reminders()) == sorted(others * 2)
    tick(runner, 6)
    assert len(reminders()) == 4
    assert smtp.to(answered)[0]["Subject"] == smtp.messages[0]["Subject"]
    assert len(smtp.to(answered)) == 1


def test_missed_reminder_days_are_caught_up_with_one_message(runner, db, smtp):
    _survey, _wave_id, emails = scheduled(db, people=1)
    tick(runner)
    tick(runner, 6)  # no tick ran on days 3 and 5
    assert len(smtp.to(emails[0])) == 2  # the invitation and one reminder
    assert "Nothing to do." in tick(runner, 7)


def test_the_reminder_days_come_from_the_survey(runner, db, smtp):
    _survey, _wave_id, emails = scheduled(db, people=1, reminder_days="")
    for day in range(8):
        tick(runner, day)
    assert len(smtp.to(emails[0])) == 1


def test_a_wave_closes_after_its_day_and_the_next_opens_by_the_cadence(runner, db, smtp):
    survey_id, wave_id, emails = scheduled(db, people=1, cadence_weeks=2)
    for day in range(8):
        tick(runner, day)
    assert status(db, wave_id) == "open"  # open through its closing day
    output = tick(runner, 8)
    assert "1 wave(s) closed, 1 next scheduled." in output
    assert status(db, wave_id) == "closed"
    [(next_id, opens_on)] = db.execute(
        "SELECT id, opens_on FROM waves WHERE survey_id = ? AND status = 'scheduled'",
        [survey_id],
    ).fetchall()
    assert opens_on == on(14)
    tick(runner, 13)
    assert status(db, next_id) == "scheduled"
    assert "1 wave(s) opened" in tick(runner, 14)
    assert status(db, next_id) == "open"
    assert len(smtp.to(emails[0])) == 4  # invitation, two reminders, the next invitation


def test_a_refused_invitation_fails_the_run_and_the_next_run_sends_the_rest(runner, db, smtp):
    _survey, wave_id, emails = scheduled(db, people=2)
    smtp.refuse(emails[1])
    result = runner.invoke(args=["tick", "--today", on(0)])
    assert result.exit_code == 1
    assert f"Invitations of wave {wave_id}: The mail server refused the message" in result.output
    assert status(db, wave_id) == "open"
    smtp.refused.clear()
    assert "1 invitations e-mailed." in tick(runner)
    assert sorted(m["To"] for m in smtp.messages) == emails


def test_an_unreachable_mail_server_is_reported_without_names(runner, db, app, smtp):
    _survey, wave_id, emails = scheduled(db, people=1)
    tick(runner)
    port, app.config["MAIL_PORT"] = app.config["MAIL_PORT"], free_port()  # nobody listens
    result = runner.invoke(args=["tick", "--today", on(3)])
    assert result.exit_code == 1
    assert f"Reminders of wave {wave_id}: The mail server 127.0.0.1:" in result.output
    assert emails[0] not in result.output
    app.config["MAIL_PORT"] = port
    assert "Reminders went out for 1 wave(s)." in tick(runner, 3)


def test_pending_comments_are_scored(runner, db):
    add_comments(db, ["waar vind ik de handleiding?", "Love it, use it daily!"])
    assert "2 comments scored." in tick(runner)
    pending = "SELECT COUNT(*) FROM comments WHERE model_version IS NULL"
    assert db.execute(pending).fetchone()[0] == 0
    assert "Nothing to do." in tick(runner)


def test_comments_an_older_model_read_are_scored_again_a_batch_per_run(runner, db, monkeypatch):
    from feedback.scoring import store

    add_comments(db, ["waar vind ik de handleiding?", "Love it, use it daily!", "no login"])
    assert "3 comments scored." in tick(runner)
    current = db.execute("SELECT DISTINCT model_version FROM comments").fetchall()
    with db.conn:
        db.execute("UPDATE comments SET model_version = 'm-older', embedding = NULL")
    monkeypatch.setattr(store, "RESCORE_PER_RUN", 2)
    assert "2 comments scored." in tick(runner)
    assert "1 comments scored." in tick(runner)
    assert "Nothing to do." in tick(runner)
    assert db.execute("SELECT DISTINCT model_version FROM comments").fetchall() == current
    assert db.execute("SELECT COUNT(*) FROM comments WHERE embedding IS NULL").fetchone()[0] == 0


def test_two_overlapping_ticks_do_nothing_twice(runner, db, smtp, monkeypatch):
    _survey, wave_id, emails = scheduled(db)
    started, go = threading.Event(), threading.Event()
    sweep = waves.sweep

    def slow_sweep(*args, **kwargs):
        started.set()
        assert go.wait(10)
        return sweep(*args, **kwargs)

    monkeypatch.setattr(waves, "sweep", slow_sweep)
    outputs: list[str] = []
    first = threading.Thread(target=lambda: outputs.append(tick(runner)))
    first.start()
    assert started.wait(10)
    started.clear()
    assert "Another tick is running; this one did nothing." in tick(runner)
    assert not started.is_set()  # the second run did not even start working
    go.set()
    first.join(10)
    assert "2 invitations e-mailed." in outputs[0]
    assert len(smtp.messages) == 2
    assert "Nothing to do." in tick(runner)
    assert status(db, wave_id) == "open"


def test_a_lock_left_by_a_dead_run_expires(runner, db):
    db.execute(
        "UPDATE tick_state SET holder = 'dead', locked_until = ?",
        [(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat()],
    )
    db.conn.commit()
    assert "Nothing to do." in tick(runner)


def test_the_surveys_page_shows_the_last_tick_and_the_next_event(admin_client, runner, db):
    page = admin_client.get("/admin/surveys").get_data(as_text=True)
    assert "The tick has not run yet" in page
    survey_id, _wave, _emails = scheduled(db)
    db.table("surveys").update(survey_id, {"name": "Kompas pulse"})
    tick(runner, -3)
    page = admin_client.get("/admin/surveys").get_data(as_text=True)
    assert "Last tick:" in page
    assert f"{on(0)}: wave 1 of Kompas pulse opens" in page
    nl = admin_client.get("/admin/surveys?lang=nl").get_data(as_text=True)
    assert f"{on(0)}: golf 1 van Kompas pulse gaat open" in nl


@pytest.mark.parametrize(
    ("typed", "stored"), [("3,5", "3,5"), ("5, 2", "2,5"), ("", ""), ("10", "10")]
)
def test_reminder_days_are_saved(admin_client, db, typed, stored):
    survey_id = make_survey(db)
    response = admin_client.post(f"/admin/surveys/{survey_id}/settings", data=settings(typed))
    assert response.status_code == 302
    saved = db.execute("SELECT reminder_days FROM surveys WHERE id = ?", [survey_id]).fetchone()
    assert saved[0] == stored


@pytest.mark.parametrize("typed", ["0", "3,3", "1,2,3", "three", "61", "3;5", "-2"])
def test_wrong_reminder_days_are_refused_with_a_clear_message(admin_client, db, typed):
    survey_id = make_survey(db)
    response = admin_client.post(f"/admin/surveys/{survey_id}/settings", data=settings(typed))
    assert response.status_code == 400
    assert "Give at most 2 different days after opening" in response.get_data(as_text=True)
    saved = db.execute("SELECT reminder_days FROM surveys WHERE id = ?", [survey_id]).fetchone()
    assert saved[0] == "3,5"


def settings(reminder_days: str) -> dict[str, str]:
    return {
        "name": "Pulse",
        "max_items": "8",
        "cadence_weeks": "",
        "reminder_days": reminder_days,
        "k_scores": "5",
        "k_comments": "10",
    }


def test_the_survey_page_offers_the_reminder_days_in_both_languages(admin_client, db):
    survey_id = make_survey(db)
    page = admin_client.get(f"/admin/surveys/{survey_id}").get_data(as_text=True)
    assert "Reminders on these days after opening (e.g. 3,5; empty: none)" in page
    assert 'value="3,5"' in page
    nl = admin_client.get(f"/admin/surveys/{survey_id}?lang=nl").get_data(as_text=True)
    assert "Herinneringen op deze dagen na de opening" in nl
    refused = admin_client.post(
        f"/admin/surveys/{survey_id}/settings?lang=nl", data=settings("3,3")
    ).get_data(as_text=True)
    assert "Geef hoogstens 2 verschillende dagen na de opening" in refused


def test_tick_takes_the_snapshots_waiting_answers_allow(runner, db):
    survey_id, wave_id, _emails = scheduled(db, people=6)
    tick(runner)
    assert status(db, wave_id) == "open"
    for _ in range(6):
        make_response(db, wave_id, on(1))
    tick(runner, days=1)
    released = db.execute(
        "SELECT max_response_id, snapshot FROM analytics_waves WHERE wave_id = ?", [wave_id]
    ).fetchone()
    assert released is not None and released[0] == 6 and released[1] >= 1
