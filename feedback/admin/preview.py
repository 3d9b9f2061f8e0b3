"""What a respondent of a wave is asked: the wave's rotated item set, worked out without
storing anything (the set is stored only when the wave opens)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from feedback.admin.rotation import choose_items
from feedback.respond.lookup import Invitation, survey_items


@dataclass(frozen=True)
class Preview:
    survey_id: int
    wave: dict[str, Any] | None  # None: no wave is open or scheduled; the next one is shown
    number: int
    items: list[dict[str, Any]]
    k: int
    active_items: int


def next_wave(db: sqlite_utils.Database, survey_id: int) -> dict[str, Any] | None:
    """The open wave, else the first scheduled one: who will be asked next."""
    rows = list(
        db.query(
            "SELECT * FROM waves WHERE survey_id = ? AND status IN ('open', 'scheduled') "
            "ORDER BY status = 'scheduled', number LIMIT 1",
            [survey_id],
        )
    )
    return rows[0] if rows else None


def preview(
    db: sqlite_utils.Database, survey: dict[str, Any], wave: dict[str, Any] | None
) -> Preview:
    """The items, in order, that a respondent of `wave` (or of the survey's next wave) sees."""
    active = list(
        db.query("SELECT * FROM items WHERE survey_id = ? AND active = 1", [survey["id"]])
    )
    if wave is None:
        last = db.execute(
            "SELECT MAX(number) FROM waves WHERE survey_id = ?", [survey["id"]]
        ).fetchone()[0]
        number = (last or 0) + 1
    else:
        number = wave["number"]
    stored = wave["item_ids"] if wave and wave["item_ids"] else None
    ids = stored or json.dumps(choose_items(active, survey["max_items"], number))
    k = (wave or {}).get("k_scores") or survey["k_scores"]
    # The respondent's own look-up, so the preview leaves out exactly what the form would.
    wave_id = wave["id"] if wave else 0
    asked = Invitation(0, wave_id, survey["id"], False, ids, "open", "", "", k, "en")
    return Preview(survey["id"], wave, number, survey_items(db, asked), k, len(active))
