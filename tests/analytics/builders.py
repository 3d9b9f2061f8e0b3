"""Small SQL builders for analytics tests: a survey from the template, waves and responses
with chosen segments and answers (one value per dimension, applied to all its items)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from feedback.analytics.population import scope_of
from feedback.analytics.query import Query
from feedback.analytics.refresh import prepare
from feedback.analytics.results import results
from feedback.release import current_release, scope_key
from tests.factories import make_response, make_survey, make_wave

SEGMENT_DEFAULTS = {
    "department": "Dept",
    "team": "Team",
    "location": "HQ",
    "role": "employee",
    "tenure_band": "2-5 years",
    "language": "nl",
}


def survey(db: sqlite_utils.Database, k: int = 5, k_comments: int = 10) -> int:
    return make_survey(db, "Pulse", "Kompas", k_scores=k, k_comments=k_comments)


def wave(
    db: sqlite_utils.Database,
    survey_id: int,
    number: int = 1,
    status: str = "closed",
    k: int | None = None,
    k_comments: int | None = None,
) -> int:
    opens = dt.date(2026, 1, 1) + dt.timedelta(weeks=6 * (number - 1))
    closes = opens + dt.timedelta(days=14)
    return make_wave(
        db, survey_id, status, opens, closes, number, k_scores=k, k_comments=k_comments
    )


def items(db: sqlite_utils.Database, survey_id: int) -> dict[str, list[int]]:
    """{dimension or key: [item ids]} for scored items, plus 'step_up' for the text item."""
    out: dict[str, list[int]] = {}
    for row in db.query("SELECT id, key, dimension FROM items WHERE survey_id = ?", [survey_id]):
        out.setdefault(row["dimension"] or row["key"], []).append(row["id"])
    return out


def respond(
    db: sqlite_utils.Database,
    wave_id: int,
    values: dict[str, int] | None = None,
    comment: tuple[str, str] | tuple[str, str, bool] | None = None,
    opt_in: bool = False,
    submitted_on: str = "2026-01-03",
    **segments: str,
) -> int:
    """One response: `values` maps a dimension (or scaling/advocacy) to the value given to
    all its items; `comment` is (text, barrier) or (text, barrier, confident) on the step_up
    item (not confident unless said)."""
    survey_id = db.execute("SELECT survey_id FROM waves WHERE id = ?", [wave_id]).fetchone()[0]
    response_id = make_response(
        db, wave_id, submitted_on, ambassador_opt_in=int(opt_in), **{**SEGMENT_DEFAULTS, **segments}
    )
    ids = items(db, survey_id)
    answers = [
        {"response_id": response_id, "item_id": item_id, "value": value}
        for dim, value in (values or {}).items()
        for item_id in ids[dim]
    ]
    if answers:
        db.table("answers").insert_all(answers)
    if comment:
        db.table("comments").insert(
            {
                "response_id": response_id,
                "wave_id": wave_id,
                "item_id": ids["step_up"][0],
                "text": comment[0],
                "barrier": comment[1],
                "confident": int(bool(comment[2:] and comment[2])),
            }
        )
    return response_id


def uniform(value: int, scaling: int = 6, advocacy: int = 7) -> dict[str, int]:
    """Every dimension at `value`, with the given scaling and advocacy answers."""
    dims = ("awareness", "desire", "knowledge", "ability", "reinforcement")
    return {**dict.fromkeys(dims, value), "scaling": scaling, "advocacy": advocacy}


def group(
    db: sqlite_utils.Database,
    wave_id: int,
    size: int,
    values: dict[str, int] | None = None,
    **segments: str,
) -> None:
    for _ in range(size):
        respond(db, wave_id, values if values is not None else uniform(4), **segments)


def prepared(db: sqlite_utils.Database, wave_id: int, departments: Any = None) -> None:
    """What a submission, `tick` or `analytics-refresh` do before pages read: the wave's
    snapshot and release, also for a viewer with `departments`."""
    prepare(db, wave_id)
    if departments is not None:
        current_release(db, wave_id, scope_key(departments))


def query(
    db: sqlite_utils.Database,
    survey_id: int,
    wave_id: int,
    by: str | None = None,
    filters: Any = None,
    departments: Any = None,
) -> Query:
    """The query a page would build, on the wave prepared."""
    prepared(db, wave_id, departments)
    return Query.make(survey_id, wave_id, by, filters, departments)


def results_of(
    db: sqlite_utils.Database,
    survey_id: int,
    wave_id: int,
    by: str | None = None,
    user: object | None = None,
    filters: Any = None,
) -> dict[str, Any]:
    """results() as the API answers them once the wave is prepared."""
    departments = scope_of(user)
    return results(db, query(db, survey_id, wave_id, by, filters, departments))
