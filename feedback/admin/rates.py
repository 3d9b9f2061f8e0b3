"""Response rates per wave and per segment, with small groups hidden (feedback.confidentiality).

Respondents are counted from the responses' own segment snapshot; the invited are counted
from invitations joined to the current roster. A group is shown only when its respondents
number at least the wave's k (and no hidden group can be recovered by subtraction).
Open-link answers have no invitation: a rate counts invited answers only
(feedback.analytics.answers).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.answers import released_open, split, wave_split
from feedback.analytics.guard import NotPrepared, get_release
from feedback.confidentiality import thresholds
from feedback.waves import Wave

RATE_SEGMENTS = ("department", "team", "location", "role", "language")


def wave_totals(db: sqlite_utils.Database, wave_id: int) -> dict[str, Any]:
    invited, sent, reminded = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(invited), 0), COALESCE(SUM(reminders > 0), 0) "
        "FROM invitations WHERE wave_id = ?",
        [wave_id],
    ).fetchone()
    answers = wave_split(db, wave_id)  # released responses only (snapshots)
    return {
        "invited": invited,
        "sent": sent,
        "reminded": reminded,
        "n": answers.n,
        "open": answers.open,
        "rate": answers.rate(invited),
    }


def segment_rates(
    db: sqlite_utils.Database, wave_id: int, segment: str, k: int
) -> list[dict[str, Any]]:
    """One row per value of the segment: value, invited, n (respondents), rate; or suppressed."""
    if segment not in RATE_SEGMENTS:
        raise ValueError(f"unknown segment {segment}")
    invited = dict(
        db.execute(
            f"SELECT p.{segment}, COUNT(*) FROM invitations i JOIN people p ON p.id = i.person_id "
            f"WHERE i.wave_id = ? GROUP BY p.{segment}",
            [wave_id],
        ).fetchall()
    )
    responded = dict(
        db.execute(
            f"SELECT {segment}, COUNT(*) FROM analytics_scores WHERE wave_id = ? "
            f"GROUP BY {segment}",
            [wave_id],
        ).fetchall()
    )
    opened = released_open(db, wave_id, segment)
    rows = [
        {
            "value": value,
            "invited": invited.get(value, 0),
            "n": responded.get(value, 0),
            "rate": split(responded.get(value, 0), opened.get(value, 0), k).rate(
                invited.get(value, 0)
            ),
        }
        for value in sorted(set(invited) | set(responded))
    ]
    try:
        shows = get_release(db, wave_id).shows
    except NotPrepared:  # nothing decided yet: nothing shown per segment
        return [{"value": r["value"], "suppressed": True} for r in rows]
    return [
        r
        if shows(None, ((segment, str(r["value"])),))
        else {"value": r["value"], "suppressed": True}
        for r in rows
    ]


def all_segment_rates(db: sqlite_utils.Database, wave: Wave) -> dict[str, list[dict[str, Any]]]:
    k = thresholds(db, wave.id).k
    return {segment: segment_rates(db, wave.id, segment, k) for segment in RATE_SEGMENTS}
