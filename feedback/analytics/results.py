"""`results()`: one wave's protected figures per segment group, JSON-ready.

The single entry point for the API, the exports and the results CLI: it applies the viewer's
department scope, refuses filters that isolate a small group, and runs every group through
the confidentiality engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from feedback.analytics.aggregate import GroupStats, as_rows, figures, group_stats, merge
from feedback.analytics.barriers import TextCounts, comment_counts, mix
from feedback.analytics.diagnosis import diagnose
from feedback.analytics.guard import check_filter, protect, shows_population
from feedback.analytics.quadrants import quadrant_counts
from feedback.analytics.query import Query
from feedback.analytics.sql import ALL
from feedback.confidentiality import protect_count, thresholds
from feedback.waves import get_wave

KEYS = ("segment", "parent")


def protected_groups(db: sqlite_utils.Database, q: Query) -> list[dict[str, Any]]:
    """Protected rows {segment, parent, n, stats} (or {segment, parent, suppressed: True})."""
    return protect(db, q, as_rows(group_stats(db, q)))


@dataclass
class Evidence:
    """Per (group, parent): the comment counts (all classified, and the confident ones the
    diagnosis reads) and the readiness quadrant counts: what the diagnosis reads besides the
    means."""

    comments: dict[Any, TextCounts]
    quadrants: dict

    @classmethod
    def read(cls, db: sqlite_utils.Database, q: Query) -> Evidence:
        quadrants = {(r["segment"], r["parent"]): r for r in quadrant_counts(db, q)}
        return cls(comment_counts(db, q), quadrants)

    def overall(self) -> Evidence:
        """The same evidence summed over every group (the population's total)."""
        return Evidence(
            {(ALL, None): TextCounts.summed(self.comments.values())},
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
    evidence = evidence or Evidence({}, {})
    text = evidence.comments.get(key) or TextCounts()
    out = {**head, **figures(stats, k), "barrier_mix": mix(text, k)}
    quadrant_row = evidence.quadrants.get(key) or {"n": 0, "quadrants": {}}
    shown_quadrants = {
        q: protect_count(c, quadrant_row["n"], k) for q, c in quadrant_row["quadrants"].items()
    }
    found = diagnose(out["dimensions"], stats.n, shown_quadrants, text.confident, k)
    return {**out, "diagnosis": found.as_dict()}


def results(db: sqlite_utils.Database, q: Query) -> dict[str, Any]:
    """Protected results of the query's wave, per group of its breakdown (None: the whole
    population).

    Returns {"survey_id", "wave_id", "wave": number, "date": opens_on, "by", "filters",
    "k", "overall": entry, "groups": [entry, ...]} where an entry is either
    {"segment", ["department" for teams], "n", "dimensions": {dim: mean 1-5 | None},
    "readiness_index": 0-100, "scaling": 0-10, "advocacy": 0-10, "nps": -100..100,
    "barrier_mix": {barrier: %, "unclear": %} | None, "barrier_point": dim | None,
    "diagnosis"} or {"segment", ["department"], "suppressed": True} with no figures and no
    count.

    The query's population carries the viewer's departments. Raises WaveNotFound (a
    LookupError: unknown wave/survey), feedback.confidentiality.GroupTooSmall (a filter that
    shows or isolates < k people) and feedback.analytics.guard.NotPrepared (nothing decided
    for the wave yet).
    """
    wave = get_wave(db, q.wave_id, q.survey_id)
    k = thresholds(db, q.wave_id).k
    check_filter(db, q)
    stats = group_stats(db, q)
    evidence = Evidence.read(db, q)
    rows = protect(db, q, as_rows(stats))
    total = merge(stats)
    if total.n >= k and shows_population(db, q):
        overall = group_result(
            {"segment": ALL, "parent": None, "stats": total}, None, k, evidence.overall()
        )
    else:
        overall = {"segment": ALL, "suppressed": True}
    return {
        "survey_id": q.survey_id,
        "wave_id": q.wave_id,
        "wave": wave.number,
        "date": wave.opens_on,
        "by": q.by,
        "filters": dict(q.filters),
        "k": k,
        "overall": overall,
        "groups": [group_result(r, q.by, k, evidence) for r in rows] if q.by else [],
    }
