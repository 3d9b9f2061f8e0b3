"""Ambassador candidates per segment: high desire, promoters, opted in, and all three.

High desire: the respondent's desire mean is 4 or more; promoter: advocacy 9 or 10; opted in:
responses.ambassador_opt_in = 1. Each count is a sub-count of a shown segment and goes through
`protect_count` (None when it, or the rest of the segment, is a small group).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.aggregate import grouped
from feedback.analytics.guard import protect
from feedback.analytics.nps import PROMOTER_FROM
from feedback.analytics.query import Query
from feedback.confidentiality import protect_count, thresholds

HIGH_DESIRE = 4
COUNTS = ("high_desire", "promoter", "opted_in", "candidate")


def candidate_counts(db: sqlite_utils.Database, q: Query) -> list[dict[str, Any]]:
    """Per segment {segment, parent, n, high_desire, promoter, opted_in, candidate} with each
    count protected (None = too few to show), or {segment, parent, suppressed: True}."""
    k = thresholds(db, q.wave_id).k
    high, promoter = f"r.desire >= {HIGH_DESIRE}", f"r.advocacy >= {PROMOTER_FROM}"
    raw = grouped(
        db,
        q,
        f"SUM({high}), SUM({promoter}), SUM(r.opt_in = 1), "
        f"SUM({high} AND {promoter} AND r.opt_in = 1)",
    )
    rows = [
        {
            "segment": g,
            "parent": p,
            "n": n,
            **dict(zip(COUNTS, (int(c or 0) for c in counts), strict=True)),
        }
        for g, p, n, *counts in raw
    ]
    out = []
    for row in protect(db, q, rows):
        if not row.get("suppressed"):
            row.update({c: protect_count(row[c], row["n"], k) for c in COUNTS})
        out.append(row)
    return out


def contacts(db: sqlite_utils.Database, survey_id: int) -> list[dict[str, Any]]:
    """The opt-in contact list (admins only): name, e-mail, language; stored apart from
    the answers, so it carries no segment, no wave and no date. While a wave of the survey
    is open the list is not released at all: it would grow by a name the moment that person
    answered, next to figures that just changed. Listed in the order of their random ids: a
    random order that stays the same and says nothing about when anyone answered."""
    if contacts_held_back(db, survey_id):
        return []
    return [
        dict(r)
        for r in db.query(
            "SELECT name, email, language FROM ambassadors WHERE survey_id = ? ORDER BY id",
            [survey_id],
        )
    ]


def contacts_held_back(db: sqlite_utils.Database, survey_id: int) -> bool:
    """Whether a wave of the survey is open (then no contact is released)."""
    sql = "SELECT 1 FROM waves WHERE survey_id = ? AND status = 'open' LIMIT 1"
    return db.execute(sql, [survey_id]).fetchone() is not None
