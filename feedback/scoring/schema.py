"""Tables owned by the scoring area (its own migration set, applied after the core)."""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.scoring")


@migrations()
def m_scoring_001_unscored_index(db: sqlite_utils.Database) -> None:
    """The background scorer sweeps unscored comments after every submission."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_comments_unscored ON comments(id) "
        "WHERE model_version IS NULL"
    )
