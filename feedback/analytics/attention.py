"""Where to act first: every breakdown searched for groups whose diagnosis names a barrier.

A change manager should not have to know which breakdown tells the story. Each segment kind is
read through `results()` (so the release model and the diagnosis are the same as on every
other page), groups with a verdict other than `none` are ranked by people affected times
the gap (100 minus the readiness index), and the first few are returned. A group holding
more than half of the population is the organisation's own picture (the overview's figures
show it), not a segment to act on.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.guard import get_release
from feedback.analytics.query import Query
from feedback.analytics.results import results
from feedback.confidentiality import GroupTooSmall
from feedback.release import KIND_ORDER, scope_key


def where_to_act(db: sqlite_utils.Database, q: Query, limit: int = 8) -> list[dict[str, Any]]:
    """[{by, segment, department (teams), n, readiness_index, diagnosis, weight, comments}]
    ranked; `comments` says whether the release lists this group's comments (by name: a
    team's comments are those of every team of that name). The query's breakdown is not
    used: every breakdown is searched."""
    found = []
    for by in KIND_ORDER:
        try:
            data = results(db, q.breakdown(by))
        except GroupTooSmall:
            return []
        everyone = (data["overall"] or {}).get("n") or 0
        for group in data["groups"]:
            if group.get("suppressed") or group["diagnosis"]["verdict"] == "none":
                continue
            if group["n"] * 2 > everyone:
                continue
            gap = 100 - (group["readiness_index"] or 0)
            found.append({**group, "by": by, "weight": group["n"] * gap})
    found.sort(key=lambda g: (-g["weight"], g["by"], str(g["segment"])))
    scope = scope_key(q.departments)
    release = get_release(db, q.wave_id, scope)
    for group in found[:limit]:
        group["comments"] = (
            release.comment_snapshot(scope, ((group["by"], str(group["segment"])),)) is not None
        )
    return found[:limit]
