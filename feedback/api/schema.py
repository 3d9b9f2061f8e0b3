"""Tables owned by the API: per-user bearer tokens (only their SHA-256 hashes).

Installations from before this set have the table already (the dashboard's migration
m_explorer_001 created it), hence IF NOT EXISTS.
"""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.api")


@migrations()
def m_api_001_tokens(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE IF NOT EXISTS api_tokens (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            label TEXT,
            created_on TEXT NOT NULL,
            last_used_on TEXT
        )""")
