"""The overview of a survey: per wave response rate, readiness, NPS and barrier mix, the
organisation's barrier point, and what changed since the previous wave."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.aggregate import figures, group_stats, merge
from feedback.analytics.barriers import barrier_counts, mix
from feedback.analytics.guard import check_filter, shows_population
from feedback.analytics.population import Population
from feedback.analytics.results import protected_groups
from feedback.analytics.waves import invited, response_rate, survey_waves
from feedback.confidentiality import GroupTooSmall, thresholds
from feedback.domain import DIMENSIONS

TREND_FIGURES = ("readiness_index", "scaling", "nps")


def wave_summary(
    db: sqlite_utils.Database, survey_id: int, wave: dict, population: Population
) -> dict[str, Any]:
    """One wave's protected overall figures: {wave, number, opens_on, k, invited, responded,
    response_rate, figures, barrier_mix, suppressed}; a population below k (or a filter that
    would isolate a small group in this wave) gives suppressed=True and no figures."""
    k = thresholds(db, wave["id"]).k
    head = {"wave": wave["id"], "number": wave["number"], "opens_on": wave["opens_on"], "k": k}
    try:
        check_filter(db, [wave["id"]], population.filters, population.departments)
    except GroupTooSmall:
        return {**head, "suppressed": True}
    total = merge(group_stats(db, survey_id, wave["id"], None, population))
    shown = shows_population(db, wave["id"], population.filters, population.departments)
    if total.n < k or not shown:
        return {**head, "suppressed": True}
    counts: dict[str, int] = {}
    for per_group in barrier_counts(db, wave["id"], None, population).values():
        for b, n in per_group.items():
            counts[b] = counts.get(b, 0) + n
    invitations = invited(db, wave["id"], population)
    return {
        **head,
        "suppressed": False,
        "invited": invitations,
        "responded": total.n,
        "response_rate": response_rate(total.n, invitations),
        "figures": figures(total, k),
        "barrier_mix": mix(counts, k),
    }


def trend(
    db: sqlite_utils.Database, survey_id: int, population: Population | None = None
) -> list[dict[str, Any]]:
    """wave_summary for every reported wave, oldest first."""
    population = population or Population()
    return [wave_summary(db, survey_id, w, population) for w in survey_waves(db, survey_id)]


def _delta(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 2)


def changes(current: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """Deltas of the overall figures between two visible wave summaries."""
    if not previous or current.get("suppressed") or previous.get("suppressed"):
        return None
    now, before = current["figures"], previous["figures"]
    out: dict[str, Any] = {m: _delta(now[m], before[m]) for m in TREND_FIGURES}
    out["dimensions"] = {
        d: _delta(now["dimensions"][d], before["dimensions"][d]) for d in DIMENSIONS
    }
    out["response_rate"] = _delta(current["response_rate"], previous["response_rate"])
    mix_now, mix_before = current.get("barrier_mix"), previous.get("barrier_mix")
    out["barrier_mix"] = (
        {b: _delta(mix_now[b], mix_before[b]) for b in mix_now} if mix_now and mix_before else None
    )
    return out


def movers(
    db: sqlite_utils.Database,
    survey_id: int,
    wave: dict,
    previous: dict | None,
    by: str,
    population: Population,
    limit: int = 5,
) -> list[dict[str, Any]]:
    """Groups of `by` whose readiness index moved most since the previous wave; only groups
    shown (not suppressed) in both waves. [{segment, parent, now, before, delta}]."""
    if previous is None:
        return []
    indexes = []
    for w in (wave, previous):
        k = thresholds(db, w["id"]).k
        rows = protected_groups(db, survey_id, w["id"], by, population, k)
        indexes.append(
            {
                (r["segment"], r["parent"]): figures(r["stats"], k)["readiness_index"]
                for r in rows
                if not r.get("suppressed")
            }
        )
    now, before = indexes
    moved = [
        {
            "segment": key[0],
            "parent": key[1],
            "now": now[key],
            "before": before[key],
            "delta": round(now[key] - before[key], 1),
        }
        for key in now
        if key in before and now[key] is not None and before[key] is not None
    ]
    moved.sort(key=lambda m: -abs(m["delta"]))
    return moved[:limit]
