"""What may be shown to employees of a survey's published actions, and where to find it.

An action for the whole organisation is always shown once published. An action for one
group of a segment is shown only where that group is released for the organisation scope
(`feedback.analytics.guard.get_release`) in the survey's latest closed wave with a release: a
group too small to show figures for is too small to be told "we did this for you"; otherwise
naming it, or the barrier that led to it, would say something about a handful of people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from feedback.analytics.guard import NotPrepared, get_release
from feedback.domain import LANGUAGES, ORGANISATION, SEGMENTS
from feedback.release import Conditions, Release, breakdown_conditions

LOOK_BACK = 3  # closed waves tried, newest first, for one that releases the organisation


@dataclass(frozen=True)
class Update:
    """One published action as an employee sees it, in their language."""

    note: str
    status: str
    segment_by: str
    segment_value: str
    published_on: str


def published_updates(db: sqlite_utils.Database, survey_id: int, lang: str) -> list[Update]:
    """The survey's published actions that may be shown to employees, newest first, with
    the note in `lang` (English for an unknown language)."""
    lang = lang if lang in LANGUAGES else "en"
    rows = list(
        db.query(
            "SELECT segment_by, segment_value, status, note_nl, note_en, published_on "
            "FROM actions WHERE survey_id = ? AND published_on IS NOT NULL "
            "ORDER BY published_on DESC, id DESC",
            [survey_id],
        )
    )
    segmented = [r for r in rows if r["segment_by"] != ORGANISATION]
    release = latest_release(db, survey_id) if segmented else None
    return [
        Update(
            r[f"note_{lang}"], r["status"], r["segment_by"], r["segment_value"], r["published_on"]
        )
        for r in rows
        if r["segment_by"] == ORGANISATION or _released(release, r)
    ]


def latest_release(db: sqlite_utils.Database, survey_id: int) -> Release | None:
    """The organisation scope's release of the survey's latest closed wave that releases the
    organisation as a whole. Closed waves only: an open wave's release moves with every
    snapshot and starts empty, which would hide every group at the start of each round."""
    waves = db.execute(
        "SELECT id FROM waves WHERE survey_id = ? AND status = 'closed' "
        "ORDER BY number DESC LIMIT ?",
        [survey_id, LOOK_BACK],
    ).fetchall()
    for (wave_id,) in waves:
        try:
            release = get_release(db, int(wave_id), None)
        except NotPrepared:  # not decided yet: shows nothing per group
            continue
        if release.shows(None, ()):
            return release
    return None


def _released(release: Release | None, action: dict[str, Any]) -> bool:
    conditions = group_conditions(action["segment_by"], action["segment_value"])
    return release is not None and conditions is not None and release.shows(None, conditions)


def group_conditions(segment_by: str, value: str) -> Conditions | None:
    """The release conditions of an action's group (teams are stored as 'Department / Team');
    None for a segment or a value that names no group."""
    if segment_by not in SEGMENTS or not value:
        return None
    if segment_by == "team":
        department, sep, team = value.partition(" / ")
        return breakdown_conditions("team", team, department) if sep else None
    return breakdown_conditions(segment_by, value)


def survey_slug(db: sqlite_utils.Database, survey_id: int) -> str | None:
    row = db.execute("SELECT slug FROM survey_slugs WHERE survey_id = ?", [survey_id]).fetchone()
    return str(row[0]) if row else None


def survey_for_slug(db: sqlite_utils.Database, slug: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT s.id, s.name FROM surveys s JOIN survey_slugs u ON u.survey_id = s.id "
            "WHERE u.slug = ?",
            [slug],
        )
    )
    return rows[0] if rows else None


def survey_of_wave(db: sqlite_utils.Database, wave_id: Any) -> int | None:
    """The survey of a wave id taken from a session (anything: None when it is no wave)."""
    if not isinstance(wave_id, int) or isinstance(wave_id, bool):
        return None
    row = db.execute("SELECT survey_id FROM waves WHERE id = ?", [wave_id]).fetchone()
    return int(row[0]) if row else None
