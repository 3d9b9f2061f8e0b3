"""Driver analysis: which readiness dimension moves the scaling score, and how low it is.

Per group (only groups of at least MIN_DRIVER_N respondents, and never a suppressed group):
for each dimension the Pearson correlation between respondents' dimension score and their
scaling answer (pairwise complete), and the group mean. Priority = max(r, 0) x (5 - mean) / 4:
a dimension ranks high when it is linked to the outcome and there is room to grow. The top
priority per group is the first of `ranking`.
"""

from __future__ import annotations

import math
from typing import Any

import sqlite_utils

from feedback.analytics.aggregate import grouped
from feedback.analytics.guard import protect
from feedback.analytics.query import Query
from feedback.confidentiality import thresholds
from feedback.domain import DIMENSIONS

MIN_DRIVER_N = 25


def _moments_sql(dims: tuple[str, ...]) -> str:
    parts = []
    for d in dims:
        x, y = f"r.{d}", "r.scaling"
        both = f"({x} IS NOT NULL AND {y} IS NOT NULL)"
        parts += [
            f"SUM({both})",
            f"SUM(CASE WHEN {both} THEN {x} END)",
            f"SUM(CASE WHEN {both} THEN {y} END)",
            f"SUM(CASE WHEN {both} THEN {x} * {x} END)",
            f"SUM(CASE WHEN {both} THEN {y} * {y} END)",
            f"SUM(CASE WHEN {both} THEN {x} * {y} END)",
            f"AVG({x})",
        ]
    return ", ".join(parts)


def pearson(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson r from sums; None when undefined (fewer than 3 pairs or no variance)."""
    if n < 3:
        return None
    vx, vy = n * sxx - sx * sx, n * syy - sy * sy
    if vx <= 1e-9 or vy <= 1e-9:
        return None
    return max(-1.0, min(1.0, (n * sxy - sx * sy) / math.sqrt(vx * vy)))


def _analyse(values: list[Any]) -> list[dict[str, Any]]:
    ranking = []
    for i, dim in enumerate(DIMENSIONS):
        n, sx, sy, sxx, syy, sxy, mean = values[i * 7 : i * 7 + 7]
        r = pearson(int(n or 0), sx or 0, sy or 0, sxx or 0, syy or 0, sxy or 0)
        priority = None
        if mean is not None:
            priority = round(max(r or 0.0, 0.0) * (5 - mean) / 4, 3)
        ranking.append(
            {
                "dimension": dim,
                "r": None if r is None else round(r, 2),
                "mean": None if mean is None else round(mean, 2),
                "priority": priority,
            }
        )
    ranking.sort(key=_rank_key)
    return ranking


def _rank_key(entry: dict[str, Any]) -> tuple[float, float]:
    """Highest priority first; among equals, the lowest mean."""
    mean = entry["mean"]
    return (-(entry["priority"] or 0.0), mean if mean is not None else 9.0)


def driver_analysis(db: sqlite_utils.Database, q: Query) -> list[dict[str, Any]]:
    """Per group: {segment, parent, n, ranking: [{dimension, r, mean, priority}], top} when
    the group has >= MIN_DRIVER_N respondents; {segment, parent, n, too_few: True} for shown
    groups that are smaller; {segment, parent, suppressed: True} for suppressed ones."""
    k = thresholds(db, q.wave_id).k
    raw = grouped(db, q, _moments_sql(DIMENSIONS))
    rows = [{"segment": g, "parent": p, "n": n, "values": rest} for g, p, n, *rest in raw]
    out = []
    for row in protect(db, q, rows):
        if row.get("suppressed"):
            out.append(row)
        elif row["n"] < max(MIN_DRIVER_N, k):
            out.append(
                {"segment": row["segment"], "parent": row["parent"], "n": row["n"], "too_few": True}
            )
        else:
            ranking = _analyse(row["values"])
            top = ranking[0]["dimension"] if ranking[0]["priority"] else None
            out.append(
                {
                    "segment": row["segment"],
                    "parent": row["parent"],
                    "n": row["n"],
                    "ranking": ranking,
                    "top": top,
                }
            )
    return out
