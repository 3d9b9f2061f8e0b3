"""Open links and the one-answer-per-browser guard.

`open_link_votes` holds, per wave, only a hash of a random browser cookie: enough to refuse a
second answer from that browser, nothing that joins to a response (no response id, no date,
no order: the key is the hash).
"""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.openlinks")


@migrations()
def m001_open_links(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE open_links (
            id INTEGER PRIMARY KEY,
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            location TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            all_departments INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            UNIQUE (wave_id, location)
        )""")
    db.execute("""
        CREATE TABLE open_link_votes (
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            voter_hash TEXT NOT NULL,
            PRIMARY KEY (wave_id, voter_hash)
        ) WITHOUT ROWID""")
