"""Tables owned by the auth area (its own migration set, applied after the core)."""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.auth")


@migrations()
def m001_session_version(db: sqlite_utils.Database) -> None:
    """A counter per user that every session carries; bumping it ends all their sessions."""
    db.execute("ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0")


@migrations()
def m002_account_links(db: sqlite_utils.Database) -> None:
    """Single-use links to set a password (an invitation or a reset); only token hashes."""
    db.execute(
        """
        CREATE TABLE account_links (
            id INTEGER PRIMARY KEY,
            purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
            user_id INTEGER NOT NULL REFERENCES users(id),
            token_hash TEXT NOT NULL UNIQUE,
            expires_at REAL NOT NULL,
            used INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX account_links_user ON account_links(user_id)")
