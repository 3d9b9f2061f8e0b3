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


@migrations()
def m_scoring_002_confidence(db: sqlite_utils.Database) -> None:
    """The scorer's calibrated top barrier probability and whether it is sure enough to name a
    barrier (`confident` 0: the explorer shows "unclear"); NULL until the comment is scored
    again. Skips a column another branch's migration already added."""
    have = set(db["comments"].columns_dict)
    for column, kind in (("confidence", "REAL"), ("confident", "INTEGER")):
        if column not in have:
            db.execute(f"ALTER TABLE comments ADD COLUMN {column} {kind}")


@migrations()
def m_scoring_003_embedding(db: sqlite_utils.Database) -> None:
    """The sentence embedding the scorer read each comment with (`vectors.py`); NULL until
    the comment is scored again."""
    if "embedding" not in db["comments"].columns_dict:
        db.execute("ALTER TABLE comments ADD COLUMN embedding BLOB")
