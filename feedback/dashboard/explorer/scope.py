"""Who may see which responses, and the thresholds a wave's figures and comments must meet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from feedback.confidentiality import thresholds
from feedback.domain import SEGMENTS


class NotFound(Exception):
    """The survey or wave does not exist."""


@dataclass(frozen=True)
class Wave:
    id: int
    survey_id: int
    number: int
    opens_on: str
    k_scores: int
    k_comments: int


def get_wave(db: sqlite_utils.Database, survey_id: int, wave_id: int) -> Wave:
    """The wave with its effective thresholds (the wave's own, else the survey's)."""
    rows = list(
        db.query(
            "SELECT id, survey_id, number, opens_on FROM waves WHERE id = ? AND survey_id = ?",
            [wave_id, survey_id],
        )
    )
    if not rows:
        raise NotFound(f"wave {wave_id} of survey {survey_id}")
    limits = thresholds(db, wave_id)
    return Wave(**rows[0], k_scores=limits.k, k_comments=limits.k_comments)


def department_clause(departments: Sequence[str] | None, column: str = "r.department"):
    """SQL limiting responses to a viewer's departments (None means every department)."""
    if departments is None:
        return "1 = 1", []
    if not departments:
        return "0 = 1", []
    marks = ", ".join("?" for _ in departments)
    return f"{column} IN ({marks})", list(departments)


def check_segment(by: str | None) -> str | None:
    """A segment column name from the fixed list, or ValueError (it goes into SQL)."""
    if by in (None, ""):
        return None
    if by not in SEGMENTS:
        raise ValueError(by)
    return by
