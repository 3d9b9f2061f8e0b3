"""The release model as every page, export, API answer and command asks it.

`get_release` brings the wave up to date (the next snapshot, `ensure_scores`) and returns
what it releases (`feedback.release.current_release`); `check_filter`, `protect` and
`shows_population` apply it to a selection and to a table's rows (docs/confidentiality.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlite_utils

from feedback.analytics.population import Population
from feedback.analytics.scores import ensure_scores
from feedback.confidentiality import GroupTooSmall
from feedback.release import (
    Release,
    Scope,
    breakdown_conditions,
    check_filters,
    current_release,
    scope_key,
)


def get_release(db: sqlite_utils.Database, wave_id: int, scope: Scope = None) -> Release:
    """The wave's release, brought up to date: new answers, new scopes."""
    ensure_scores(db, wave_id)
    return current_release(db, wave_id, scope)


def check_filter(
    db: sqlite_utils.Database,
    wave_ids: Iterable[int],
    filters: Mapping[str, str] | Sequence[tuple[str, str]] | None,
    departments: Sequence[str] | None = None,
) -> None:
    """GroupTooSmall unless, in every wave, the filtered population of the viewer's scope is
    released (the unfiltered scope may also be empty); TooManyFilters for more than one
    filter."""
    conditions = check_filters(filters)
    scope = scope_key(departments)
    for wave_id in wave_ids:
        if get_release(db, wave_id, scope).shows(scope, conditions):
            continue
        # An empty scope shows an empty page; a filter must be a released group, so an
        # invented value costs no query and leaves nothing behind in the cache.
        if conditions or _present(db, wave_id, departments):
            raise GroupTooSmall("this selection is not released")


def _present(db: sqlite_utils.Database, wave_id: int, departments: Sequence[str] | None) -> bool:
    """Whether anyone of the scope's released responses is in the wave."""
    where, params = Population.make(None, departments).where("r")
    sql = f"SELECT 1 FROM analytics_scores r WHERE r.wave_id = ?{where} LIMIT 1"
    return db.execute(sql, [wave_id, *params]).fetchone() is not None


def protect(
    db: sqlite_utils.Database,
    wave_id: int,
    rows: Sequence[Mapping[str, Any]],
    by: str | None,
    filters: Sequence[tuple[str, str]],
    departments: Sequence[str] | None,
    keys: Sequence[str] = ("segment", "parent"),
) -> list[dict[str, Any]]:
    """Rows of a breakdown (`segment`, `parent` for teams) with every group the wave's release
    does not show replaced by a suppressed row (its key only: no figures, no count)."""
    scope = scope_key(departments)
    release = get_release(db, wave_id, scope)
    out = []
    for row in rows:
        conditions = (*filters, *breakdown_conditions(by, row["segment"], row.get("parent")))
        if release.shows(scope, conditions):
            out.append(dict(row))
        else:
            out.append({**{k: row[k] for k in keys if k in row}, "suppressed": True})
    return out


def shows_population(
    db: sqlite_utils.Database,
    wave_id: int,
    filters: Sequence[tuple[str, str]],
    departments: Sequence[str] | None,
) -> bool:
    """Whether the population itself (scope and filters, no breakdown) is released."""
    scope = scope_key(departments)
    return get_release(db, wave_id, scope).shows(scope, filters)
