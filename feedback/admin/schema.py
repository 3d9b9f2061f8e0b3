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


@migrations()
def m002_reminder_schedule_and_tick(db: sqlite_utils.Database) -> None:
    """The days after opening on which `tick` reminds non-respondents; the tick's lock and
    last run; the reminder days each wave has had, so a day is never reminded twice."""
    db.execute("ALTER TABLE surveys ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '3,5'")
    db.execute("""
        CREATE TABLE tick_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            holder TEXT,
            locked_until TEXT,
            last_tick TEXT
        )""")
    db.execute("INSERT INTO tick_state (id) VALUES (1)")
    db.execute("""
        CREATE TABLE wave_reminder_days (
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            day INTEGER NOT NULL,
            sent_on TEXT NOT NULL,
            PRIMARY KEY (wave_id, day)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE tick_opened_waves (
            wave_id INTEGER PRIMARY KEY REFERENCES waves(id) ON DELETE CASCADE
        )""")
