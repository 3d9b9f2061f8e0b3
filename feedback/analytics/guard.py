"""The release model as every page, export, API answer and command asks it.

`get_release` reads what was decided for the wave (`feedback.release.decided_release`; the
deciding happens on submission, in `analytics-refresh` and in `tick`), once per request;
`check_filter`, `protect` and `shows_population` apply it to a selection and to a table's rows
(docs/confidentiality.md). Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sqlite_utils
from flask import g, has_app_context

from feedback.analytics.population import Population
from feedback.analytics.query import Query
from feedback.confidentiality import GroupTooSmall
from feedback.release import (
    Release,
    Scope,
    breakdown_conditions,
    check_filters,
    decided_release,
    scope_key,
)


class NotPrepared(Exception):
    """Nothing is decided yet for this wave (or this viewer's departments): being prepared."""


def get_release(db: sqlite_utils.Database, wave_id: int, scope: Scope = None) -> Release:
    """The wave's release as decided, read once per request; NotPrepared when there is none
    for this scope yet."""
    memo: dict | None = None
    if has_app_context():
        memo = g.setdefault("analytics_releases", {})
    key = (id(db), wave_id, scope)
    if memo is not None and key in memo:
        return memo[key]
    release = decided_release(db, wave_id, None if scope == () else scope)
    if release is None:
        raise NotPrepared(f"wave {wave_id} is being prepared")
    if scope == ():  # a viewer without departments: nobody is in scope, nothing is shown
        release = replace(release, figures={}, comments={})
    if memo is not None:
        memo[key] = release
    return release


def forget_releases() -> None:
    """Drop this request's memo (after a wave was prepared anew within it)."""
    if has_app_context():
        g.pop("analytics_releases", None)


def check_filter(db: sqlite_utils.Database, q: Query) -> None:
    """GroupTooSmall unless the query's filtered population of the viewer's scope is released
    in its wave (the unfiltered scope may also be empty); TooManyFilters for more than one
    filter; NotPrepared before the wave's first release."""
    conditions = check_filters(q.filters)
    scope = scope_key(q.departments)
    if get_release(db, q.wave_id, scope).shows(scope, conditions):
        return
    # An empty scope shows an empty page; a filter must be a released group, so an
    # invented value costs no query.
    if conditions or _present(db, q.wave_id, q.departments):
        raise GroupTooSmall("this selection is not released")


def _present(db: sqlite_utils.Database, wave_id: int, departments: Sequence[str] | None) -> bool:
    """Whether anyone of the scope's released responses is in the wave."""
    where, params = Population.make(None, departments).where("r")
    sql = f"SELECT 1 FROM analytics_scores r WHERE r.wave_id = ?{where} LIMIT 1"
    return db.execute(sql, [wave_id, *params]).fetchone() is not None


def protect(
    db: sqlite_utils.Database,
    q: Query,
    rows: Sequence[Mapping[str, Any]],
    keys: Sequence[str] = ("segment", "parent"),
) -> list[dict[str, Any]]:
    """Rows of the query's breakdown (`segment`, `parent` for teams) with every group the
    wave's release does not show replaced by a suppressed row (its key only: no figures, no
    count)."""
    scope = scope_key(q.departments)
    release = get_release(db, q.wave_id, scope)
    out = []
    for row in rows:
        conditions = (*q.filters, *breakdown_conditions(q.by, row["segment"], row.get("parent")))
        if release.shows(scope, conditions):
            out.append(dict(row))
        else:
            out.append({**{k: row[k] for k in keys if k in row}, "suppressed": True})
    return out


def shows_population(db: sqlite_utils.Database, q: Query) -> bool:
    """Whether the query's population itself (scope and filters, no breakdown) is released."""
    scope = scope_key(q.departments)
    return get_release(db, q.wave_id, scope).shows(scope, q.filters)
