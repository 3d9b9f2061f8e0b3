"""Per-group sums of a wave's answers in one GROUP BY: the raw material of every figure.

`group_stats` returns raw, unprotected aggregates; `figures` turns one group into the
JSON-ready numbers (means, index, NPS). Pages, the API and exports never show these without
the confidentiality engine (`feedback.confidentiality.protect_groups`) in between.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from feedback.analytics.nps import DETRACTOR_UP_TO, PROMOTER_FROM, nps
from feedback.analytics.population import Population, check_segment
from feedback.analytics.readiness import barrier_point, readiness_index
from feedback.domain import DIMENSIONS, MEASURES, ROLES, TENURE_BANDS

ALL = "all"


def item_dimensions(db: sqlite_utils.Database, survey_id: int) -> dict[int, str]:
    """{item id: dimension} for the survey's scored items (likert dimensions, scaling, advocacy)."""
    rows = db.execute(
        "SELECT id, dimension FROM items WHERE survey_id = ? AND dimension IS NOT NULL "
        "AND kind IN ('likert', 'scale')",
        [survey_id],
    ).fetchall()
    return {int(i): d for i, d in rows}


def group_columns(by: str | None, alias: str = "r") -> tuple[str, str]:
    """SQL for (group, parent) columns. Teams are grouped within their department, because
    team names repeat across departments and a department's figure bounds its teams."""
    if by is None:
        return f"'{ALL}'", "NULL"
    check_segment(by)
    if by == "team":
        return f"{alias}.team", f"{alias}.department"
    return f"{alias}.{by}", "NULL"


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


def group_stats(
    db: sqlite_utils.Database,
    survey_id: int,
    wave_id: int,
    by: str | None,
    population: Population | None = None,
) -> list[GroupStats]:
    """Raw aggregates per group of `by` (None: one group, ALL) over the population's
    responses of the wave, sorted by parent and name. A measure's mean is the mean of the
    respondents' own means over that dimension's items. Unfiltered breakdowns read the
    rollups, filtered ones the score table (cached). `survey_id` is kept for callers."""
    from feedback.analytics import rollups
    from feedback.analytics.scores import ensure_scores, grouped

    population = population or Population()
    if not population.filters:
        if by is not None:
            check_segment(by)
        ensure_scores(db, wave_id)
        rows = rollups.read(db, wave_id, by, population.departments)
    else:
        sums = ", ".join(f"COUNT(r.{m}), SUM(r.{m})" for m in MEASURES)
        rows = grouped(
            db,
            wave_id,
            by,
            population,
            f"{sums}, SUM(r.advocacy >= {PROMOTER_FROM}), SUM(r.advocacy <= {DETRACTOR_UP_TO})",
        )
    out: list[GroupStats] = []
    for g, p, n, *rest in rows:
        pairs = rest[: 2 * len(MEASURES)]
        count = {m: int(pairs[2 * i]) for i, m in enumerate(MEASURES) if pairs[2 * i]}
        total = {m: float(pairs[2 * i + 1]) for i, m in enumerate(MEASURES) if pairs[2 * i]}
        out.append(GroupStats(g, p, int(n), count, total, int(rest[-2] or 0), int(rest[-1] or 0)))
    if by in NATURAL_ORDER:
        out.sort(key=lambda s: natural_key(by, s.segment))
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
