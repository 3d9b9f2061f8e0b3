"""The review queue: the comments the scorer is least sure about first, so that an admin's
corrections go where they teach the correction memory most."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils

from feedback.dashboard.explorer.comment_query import (
    CommentFilter,
    comment_handle,
    matching,
    shown_comments,
)
from feedback.waves import get_wave


def review_queue(
    db: sqlite_utils.Database,
    flt: CommentFilter,
    departments: Sequence[str] | None,
    secret: str | bytes,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    """Up to `limit` comments matching `flt` whose barrier nobody corrected yet, least
    confident first (ties in the explorer's order), and how many there are; raises
    TooFewForComments like the explorer. Comments without a confidence (not scored yet) are
    left out."""
    wave = get_wave(db, flt.wave_id, flt.survey_id)
    rows = matching(db, wave, flt, departments, "id, confidence, fixed_barrier")
    open_rows = sorted(
        (confidence, comment_handle(secret, cid), cid)
        for cid, confidence, fixed in rows
        if fixed is None and confidence is not None
    )
    chosen = [cid for _confidence, _handle, cid in open_rows[:limit]]
    return shown_comments(db, wave, chosen, secret), len(open_rows)
