"""Tables owned by the auth area (its own migration set, applied after the core)."""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.auth")


@migrations()
def m001_session_version(db: sqlite_utils.Database) -> None:
    """A counter per user that every session carries; bumping it ends all their sessions."""
    db.execute("ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0")
