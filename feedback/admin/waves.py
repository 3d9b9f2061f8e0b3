"""Waves: scheduling, opening (thresholds locked, invitations issued), closing, cadence."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import sqlite_utils
from flask_babel import lazy_gettext as _l

from feedback.admin.errors import AdminError, Conflict
from feedback.admin.rotation import assign_items
from feedback.admin.surveys import get_survey
from feedback.analytics.refresh import prepare
from feedback.invitations import issue_invitations
from feedback.waves import Wave, get_wave

DEFAULT_DAYS_OPEN = 14


def list_waves(db: sqlite_utils.Database, survey_id: int) -> list[dict[str, Any]]:
    """The survey's waves with their invitations and *released* responses (the count moves in
    snapshots, like every figure: docs/confidentiality.md)."""
    from feedback.analytics.state import wave_state

    waves = list(
        db.query(
            "SELECT w.*, (SELECT COUNT(*) FROM invitations i WHERE i.wave_id = w.id) AS invited "
            "FROM waves w WHERE w.survey_id = ? ORDER BY w.number",
            [survey_id],
        )
    )
    for wave in waves:
        wave["responses"] = wave_state(db, wave["id"])[0] if wave["status"] != "scheduled" else 0
    return waves


def schedule_wave(
    db: sqlite_utils.Database, survey_id: int, opens_on: dt.date, closes_on: dt.date
) -> int:
    get_survey(db, survey_id)
    if closes_on < opens_on:
        raise AdminError(_l("The closing date must be on or after the opening date."))
    number = db.execute(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM waves WHERE survey_id = ?", [survey_id]
    ).fetchone()[0]
    row = {
        "survey_id": survey_id,
        "number": number,
        "opens_on": opens_on.isoformat(),
        "closes_on": closes_on.isoformat(),
        "status": "scheduled",
    }
    return cast(int, db.table("waves").insert(row).last_pk)


def reschedule_wave(
    db: sqlite_utils.Database, wave_id: int, opens_on: dt.date, closes_on: dt.date
) -> None:
    """Move a scheduled wave's dates; an open or closed wave keeps its dates."""
    wave = get_wave(db, wave_id)
    if wave.status != "scheduled":
        raise Conflict(_l("Only the dates of a scheduled wave can be changed."))
    if closes_on < opens_on:
        raise AdminError(_l("The closing date must be on or after the opening date."))
    with db.conn:
        db.execute(
            "UPDATE waves SET opens_on = ?, closes_on = ? WHERE id = ? AND status = 'scheduled'",
            [opens_on.isoformat(), closes_on.isoformat(), wave_id],
        )


def open_wave(db: sqlite_utils.Database, wave_id: int, today: dt.date) -> int:
    """Open a scheduled wave now: lock the thresholds, issue invitations. Returns how many."""
    wave = get_wave(db, wave_id)
    if wave.status != "scheduled":
        raise Conflict(_l("Only a scheduled wave can be opened."))
    if dt.date.fromisoformat(wave.closes_on) < today:
        raise Conflict(_l("The closing date of this wave has passed. Schedule a new wave."))
    check_can_open(db, wave.survey_id)
    survey = get_survey(db, wave.survey_id)
    with db.conn:
        db.execute(
            "UPDATE waves SET status = 'open', opens_on = ?, k_scores = ?, k_comments = ? "
            "WHERE id = ? AND status = 'scheduled'",
            [today.isoformat(), survey["k_scores"], survey["k_comments"], wave_id],
        )
    issued = ensure_invitations(db, wave_id)
    prepare(db, wave_id)  # pages read a decided (empty) release from the first day
    return issued


def check_can_open(db: sqlite_utils.Database, survey_id: int) -> None:
    if db.execute(
        "SELECT 1 FROM waves WHERE survey_id = ? AND status = 'open'", [survey_id]
    ).fetchone():
        raise Conflict(_l("Another wave of this survey is open. Close it first."))
    if not db.execute("SELECT 1 FROM people WHERE active = 1").fetchone():
        raise Conflict(_l("The roster is empty. Import the roster before opening a wave."))


def ensure_invitations(db: sqlite_utils.Database, wave_id: int) -> int:
    """Invite every active person without an invitation in this wave; fix the wave's rotated
    item set (the same for every invitee) the first time.

    The tokens issue_invitations returns are dropped on purpose: only hashes are stored, and
    every link that goes out (e-mail, reminder, export) gets a fresh token at that moment.
    """
    issued = issue_invitations(db, wave_id)
    assign_items(db, wave_id)
    return len(issued)


def close_wave(db: sqlite_utils.Database, wave_id: int) -> int | None:
    """Close an open wave and schedule the next one if the survey has a cadence."""
    wave = get_wave(db, wave_id)
    if wave.status != "open":
        raise Conflict(_l("Only an open wave can be closed."))
    with db.conn:
        db.execute("UPDATE waves SET status = 'closed' WHERE id = ?", [wave_id])
    return schedule_next(db, wave)


def schedule_next(db: sqlite_utils.Database, wave: Wave) -> int | None:
    """The next wave, N weeks after this one opened, unless one is already scheduled."""
    survey = get_survey(db, wave.survey_id)
    weeks = survey["cadence_weeks"]
    if not weeks:
        return None
    if db.execute(
        "SELECT 1 FROM waves WHERE survey_id = ? AND number > ?", [survey["id"], wave.number]
    ).fetchone():
        return None
    opened = dt.date.fromisoformat(wave.opens_on)
    length = dt.date.fromisoformat(wave.closes_on) - opened
    opens_on = opened + dt.timedelta(weeks=weeks)
    return schedule_wave(db, survey["id"], opens_on, opens_on + length)


def sweep(db: sqlite_utils.Database, today: dt.date) -> list[int]:
    """Close every open wave whose closing date has passed; returns their ids."""
    due = [
        r["id"]
        for r in db.query(
            "SELECT id FROM waves WHERE status = 'open' AND closes_on < ?", [today.isoformat()]
        )
    ]
    for wave_id in due:
        close_wave(db, wave_id)
    return due


def open_next(db: sqlite_utils.Database, survey_id: int, today: dt.date) -> tuple[Wave, int]:
    """Open the survey's next scheduled wave, or schedule one from today and open it; the wave
    and how many invitations were issued."""
    get_survey(db, survey_id)
    check_can_open(db, survey_id)
    row = db.execute(
        "SELECT id FROM waves WHERE survey_id = ? AND status = 'scheduled' ORDER BY number",
        [survey_id],
    ).fetchone()
    if row:
        wave_id = row[0]
    else:
        closes = today + dt.timedelta(days=DEFAULT_DAYS_OPEN)
        wave_id = schedule_wave(db, survey_id, today, closes)
    issued = open_wave(db, wave_id, today)
    return get_wave(db, wave_id), issued
