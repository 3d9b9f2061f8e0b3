"""Readiness quadrant counts per group: knowledge score x motivation score, split at 3.

A respondent's knowledge score is the mean of the knowledge and ability items they answered,
the motivation score the mean of awareness and desire; above 3 is high, 3 or lower is low.
Raw counts: the matrix page and the diagnosis protect or use them (feedback.analytics.matrix,
feedback.analytics.diagnosis).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.aggregate import grouped
from feedback.analytics.query import Query
from feedback.domain import QUADRANTS

MIDPOINT = 3


def quadrant_counts(db: sqlite_utils.Database, q: Query) -> list[dict[str, Any]]:
    """Raw rows {segment, parent, n, quadrants: {q: count}} (unprotected)."""
    m = MIDPOINT
    rows = grouped(
        db,
        q,
        f"""SUM(r.kn > {m} AND r.mo > {m}), SUM(r.kn <= {m} AND r.mo > {m}),
            SUM(r.kn > {m} AND r.mo <= {m}), SUM(r.kn <= {m} AND r.mo <= {m})""",
    )
    return [
        {
            "segment": g,
            "parent": p,
            "n": n,
            "quadrants": dict(zip(QUADRANTS, (int(c or 0) for c in counts), strict=True)),
        }
        for g, p, n, *counts in rows
    ]
