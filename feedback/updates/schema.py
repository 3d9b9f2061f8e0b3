"""Tables owned by the updates area: a random public slug per survey, for its public page."""

from __future__ import annotations

import secrets

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.updates")

SLUG_BYTES = 12  # 96 random bits, written as 24 hex digits


@migrations()
def m_updates_001_survey_slugs(db: sqlite_utils.Database) -> None:
    """Every survey gets a random slug for its public page, so the page's address tells
    nothing about the survey's sequential id and cannot be guessed from another's. Existing
    surveys get one here; a trigger gives each new survey its own."""
    db.execute("""
        CREATE TABLE survey_slugs (
            survey_id INTEGER PRIMARY KEY REFERENCES surveys(id) ON DELETE CASCADE,
            slug TEXT NOT NULL UNIQUE
        )""")
    for (survey_id,) in db.execute("SELECT id FROM surveys").fetchall():
        db.execute(
            "INSERT INTO survey_slugs (survey_id, slug) VALUES (?, ?)",
            [survey_id, secrets.token_hex(SLUG_BYTES)],
        )
    db.execute(f"""
        CREATE TRIGGER survey_slugs_for_new_survey AFTER INSERT ON surveys BEGIN
            INSERT INTO survey_slugs (survey_id, slug)
            VALUES (new.id, lower(hex(randomblob({SLUG_BYTES}))));
        END""")
