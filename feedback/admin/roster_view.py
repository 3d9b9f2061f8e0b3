"""The roster as the admin page lists it: searched, sorted, a page at a time, and counted per
segment."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlite_utils

from feedback.domain import SEGMENTS
from feedback.segments import tenure_band

# The columns the list can be sorted by, and the SQL each stands for.
SORTS = {
    "email": "email",
    "department": "department",
    "team": "team",
    "location": "location",
    "role": "role",
    "language": "language",
    "status": "active",
}


def _where(search: str) -> tuple[str, list[str]]:
    if not search:
        return "", []
    like = "%" + search.replace("\\", "").replace("%", "").replace("_", "") + "%"
    return "WHERE email LIKE ? OR department LIKE ? OR team LIKE ? OR location LIKE ?", [like] * 4


def count_people(db: sqlite_utils.Database, search: str) -> int:
    where, params = _where(search)
    return db.execute(f"SELECT COUNT(*) FROM people {where}", params).fetchone()[0]


def list_people(
    db: sqlite_utils.Database, search: str, sort: str | None, descending: bool, page: int, size: int
) -> list[dict]:
    """One page of people matching `search`; by default the active first, by department."""
    where, params = _where(search)
    if sort in SORTS:
        direction = "DESC" if descending else "ASC"
        order = f"{SORTS[sort]} {direction}, email {direction}"
    else:
        order = "active DESC, department, email"
    sql = f"SELECT * FROM people {where} ORDER BY {order} LIMIT ? OFFSET ?"
    return list(db.query(sql, [*params, size, (page - 1) * size]))


def segment_counts(db: sqlite_utils.Database, today: dt.date) -> dict[str, list[tuple[str, int]]]:
    """Active people per value of every segment over the whole roster, most first.

    These are exact counts of small groups, and they are no confidentiality leak: the roster
    itself, person by person, is on the same admin-only page. The guard protects answers,
    and nothing here comes from an answer. These counts are never shown to viewers.
    """
    rows = list(db.query("SELECT * FROM people WHERE active = 1"))
    counts: dict[str, list[tuple[str, int]]] = {}
    for segment in SEGMENTS:
        if segment == "tenure_band":
            values = Counter(tenure_band(r["start_date"], today) for r in rows)
        else:
            values = Counter(str(r[segment]) for r in rows)
        counts[segment] = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    return counts
