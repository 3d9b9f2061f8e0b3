"""The one wave look-up: a stored wave as a typed value, or WaveNotFound.

It sits beside the database layer, below analytics and the pages, so that every area reads a
wave the same way; each boundary translates WaveNotFound once (a 404 page, a 404 JSON answer,
a ClickException).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


class WaveNotFound(LookupError):
    """There is no wave with this id, or it belongs to another survey."""


@dataclass(frozen=True)
class Wave:
    """A row of `waves`; the thresholds are the wave's own (None until it opens)."""

    id: int
    survey_id: int
    number: int
    opens_on: str
    closes_on: str
    status: str
    k_scores: int | None = None
    k_comments: int | None = None
    item_ids: str | None = None


_COLUMNS = "id, survey_id, number, opens_on, closes_on, status, k_scores, k_comments, item_ids"


def get_wave(db: sqlite_utils.Database, wave_id: int, survey_id: int | None = None) -> Wave:
    """The wave `wave_id` (of `survey_id` when given); WaveNotFound otherwise."""
    row = db.execute(f"SELECT {_COLUMNS} FROM waves WHERE id = ?", [wave_id]).fetchone()
    if row is None or (survey_id is not None and row[1] != survey_id):
        where = f" in survey {survey_id}" if survey_id is not None else ""
        raise WaveNotFound(f"no wave {wave_id}{where}")
    return Wave(*row)
