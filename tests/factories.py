"""Build survey data through the Python API, for any area's tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import sqlite_utils

from feedback.invitations import issue_invitations
from feedback.survey_template import create_survey_from_template

_counter = itertools.count(1)


def make_survey(
    db: sqlite_utils.Database, name: str = "Pulse", tool: str = "Beehive", **settings: Any
) -> int:
    """A survey with the built-in adoption-pulse items; `settings` such as k_scores and
    k_comments go to the template."""
    return create_survey_from_template(db, name, tool, **settings)


def make_wave(
    db: sqlite_utils.Database,
    survey_id: int,
    status: str = "open",
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    number: int | None = None,
    **thresholds: int | None,
) -> int:
    """A wave open from a week ago until a week from now, unless told otherwise; numbered
    after the survey's last one; `thresholds` are k_scores and k_comments."""
    today = dt.date.today()
    number = (
        number
        or db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM waves WHERE survey_id = ?", [survey_id]
        ).fetchone()[0]
    )
    with db.conn:
        return int(
            db.table("waves")
            .insert(
                {
                    "survey_id": survey_id,
                    "number": number,
                    "opens_on": (opens_on or today - dt.timedelta(days=7)).isoformat(),
                    "closes_on": (closes_on or today + dt.timedelta(days=7)).isoformat(),
                    "status": status,
                    **thresholds,
                }
            )
            .last_pk
        )


RESPONSE_SEGMENTS = {
    "department": "Sales",
    "team": "T",
    "location": "Gent",
    "role": "employee",
    "tenure_band": "unknown",
    "language": "nl",
}


def make_response(
    db: sqlite_utils.Database, wave_id: int, submitted_on: str = "2026-01-01", **columns: Any
) -> int:
    """A response row without answers; every column (segments, ambassador_opt_in) can be
    given."""
    row = {**RESPONSE_SEGMENTS, "wave_id": wave_id, "submitted_on": submitted_on, **columns}
    with db.conn:
        return int(db.table("responses").insert(row).last_pk)


def make_person(db: sqlite_utils.Database, **overrides: Any) -> int:
    """A roster row; every column can be overridden."""
    n = next(_counter)
    row = {
        "email": f"person{n}@example.org",
        "department": "Sales",
        "team": "Inside sales",
        "location": "Gent",
        "role": "employee",
        "manager_email": None,
        "start_date": "2020-01-15",
        "language": "nl",
        "active": 1,
    }
    row.update(overrides)
    with db.conn:
        return int(db.table("people").insert(row).last_pk)


def invite(db: sqlite_utils.Database, wave_id: int, person_id: int) -> str:
    """Invite one person to a wave; returns the link token."""
    return issue_invitations(db, wave_id, [person_id])[person_id]
