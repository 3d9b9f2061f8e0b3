"""The free-text barrier mix: shares of knowledge / motivation / access / none per group."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.aggregate import group_columns
from feedback.analytics.cache import cached
from feedback.analytics.population import Population
from feedback.analytics.scores import wave_state
from feedback.domain import BARRIERS

# Ties between classes go to motivation first (docs/adoption-model.md: without a reason to
# learn, training does not land).
TIE_ORDER = ("motivation", "knowledge", "access", "none")


def barrier_counts(
    db: sqlite_utils.Database,
    wave_id: int,
    by: str | None,
    population: Population | None = None,
    confident_at: float | None = None,
) -> dict[tuple[Any, Any], dict[str, int]]:
    """{(group, parent): {barrier: classified comments}} for the wave (raw, unprotected);
    with `confident_at`, only comments whose class the scorer gave at least that
    probability (the diagnosis counts those only)."""
    population = population or Population()
    grp, parent = group_columns(by)
    where, params = population.where("r")
    if confident_at is not None:
        where += (
            " AND max(coalesce(c.p_knowledge, 0), coalesce(c.p_motivation, 0), "
            f"coalesce(c.p_access, 0), coalesce(c.p_none, 0)) >= {float(confident_at)!r}"
        )
    marks = ", ".join("?" * len(BARRIERS))
    wave_state(db, wave_id)  # released responses up to date: only those are counted

    def compute() -> list[list]:
        found = db.execute(
            f"""SELECT {grp}, {parent}, c.barrier, COUNT(*)
                FROM comments c JOIN analytics_scores r
                     ON r.wave_id = c.wave_id AND r.response_id = c.response_id
                WHERE c.wave_id = ? AND c.barrier IN ({marks}){where}
                GROUP BY 1, 2, 3""",
            [wave_id, *BARRIERS, *params],
        ).fetchall()
        return [list(r) for r in found]

    key = f"barriers:{by}:{population.key()}:{confident_at}:{_labels_stamp(db, wave_id)}"
    rows = cached(db, wave_id, key, compute)
    out: dict[tuple[Any, Any], dict[str, int]] = {}
    for g, p, barrier, n in rows:
        out.setdefault((g, p), {})[barrier] = n
    return out


def _labels_stamp(db: sqlite_utils.Database, wave_id: int) -> str:
    """What the wave's labels look like now: classified comments per barrier (from the
    covering index) and the latest label correction, so relabelling invalidates the cache."""
    counts = db.execute(
        "SELECT barrier, COUNT(*) FROM comments WHERE wave_id = ? AND barrier IS NOT NULL "
        "GROUP BY 1",
        [wave_id],
    ).fetchall()
    corrected = db.execute("SELECT MAX(id) FROM label_corrections").fetchone()[0]
    return repr((sorted(counts), corrected))


def mix(counts: dict[str, int] | None, k: int) -> dict[str, float] | None:
    """Percentages per barrier (one decimal), or None when fewer than k comments are
    classified (a mix of two comments says nothing and points at people)."""
    total = sum((counts or {}).values())
    if total < k or total == 0:
        return None
    return {b: round((counts or {}).get(b, 0) / total * 100, 1) for b in BARRIERS}


def dominant(shares: dict[str, float] | None, among: tuple[str, ...] = BARRIERS) -> str | None:
    """The barrier (of `among`) with the largest share, None if all are 0; ties go to
    motivation, then knowledge."""
    if not shares:
        return None
    order = [b for b in TIE_ORDER if b in among]
    best = max(order, key=lambda b: (shares.get(b, 0), -order.index(b)))
    return best if shares.get(best, 0) > 0 else None
