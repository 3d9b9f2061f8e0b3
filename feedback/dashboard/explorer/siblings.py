"""Filters checked against their siblings: a filter value hidden in its segment's breakdown
may not be shown on its own either, or the total minus the visible siblings would give it away.

(`check_filter` compares a filter only with the total; two filters, each passing that test,
can still leave a small group as total minus both. Hiding the same groups a breakdown hides
closes that.)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from feedback.analytics.cache import cached
from feedback.analytics.population import Population, check_segment
from feedback.confidentiality import GroupTooSmall, hidden_indices


def visible_values(
    db: sqlite_utils.Database,
    wave_id: int,
    by: str,
    k: int,
    departments: Sequence[str] | None,
    within: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """Values of `by` in the wave that a breakdown at threshold k shows (not hidden)."""
    column = check_segment(by)
    population = Population.make(within, departments)
    where, params = population.where("r")

    def sizes() -> list[list]:
        sql = (
            f"SELECT r.{column}, COUNT(*) FROM responses r WHERE r.wave_id = ?{where} "
            "GROUP BY 1 ORDER BY 1"
        )
        return [list(row) for row in db.execute(sql, [wave_id, *params]).fetchall()]

    rows = cached(db, wave_id, f"explorer-sizes:{column}:{population.key()}", sizes)
    hidden = hidden_indices([n for _v, n in rows], k)
    return [v for i, (v, _n) in enumerate(rows) if i not in hidden]


def check_sibling_filters(
    db: sqlite_utils.Database,
    wave_id: int,
    filters: Sequence[tuple[str, str]],
    k: int,
    departments: Sequence[str] | None,
) -> None:
    """GroupTooSmall when a filter value is one its siblings' breakdown would hide."""
    for i, (segment, value) in enumerate(filters):
        others = [*filters[:i], *filters[i + 1 :]]
        if value not in visible_values(db, wave_id, segment, k, departments, others):
            raise GroupTooSmall(f"{segment} = {value} is hidden among its siblings")
