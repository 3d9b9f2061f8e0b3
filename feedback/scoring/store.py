"""Scores stored comments (placeholder until the scorer lands: scores nothing)."""

from __future__ import annotations

import sqlite_utils


def score_pending(db: sqlite_utils.Database, comment_ids: list[int] | None = None) -> int:
    """Score the given comments, or every comment without a score; returns how many were scored."""
    return 0
