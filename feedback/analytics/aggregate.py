"""Per-group sums of a wave's answers in one GROUP BY: the raw material of every figure.

`grouped` aggregates the score table per group (cached per wave state); `group_stats` returns
raw, unprotected sums; `figures` turns one group into the JSON-ready numbers (means, index,
NPS). Pages, the API and exports never show these without the release guard
(`feedback.analytics.guard.protect`) in between. Nothing here writes (see `cache`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from feedback.analytics import rollups
from feedback.analytics.cache import cached
from feedback.analytics.nps import DETRACTOR_UP_TO, PROMOTER_FROM, nps
from feedback.analytics.query import Query
from feedback.analytics.readiness import barrier_point, readiness_index
from feedback.analytics.sql import ALL, group_columns
from feedback.domain import DIMENSIONS, MEASURES, ROLES, TENURE_BANDS


@dataclass
class GroupStats:
    """Raw sums for one group: respondents, and per measure the answer count and sum."""

    segment: str
    parent: str | None = None
    n: int = 0
    count: dict[str, int] = field(default_factory=dict)
    total: dict[str, float] = field(default_factory=dict)
    promoters: int = 0
    detractors: int = 0

    def mean(self, measure: str, k: int) -> float | None:
        """The measure's mean, or None when fewer than k answered it."""
        answered = self.count.get(measure, 0)
        if answered < k or answered == 0:
            return None
        return round(self.total[measure] / answered, 2)


def grouped(db: sqlite_utils.Database, q: Query, aggregates: str) -> list[tuple]:
    """Rows (group, parent, respondents, *aggregates) over the wave's released scores in the
    query's population, by its breakdown; `aggregates` is SQL over the columns of
    analytics_scores (alias r). Cached per wave state."""
    grp, parent = group_columns(q.by)
    where, params = q.population.where("r")

    def compute() -> list[list]:
        rows = db.execute(
            f"""SELECT {grp}, {parent}, COUNT(*), {aggregates}
                FROM analytics_scores r WHERE r.wave_id = ?{where}
                GROUP BY 1, 2 ORDER BY 2, 1""",
            [q.wave_id, *params],
        ).fetchall()
        return [list(r) for r in rows]

    key = f"grouped:{q.key()}:{aggregates}"
    return [tuple(r) for r in cached(db, q.wave_id, key, compute)]


def group_stats(db: sqlite_utils.Database, q: Query) -> list[GroupStats]:
    """Raw aggregates per group of the query's breakdown (None: one group, ALL) over its
    population's released responses, sorted by parent and name. A measure's mean is the mean
    of the respondents' own means over that dimension's items. Unfiltered breakdowns read the
    rollups, filtered ones the score table (cached)."""
    if not q.filters:
        rows = rollups.read(db, q.wave_id, q.by, q.departments)
    else:
        sums = ", ".join(f"COUNT(r.{m}), SUM(r.{m})" for m in MEASURES)
        rows = grouped(
            db,
            q,
            f"{sums}, SUM(r.advocacy >= {PROMOTER_FROM}), SUM(r.advocacy <= {DETRACTOR_UP_TO})",
        )
    out: list[GroupStats] = []
    for g, p, n, *rest in rows:
        pairs = rest[: 2 * len(MEASURES)]
        count = {m: int(pairs[2 * i]) for i, m in enumerate(MEASURES) if pairs[2 * i]}
        total = {m: float(pairs[2 * i + 1]) for i, m in enumerate(MEASURES) if pairs[2 * i]}
        out.append(GroupStats(g, p, int(n), count, total, int(rest[-2] or 0), int(rest[-1] or 0)))
    if q.by in NATURAL_ORDER:
        out.sort(key=lambda s: natural_key(q.by, s.segment))
    return out


# Segments whose values have an order of their own (tenure bands from new to long-serving).
NATURAL_ORDER = {"tenure_band": TENURE_BANDS, "role": ROLES}


def natural_key(by: str | None, segment: Any) -> tuple[int, str]:
    """Sort key: a segment's own order where it has one, else the name."""
    order = NATURAL_ORDER.get(by or "", ())
    return (order.index(segment) if segment in order else len(order), str(segment))


def figures(stats: GroupStats, k: int) -> dict[str, Any]:
    """JSON-ready figures of one group that the engine has let through: respondent count,
    dimension means (1-5), readiness index (0-100), scaling and advocacy means (0-10), NPS,
    barrier point. A measure answered by fewer than k people is None."""
    means = {d: stats.mean(d, k) for d in DIMENSIONS}
    answered = stats.count.get("advocacy", 0)
    return {
        "n": stats.n,
        "dimensions": means,
        "readiness_index": readiness_index(means),
        "scaling": stats.mean("scaling", k),
        "advocacy": stats.mean("advocacy", k),
        "nps": nps(stats.promoters, stats.detractors, answered) if answered >= k else None,
        "barrier_point": barrier_point(means),
    }


def as_rows(stats: list[GroupStats]) -> list[dict[str, Any]]:
    """Rows for `protect_groups`: segment, parent, n and the stats object itself."""
    return [{"segment": s.segment, "parent": s.parent, "n": s.n, "stats": s} for s in stats]


def merge(stats: list[GroupStats], segment: str = ALL) -> GroupStats:
    """Several groups summed into one (the population's total)."""
    out = GroupStats(segment)
    for s in stats:
        out.n += s.n
        out.promoters += s.promoters
        out.detractors += s.detractors
        for m, c in s.count.items():
            out.count[m] = out.count.get(m, 0) + c
            out.total[m] = out.total.get(m, 0) + s.total[m]
    return out
