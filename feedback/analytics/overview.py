"""The overview of a survey: per wave response rate, readiness, NPS and barrier mix, the
organisation's barrier point, and what changed since the previous wave."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.aggregate import figures, group_stats, merge
from feedback.analytics.answers import population_open, split
from feedback.analytics.barriers import TextCounts, comment_counts, mix
from feedback.analytics.guard import check_filter, shows_population
from feedback.analytics.query import Query
from feedback.analytics.results import protected_groups
from feedback.analytics.waves import invited, response_rate, survey_waves
from feedback.confidentiality import GroupTooSmall, thresholds
from feedback.domain import DIMENSIONS

TREND_FIGURES = ("readiness_index", "scaling", "nps")


def wave_summary(db: sqlite_utils.Database, q: Query, wave: dict) -> dict[str, Any]:
    """One wave's protected overall figures for the query's population: {wave, number,
    opens_on, k, invited, responded, response_rate, figures, barrier_mix, suppressed}; the rate
    counts invited answers only (open-link answers have no invitation; `answers`); a
    population below k (or a filter that would isolate a small group in this wave) gives
    suppressed=True and no figures."""
    k = thresholds(db, wave["id"]).k
    head = {"wave": wave["id"], "number": wave["number"], "opens_on": wave["opens_on"], "k": k}
    q = q.at(wave["id"]).breakdown(None)
    try:
        check_filter(db, q)
    except GroupTooSmall:
        return {**head, "suppressed": True}
    total = merge(group_stats(db, q))
    if total.n < k or not shows_population(db, q):
        return {**head, "suppressed": True}
    counts = TextCounts.summed(comment_counts(db, q).values())
    invitations = invited(db, wave["id"], q.population)
    answers = split(total.n, population_open(db, q), k)
    return {
        **head,
        "suppressed": False,
        "invited": invitations,
        "responded": total.n,
        "response_rate": (
            None
            if answers.invited_answers is None
            else response_rate(answers.invited_answers, invitations)
        ),
        "figures": figures(total, k),
        "barrier_mix": mix(counts, k),
    }


def trend(db: sqlite_utils.Database, q: Query) -> list[dict[str, Any]]:
    """wave_summary for every reported wave of the query's survey, oldest first."""
    return [wave_summary(db, q, w) for w in survey_waves(db, q.survey_id)]


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
    db: sqlite_utils.Database, q: Query, previous: dict | None, limit: int = 5
) -> list[dict[str, Any]]:
    """Groups of the query's breakdown whose readiness index moved most since the previous
    wave; only groups shown (not suppressed) in both waves. [{segment, parent, now, before,
    delta}]."""
    if previous is None:
        return []
    indexes = []
    for wave_id in (q.wave_id, previous["id"]):
        k = thresholds(db, wave_id).k
        rows = protected_groups(db, q.at(wave_id))
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
