"""The waves a dashboard reports on, and response rates per wave."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.population import Population

REPORTED = ("open", "closed")
INVITATION_SEGMENTS = {"department", "team", "location", "role", "language"}


def surveys(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query("SELECT id, name FROM surveys ORDER BY id")]


def survey_waves(db: sqlite_utils.Database, survey_id: int) -> list[dict[str, Any]]:
    """Waves that have opened (open or closed), oldest first."""
    marks = ", ".join("?" * len(REPORTED))
    return [
        dict(r)
        for r in db.query(
            f"SELECT * FROM waves WHERE survey_id = ? AND status IN ({marks}) ORDER BY number",
            [survey_id, *REPORTED],
        )
    ]


def previous_wave(db: sqlite_utils.Database, wave: dict) -> dict | None:
    """The reported wave just before this one, if any."""
    earlier = [w for w in survey_waves(db, wave["survey_id"]) if w["number"] < wave["number"]]
    return earlier[-1] if earlier else None


def invited(db: sqlite_utils.Database, wave_id: int, population: Population) -> int | None:
    """Invitations of the wave within the population (people's current roster segments);
    None when a filter cannot be matched on the roster (tenure band)."""
    if any(s not in INVITATION_SEGMENTS for s, _ in population.filters):
        return None
    where, params = population.where("p")
    if not where:
        sql = "SELECT COUNT(*) FROM invitations WHERE wave_id = ?"
    else:
        sql = (
            "SELECT COUNT(*) FROM invitations i JOIN people p ON p.id = i.person_id "
            f"WHERE i.wave_id = ?{where}"
        )
    return int(db.execute(sql, [wave_id, *params]).fetchone()[0])


def response_rate(responded: int, invitations: int | None) -> float | None:
    """Percentage of invitations answered (one decimal), None without invitations."""
    if not invitations:
        return None
    return round(min(responded, invitations) / invitations * 100, 1)


def reminder_rounds(db: sqlite_utils.Database, wave_id: int) -> int:
    """How many reminder rounds went out for the wave (a count of rounds, not of people)."""
    row = db.execute(
        "SELECT COALESCE(MAX(reminders), 0) FROM invitations WHERE wave_id = ?", [wave_id]
    ).fetchone()
    return int(row[0])
