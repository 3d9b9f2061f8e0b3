"""Open-link answers counted apart from invited ones, so response rates stay honest.

Counts come from the wave's released responses (its snapshot, like every figure). The split of
a count into open-link and invited answers is shown only when each part is 0 or at least k:
otherwise the split would name a group of 1 … k-1 answers. A rate is invited answers over
invitations; where the split may not be shown, no rate is shown either (rate × invited would
give the split away). The admin's wave page, its per-segment rates and the dashboards' overview
(every filter and department scope) all count this way.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from feedback.analytics.query import Query
from feedback.analytics.state import wave_state
from feedback.confidentiality import thresholds
from feedback.domain import SEGMENTS


@dataclass(frozen=True)
class Split:
    n: int  # all released answers
    open: int | None  # open-link answers; None when the split may not be shown
    invited_answers: int | None

    def rate(self, invited: int) -> int | None:
        if not invited or self.invited_answers is None:
            return None
        return round(100 * min(self.invited_answers, invited) / invited)


def split(n: int, n_open: int, k: int) -> Split:
    parts = (n_open, n - n_open)
    if all(part == 0 or part >= k for part in parts):
        return Split(n, n_open, n - n_open)
    return Split(n, None, None)


def released_open(db: sqlite_utils.Database, wave_id: int, segment: str | None = None) -> dict:
    """Released open-link answers per value of `segment` ({None: count} without one)."""
    if segment is not None and segment not in SEGMENTS:
        raise ValueError(f"unknown segment {segment}")
    wave_state(db, wave_id)
    column = f"s.{segment}" if segment else "NULL"
    rows = db.execute(
        f"SELECT {column}, COUNT(*) FROM analytics_scores s JOIN responses r "
        "ON r.id = s.response_id WHERE s.wave_id = ? AND r.open_link = 1 GROUP BY 1",
        [wave_id],
    ).fetchall()
    return dict(rows)


def wave_split(db: sqlite_utils.Database, wave_id: int) -> Split:
    n = wave_state(db, wave_id)[0]
    return split(n, released_open(db, wave_id).get(None, 0), thresholds(db, wave_id).k)


def population_open(db: sqlite_utils.Database, q: Query) -> int:
    """Released open-link answers in the query's population (its filters and department
    scope) in its wave."""
    wave_state(db, q.wave_id)
    where, params = q.population.where("s")
    row = db.execute(
        "SELECT COUNT(*) FROM analytics_scores s JOIN responses r ON r.id = s.response_id "
        f"WHERE s.wave_id = ? AND r.open_link = 1{where}",
        [q.wave_id, *params],
    ).fetchone()
    return int(row[0])
