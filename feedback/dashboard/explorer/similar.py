"""After a correction: the comments of the same survey most similar in meaning (Dutch and
English alike), offered for the same label one click each.

Only comments this reader may list are offered: per wave of the survey, those the release lists
for the whole wave within the reader's departments (the same `matching` as the explorer).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils

from feedback.dashboard.explorer.comment_query import (
    CommentFilter,
    TooFewForComments,
    labelled_rows,
    matching,
    shown_comments,
)
from feedback.scoring.vectors import comment_vectors
from feedback.waves import get_wave

# Cosine of the multilingual encoder at which two comments say much the same thing.
SIMILAR_AT = 0.5
TOP = 5


def similar_comments(
    db: sqlite_utils.Database,
    survey_id: int,
    comment_id: int,
    field: str,
    value: str,
    departments: Sequence[str] | None,
    secret: str | bytes,
) -> list[dict[str, Any]]:
    """Up to TOP listable comments of the survey most like `comment_id` (cosine at least
    SIMILAR_AT, most similar first) whose `field` is not `value` yet; each as the explorer
    shows it, with its wave id and similarity."""
    target = labelled_rows(db, [comment_id]).get(comment_id)
    if target is None:
        return []
    candidates: list[tuple[int, int]] = []  # (wave id, comment id)
    for (wave_id,) in db.execute("SELECT id FROM waves WHERE survey_id = ?", [survey_id]):
        wave = get_wave(db, wave_id, survey_id)
        try:
            rows = matching(db, wave, CommentFilter(survey_id, wave_id), departments, "id")
        except TooFewForComments:
            continue
        candidates += [(wave_id, cid) for (cid,) in rows if cid != comment_id]
    if not candidates:
        return []
    labelled = labelled_rows(db, [cid for _w, cid in candidates])
    candidates = [(w, c) for w, c in candidates if labelled[c][field] != value]
    ids = [c for _w, c in candidates]
    texts = [labelled[c]["text"] for c in ids]
    vectors = comment_vectors(db, [*ids, comment_id], [*texts, target["text"]])
    sims = (vectors[:-1] @ vectors[-1]).tolist()
    ranked = sorted(zip(sims, candidates, strict=True), key=lambda s: (-s[0], s[1][1]))
    chosen = [(sim, w, c) for sim, (w, c) in ranked if sim >= SIMILAR_AT][:TOP]
    shown = []
    for sim, wave_id, cid in chosen:
        [comment] = shown_comments(db, get_wave(db, wave_id, survey_id), [cid], secret)
        shown.append({**comment, "wave": wave_id, "similarity": round(sim, 2)})
    return shown
