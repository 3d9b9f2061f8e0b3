"""Time-driven work without an admin in the loop: `flask --app wsgi tick`, every few minutes.

One run closes the waves past their closing date (scheduling the next by the cadence), opens
the scheduled waves whose day has come (and e-mails their invitations when mail is
configured), sends the reminders due by each survey's reminder days, and scores pending
comments. Each step asks the database what is still to do, so a second run the same day does
nothing again; a lock row (taken with BEGIN IMMEDIATE, with an expiry in case a run dies)
keeps two overlapping runs from both working.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from feedback.admin import mailer, waves
from feedback.admin.errors import AdminError, Conflict
from feedback.admin.surveys import get_survey, parse_reminder_days
from feedback.scoring.store import score_outdated, score_pending

LOCK_FOR = dt.timedelta(minutes=30)


@dataclass
class Report:
    """What one run did; counts only, never who (a name would tell who has not answered)."""

    closed: int = 0
    scheduled: int = 0
    opened: int = 0
    issued: int = 0
    invited: int = 0
    reminded_waves: int = 0
    scored: int = 0
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def idle(self) -> bool:
        counts = (self.closed, self.opened, self.invited, self.reminded_waves, self.scored)
        return not any(counts) and not self.notes and not self.problems


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def mail_configured(config: Mapping[str, Any]) -> bool:
    """Mail goes out only when a server was set (FEEDBACK_MAIL_SERVER), not to a default."""
    return bool(config.get("MAIL_SERVER"))


def acquire(db: sqlite_utils.Database, holder: str, now: dt.datetime) -> bool:
    """Take the lock unless another run holds it and its expiry has not passed."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        until = conn.execute("SELECT locked_until FROM tick_state WHERE id = 1").fetchone()[0]
        if until and dt.datetime.fromisoformat(until) > now:
            conn.rollback()
            return False
        conn.execute(
            "UPDATE tick_state SET holder = ?, locked_until = ? WHERE id = 1",
            [holder, (now + LOCK_FOR).isoformat()],
        )
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return True


def release(db: sqlite_utils.Database, holder: str, now: dt.datetime) -> None:
    """Drop the lock and record when this run ended."""
    with db.conn:
        db.execute(
            "UPDATE tick_state SET holder = NULL, locked_until = NULL, last_tick = ? "
            "WHERE id = 1 AND holder = ?",
            [now.isoformat(), holder],
        )


def last_tick(db: sqlite_utils.Database) -> dt.datetime | None:
    row = db.execute("SELECT last_tick FROM tick_state WHERE id = 1").fetchone()
    return dt.datetime.fromisoformat(row[0]) if row and row[0] else None


def tick(db: sqlite_utils.Database, config: Mapping[str, Any], today: dt.date) -> Report | None:
    """One run under the lock; None when another run holds it (and nothing was done)."""
    holder = uuid.uuid4().hex
    if not acquire(db, holder, utcnow()):
        return None
    try:
        return run(db, config, today)
    finally:
        release(db, holder, utcnow())


def run(db: sqlite_utils.Database, config: Mapping[str, Any], today: dt.date) -> Report:
    report = Report()
    before = _count(db, "status = 'scheduled'")
    report.closed = len(waves.sweep(db, today))
    report.scheduled = _count(db, "status = 'scheduled'") - before
    _open_due(db, today, report)
    if mail_configured(config):
        _send_invitations(db, config, report)
        _send_reminders(db, config, today, report)
    elif _count(db, "status = 'open'"):
        report.notes.append(
            "Mail is not configured (FEEDBACK_MAIL_SERVER): no invitation or reminder was "
            "e-mailed; export the links from the wave's page instead."
        )
    report.scored = score_pending(db) + score_outdated(db)
    _release_snapshots(db)
    return report


def _release_snapshots(db: sqlite_utils.Database) -> None:
    """Take the snapshots that waiting answers allow and decide their releases
    (docs/confidentiality.md), so that page views find them decided."""
    from feedback.analytics.refresh import prepare_waves

    prepare_waves(db)


def _count(db: sqlite_utils.Database, where: str) -> int:
    return int(db.execute(f"SELECT COUNT(*) FROM waves WHERE {where}").fetchone()[0])


