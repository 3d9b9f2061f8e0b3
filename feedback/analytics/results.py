"""`results()`: one wave's protected figures per segment group, JSON-ready.

The single entry point for the API, the exports and the results CLI: it applies the viewer's
department scope, refuses filters that isolate a small group, and runs every group through
the confidentiality engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from feedback.analytics.aggregate import ALL, GroupStats, as_rows, figures, group_stats, merge
from feedback.analytics.barriers import barrier_counts, mix
from feedback.analytics.diagnosis import diagnose
from feedback.analytics.guard import check_filter, protect, shows_population
from feedback.analytics.population import Population, check_segment, scope_of
from feedback.analytics.quadrants import quadrant_counts
from feedback.confidentiality import Thresholds, protect_count, thresholds
from feedback.scoring.model import CONFIDENT_AT
from feedback.waves import get_wave

KEYS = ("segment", "parent")


def protected_groups(
    db: sqlite_utils.Database,
    survey_id: int,
    wave_id: int,
    by: str | None,
    population: Population,
    k: int,
) -> list[dict[str, Any]]:
    """Protected rows {segment, parent, n, stats} (or {segment, parent, suppressed: True})."""
    stats = group_stats(db, survey_id, wave_id, by, population)
    return protect(db, wave_id, as_rows(stats), by, population.filters, population.departments)


@dataclass
class Evidence:
    """Per (group, parent): barrier counts of all classified comments, of the confident
    ones, and the readiness quadrant counts: what the diagnosis reads besides the means."""

    barriers: dict
    confident: dict
    quadrants: dict

    @classmethod
    def read(
        cls,
        db: sqlite_utils.Database,
        survey_id: int,
        wave_id: int,
        by: str | None,
        pop: Population,
    ) -> Evidence:
        quadrants = {
            (r["segment"], r["parent"]): r for r in quadrant_counts(db, survey_id, wave_id, by, pop)
        }
        return cls(
            barrier_counts(db, wave_id, by, pop),
            barrier_counts(db, wave_id, by, pop, confident_at=CONFIDENT_AT),
            quadrants,
        )

    def overall(self) -> Evidence:
        """The same evidence summed over every group (the population's total)."""
        return Evidence(
            {(ALL, None): _summed(self.barriers.values())},
            {(ALL, None): _summed(self.confident.values())},
            {
                (ALL, None): {
                    "n": sum(r["n"] for r in self.quadrants.values()),
                    "quadrants": _summed(r["quadrants"] for r in self.quadrants.values()),
                }
            },
        )


def _summed(dicts: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in dicts:
        for key, n in d.items():
            out[key] = out.get(key, 0) + int(n or 0)
    return out


def group_result(
    row: dict[str, Any], by: str | None, k: int, evidence: Evidence | None = None
) -> dict[str, Any]:
    """The JSON-ready entry for one protected row (no figures when suppressed), with its
    diagnosis (feedback.analytics.diagnosis)."""
    head: dict[str, Any] = {"segment": row["segment"]}
    if by == "team":
        head["department"] = row["parent"]
    if row.get("suppressed"):
        return {**head, "suppressed": True}
    stats: GroupStats = row["stats"]
    key = (row["segment"], row["parent"])
    evidence = evidence or Evidence({}, {}, {})
    out = {**head, **figures(stats, k), "barrier_mix": mix(evidence.barriers.get(key), k)}
    quadrant_row = evidence.quadrants.get(key) or {"n": 0, "quadrants": {}}
    shown_quadrants = {
        q: protect_count(c, quadrant_row["n"], k) for q, c in quadrant_row["quadrants"].items()
    }
    found = diagnose(out["dimensions"], stats.n, shown_quadrants, evidence.confident.get(key), k)
    return {**out, "diagnosis": found.as_dict()}


def results(
    db: sqlite_utils.Database,
    survey_id: int,
    wave_id: int,
    by: str | None = None,
    user: object | None = None,
    filters: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Protected results of one wave, per group of segment `by` (None: the whole population).

    Returns {"survey_id", "wave_id", "wave": number, "date": opens_on, "by", "filters",
    "k", "overall": entry, "groups": [entry, ...]} where an entry is either
    {"segment", ["department" for teams], "n", "dimensions": {dim: mean 1-5 | None},
    "readiness_index": 0-100, "scaling": 0-10, "advocacy": 0-10, "nps": -100..100,
    "barrier_mix": {barrier: %} | None, "barrier_point": dim | None}
    or {"segment", ["department"], "suppressed": True} with no figures and no count.

    `user` limits the population to user.departments (None: everyone). Raises WaveNotFound
    (a LookupError: unknown wave/survey), UnknownSegment (bad `by` or filter) and
    feedback.confidentiality.GroupTooSmall (a filter that shows or isolates < k people).
    """
    wave = get_wave(db, wave_id, survey_id)
    if by is not None:
        check_segment(by)
    limits: Thresholds = thresholds(db, wave_id)
    k = limits.k
    departments = scope_of(user)
    check_filter(db, [wave_id], filters, departments)
    population = Population.make(filters, departments)
    stats = group_stats(db, survey_id, wave_id, by, population)
    evidence = Evidence.read(db, survey_id, wave_id, by, population)
    rows = protect(db, wave_id, as_rows(stats), by, population.filters, population.departments)
    total = merge(stats)
    if total.n >= k and shows_population(db, wave_id, population.filters, departments):
        overall = group_result(
            {"segment": ALL, "parent": None, "stats": total}, None, k, evidence.overall()
        )
    else:
        overall = {"segment": ALL, "suppressed": True}
    return {
        "survey_id": survey_id,
        "wave_id": wave_id,
        "wave": wave.number,
        "date": wave.opens_on,
        "by": by,
        "filters": dict(population.filters),
        "k": k,
        "overall": overall,
        "groups": [group_result(r, by, k, evidence) for r in rows] if by else [],
    }
