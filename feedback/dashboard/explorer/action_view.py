"""What the actions page shows: per segment the recommended interventions, and per action the
change in its segment since the wave it was created in, all through results()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlite_utils

from feedback.analytics.population import scope_of
from feedback.analytics.query import Query
from feedback.analytics.results import results
from feedback.confidentiality import GroupTooSmall
from feedback.dashboard.explorer.action_store import RECOMMENDATIONS
from feedback.domain import ORGANISATION

Results = Callable[[int, str], dict[str, Any] | None]


def group_key(group: dict[str, Any]) -> str:
    """A group's name; teams carry their department, because team names repeat."""
    if group.get("department"):
        return f"{group['department']} / {group['segment']}"
    return str(group["segment"])


def results_lookup(db: sqlite_utils.Database, survey_id: int, user: object | None) -> Results:
    """results() per (wave, by), computed once per request; None when the scope is too small."""
    memo: dict[tuple[int, str], dict[str, Any] | None] = {}

    def get(wave_id: int, by: str) -> dict[str, Any] | None:
        if (wave_id, by) not in memo:
            try:
                q = Query.make(survey_id, wave_id, by, departments=scope_of(user))
                memo[(wave_id, by)] = results(db, q)
            except (GroupTooSmall, LookupError):
                memo[(wave_id, by)] = None
        return memo[(wave_id, by)]

    return get


def recommendations(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """One row per group: its key and, unless suppressed, its diagnosis (the verdict every
    page shows), its n and the interventions that verdict calls for."""
    rows = []
    for group in (data or {}).get("groups", []):
        row: dict[str, Any] = {"key": group_key(group)}
        if group.get("suppressed"):
            row["suppressed"] = True
        else:
            diagnosis = group["diagnosis"]
            row.update(
                barrier=diagnosis["verdict"],
                diagnosis=diagnosis,
                n=group["n"],
                ideas=RECOMMENDATIONS[diagnosis["verdict"]],
                scaling=group.get("scaling"),
                barrier_point=group.get("barrier_point"),
            )
        rows.append(row)
    return rows


def _figures(data: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    if key == ORGANISATION:
        overall = (data or {}).get("overall")
        return None if not overall or overall.get("suppressed") else overall
    for group in (data or {}).get("groups", []):
        if group_key(group) == key:
            return None if group.get("suppressed") else group
    return None


def change_since(action: dict[str, Any], get: Results, latest_wave_id: int | None) -> dict:
    """The segment's scaling mean, readiness index and diagnosis, then and now, or why not
    shown."""
    start = action.get("created_wave_id")
    if start is None or latest_wave_id is None or start == latest_wave_id:
        return {"state": "waiting"}
    whole = action["segment_by"] == ORGANISATION
    by, key = (
        ("department", ORGANISATION) if whole else (action["segment_by"], action["segment_value"])
    )
    then = _figures(get(start, by), key)
    now = _figures(get(latest_wave_id, by), key)
    if then is None or now is None:
        return {"state": "suppressed"}
    out: dict[str, Any] = {"state": "shown"}
    for measure in ("scaling", "readiness_index"):
        before, after = then.get(measure), now.get(measure)
        out[measure] = {
            "before": before,
            "after": after,
            "delta": None if before is None or after is None else round(after - before, 2),
        }
    out["verdict"] = {
        "before": then["diagnosis"]["verdict"],
        "after": now["diagnosis"]["verdict"],
    }
    return out


def visible_to(action: dict[str, Any], departments: tuple[str, ...] | None) -> bool:
    """Whether a viewer limited to `departments` may see an action (by its segment's name)."""
    if departments is None:
        return True
    if action["segment_by"] == "department":
        return action["segment_value"] in departments
    if action["segment_by"] == "team":
        return action["segment_value"].split(" / ", 1)[0] in departments
    return True
