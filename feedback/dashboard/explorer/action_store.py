"""Actions per segment: what the dominant barrier suggests, and what change managers commit to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlite_utils
from flask_babel import lazy_gettext as _l

from feedback.domain import LANGUAGES, ORGANISATION, SEGMENTS

STATUSES = ("open", "in_progress", "done")
# The new-action form's choice of the whole organisation instead of one group of a segment.
WHOLE = "*"
MAX_NOTE = 280  # a published note, per language: one short message, like a post
STATUS_LABELS = {"open": _l("Open"), "in_progress": _l("In progress"), "done": _l("Done")}
BARRIER_LABELS = {
    "knowledge": _l("Knowledge"),
    "motivation": _l("Motivation"),
    "access": _l("Access"),
    "none": _l("No barrier"),
}

# docs/adoption-model.md, "Barrier classes": each class goes to its own interventions.
RECOMMENDATIONS = {
    "knowledge": (_l("Training"), _l("How-to content"), _l("Key-user office hours")),
    "motivation": (
        _l("What's-in-it-for-me stories"),
        _l("Manager role-modelling"),
        _l("Ambassador testimonials"),
    ),
    "access": (_l("Take the obstacles to IT and facilities"),),
    "none": (_l("Invite ambassadors"), _l("Share success stories")),
    "unclear": (_l("Read the group's comments and talk with them before choosing"),),
}


class ActionInvalid(ValueError):
    """An action is missing a field or has a wrong one; `errors` maps field to message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def clean_action(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an action, checked; ActionInvalid with a message per bad field."""
    errors: dict[str, str] = {}
    title = (data.get("title") or "").strip()
    owner = (data.get("owner") or "").strip()
    if not title:
        errors["title"] = str(_l("Give the action a title."))
    elif len(title) > 200:
        errors["title"] = str(_l("Keep the title under 200 characters."))
    if not owner:
        errors["owner"] = str(_l("Name who owns the action."))
    elif len(owner) > 200:
        errors["owner"] = str(_l("Keep the owner under 200 characters."))
    due = (data.get("due_on") or "").strip()
    if due:
        try:
            due = dt.date.fromisoformat(due).isoformat()
        except ValueError:
            errors["due_on"] = str(_l("Give the due date as YYYY-MM-DD."))
    status = data.get("status") or "open"
    if status not in STATUSES:
        errors["status"] = str(_l("Choose a status: open, in progress or done."))
    segment_by, segment_value = _segment(data)
    if segment_by is None:
        errors["segment"] = str(_l("Choose the segment the action is for."))
    barrier = data.get("barrier") or None
    if barrier is not None and barrier not in BARRIER_LABELS:
        errors["barrier"] = str(_l("Unknown barrier."))
    if errors:
        raise ActionInvalid(errors)
    return {
        "segment_by": segment_by,
        "segment_value": segment_value,
        "barrier": barrier,
        "title": title,
        "owner": owner,
        "due_on": due or None,
        "status": status,
    }


def _segment(data: Mapping[str, Any]) -> tuple[str | None, str]:
    """(segment_by, segment_value), ORGANISATION with no value for the whole organisation, or
    (None, '') when neither is given."""
    by, value = data.get("segment_by"), (data.get("segment_value") or "").strip()
    if by == ORGANISATION or value == WHOLE:
        return ORGANISATION, ""
    if by in SEGMENTS and value:
        return str(by), value
    return None, ""


def create_action(
    db: sqlite_utils.Database, survey_id: int, wave_id: int | None, data: Mapping[str, Any]
) -> int:
    row = clean_action(data)
    row.update(survey_id=survey_id, created_wave_id=wave_id, created_on=dt.date.today().isoformat())
    with db.conn:
        return int(db.table("actions").insert(row).last_pk or 0)


def update_action(db: sqlite_utils.Database, action_id: int, data: Mapping[str, Any]) -> None:
    """Change an action's title, owner, due date or status (its segment stays)."""
    current = get_action(db, action_id)
    row = clean_action({**current, **{k: v for k, v in data.items() if k not in _FIXED}})
    fields = {k: row[k] for k in ("title", "owner", "due_on", "status")}
    with db.conn:
        db.table("actions").update(action_id, fields)


_FIXED = ("segment_by", "segment_value", "barrier", "survey_id", "created_wave_id")


def delete_action(db: sqlite_utils.Database, action_id: int) -> None:
    get_action(db, action_id)
    with db.conn:
        db.execute("DELETE FROM actions WHERE id = ?", [action_id])


def get_action(db: sqlite_utils.Database, action_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM actions WHERE id = ?", [action_id]))
    if not rows:
        raise LookupError(action_id)
    return rows[0]


def list_actions(db: sqlite_utils.Database, survey_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM actions WHERE survey_id = ? "
            "ORDER BY status = 'done', due_on IS NULL, due_on, id",
            [survey_id],
        )
    )


def clean_notes(data: Mapping[str, Any]) -> dict[str, str]:
    """The published note in every language, checked: each required, at most MAX_NOTE."""
    errors: dict[str, str] = {}
    notes: dict[str, str] = {}
    for lang in LANGUAGES:
        note = " ".join(str(data.get(f"note_{lang}") or "").split())
        if not note:
            errors[f"note_{lang}"] = str(NOTE_MISSING[lang])
        elif len(note) > MAX_NOTE:
            errors[f"note_{lang}"] = str(NOTE_TOO_LONG[lang])
        notes[f"note_{lang}"] = note
    if errors:
        raise ActionInvalid(errors)
    return notes


NOTE_MISSING = {
    "nl": _l("Write the note for employees in Dutch."),
    "en": _l("Write the note for employees in English."),
}
NOTE_TOO_LONG = {
    "nl": _l("Keep the Dutch note under %(n)s characters.", n=MAX_NOTE),
    "en": _l("Keep the English note under %(n)s characters.", n=MAX_NOTE),
}


def publish_action(db: sqlite_utils.Database, action_id: int, data: Mapping[str, Any]) -> None:
    """Show the action to employees with its notes (again: a new note, a new day)."""
    get_action(db, action_id)
    row = {**clean_notes(data), "published_on": dt.date.today().isoformat()}
    with db.conn:
        db.table("actions").update(action_id, row)


def unpublish_action(db: sqlite_utils.Database, action_id: int) -> None:
    """Take the action off the employees' pages; its notes stay for a later publication."""
    get_action(db, action_id)
    with db.conn:
        db.execute("UPDATE actions SET published_on = NULL WHERE id = ?", [action_id])