def _open_due(db: sqlite_utils.Database, today: dt.date, report: Report) -> None:
    """Each survey's first scheduled wave whose opening day has come (and closing not gone)."""
    day = today.isoformat()
    due = db.execute(
        "SELECT id, survey_id, number FROM waves w WHERE status = 'scheduled' "
        "AND opens_on <= :d AND closes_on >= :d AND number = (SELECT MIN(number) FROM waves v "
        "WHERE v.survey_id = w.survey_id AND v.status = 'scheduled' AND v.closes_on >= :d)",
        {"d": day},
    ).fetchall()
    for wave_id, survey_id, number in due:
        try:
            issued = waves.open_wave(db, wave_id, today)
        except Conflict as exc:
            report.notes.append(f"Wave {number} of survey {survey_id} was not opened: {exc}")
            continue
        with db.conn:
            db.execute("INSERT OR IGNORE INTO tick_opened_waves (wave_id) VALUES (?)", [wave_id])
        report.opened += 1
        report.issued += issued


def _send_invitations(db: sqlite_utils.Database, config: Mapping[str, Any], report: Report) -> None:
    """E-mail the invitations of the open waves this command opened (a wave an admin opened
    by hand is theirs to send); a failed mailing is retried by the next run."""
    for (wave_id,) in db.execute(
        "SELECT w.id FROM waves w JOIN tick_opened_waves t ON t.wave_id = w.id "
        "WHERE w.status = 'open' ORDER BY w.id"
    ).fetchall():
        try:
            report.invited += mailer.send_invitations(db, config, wave_id)
        except AdminError as exc:
            report.problems.append(f"Invitations of wave {wave_id}: {exc}")


def reminder_days(db: sqlite_utils.Database, wave: dict[str, Any]) -> tuple[list[int], set[int]]:
    """(the survey's reminder days, the days this wave has been reminded on)."""
    try:
        days = parse_reminder_days(get_survey(db, wave["survey_id"])["reminder_days"])
    except ValueError:  # the settings form lets no such value in; remind on no day
        days = []
    done = db.execute("SELECT day FROM wave_reminder_days WHERE wave_id = ?", [wave["id"]])
    return days, {r[0] for r in done}


def _send_reminders(
    db: sqlite_utils.Database, config: Mapping[str, Any], today: dt.date, report: Report
) -> None:
    """One reminder per wave per run at most: days missed while no tick ran are caught up
    with one message, not several. Only those who have not answered get it (send_reminders)."""
    for wave in db.query("SELECT * FROM waves WHERE status = 'open' ORDER BY id"):
        days, done = reminder_days(db, wave)
        elapsed = (today - dt.date.fromisoformat(wave["opens_on"])).days
        come = [d for d in days if d <= elapsed]
        todo = [d for d in come if d not in done]
        if not todo:
            continue
        try:
            mailer.send_reminders(db, config, wave["id"], upto=len(come))
        except AdminError as exc:
            report.problems.append(f"Reminders of wave {wave['id']}: {exc}")
            continue
        with db.conn:
            db.conn.executemany(
                "INSERT OR IGNORE INTO wave_reminder_days (wave_id, day, sent_on) VALUES (?, ?, ?)",
                [(wave["id"], d, today.isoformat()) for d in todo],
            )
        report.reminded_waves += 1


def next_event(db: sqlite_utils.Database, today: dt.date, mail: bool) -> dict[str, Any] | None:
    """The earliest thing a tick will do: a wave opening, a reminder or a closing."""
    events: list[tuple[dt.date, str, int, int]] = []
    for wave in db.query(
        "SELECT * FROM waves WHERE status IN ('scheduled', 'open') AND closes_on >= ?",
        [(today - dt.timedelta(days=1)).isoformat()],
    ):
        opens, closes = (dt.date.fromisoformat(wave[k]) for k in ("opens_on", "closes_on"))
        if wave["status"] == "scheduled":
            if closes >= today:
                events.append((max(opens, today), "opens", wave["survey_id"], wave["number"]))
            continue
        events.append((closes + dt.timedelta(days=1), "closes", wave["survey_id"], wave["number"]))
        if mail:
            days, done = reminder_days(db, wave)
            for d in days:
                on = max(opens + dt.timedelta(days=d), today)
                if d not in done and on <= closes:
                    events.append((on, "reminder", wave["survey_id"], wave["number"]))
    if not events:
        return None
    on, what, survey_id, number = min(events)
    name = get_survey(db, survey_id)["name"]
    return {"on": on, "what": what, "survey_id": survey_id, "survey": name, "number": number}
