"""Tables owned by the admin area (its own migration set, applied after the core)."""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.admin")


@migrations()
def m001_pending_imports(db: sqlite_utils.Database) -> None:
    """A previewed roster upload, kept server-side until the change manager confirms it."""
    db.execute("""
        CREATE TABLE pending_imports (
            id TEXT PRIMARY KEY,
            user_id INTEGER,
            created_on TEXT NOT NULL,
            filename TEXT NOT NULL,
            rows TEXT NOT NULL
        )""")
