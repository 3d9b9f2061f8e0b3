"""Inserting the rows a comment needs (survey, item, wave, response) into a test database."""

from __future__ import annotations

import sqlite_utils


def add_comments(db: sqlite_utils.Database, texts: list[str]) -> list[int]:
    """Store `texts` as comments of one response; returns their ids."""
    if not db["surveys"].count:
        db["surveys"].insert({"id": 1, "name": "Pulse", "created_on": "2026-01-01"})
        db["items"].insert(
            {
                "id": 1,
                "survey_id": 1,
                "position": 1,
                "key": "step",
                "kind": "text",
                "text_en": "What would help?",
                "text_nl": "Wat zou helpen?",
            }
        )
        db["waves"].insert(
            {
                "id": 1,
                "survey_id": 1,
                "number": 1,
                "opens_on": "2026-01-01",
                "closes_on": "2026-02-01",
                "status": "open",
            }
        )
        db["responses"].insert(
            {
                "id": 1,
                "wave_id": 1,
                "submitted_on": "2026-01-02",
                "department": "Sales",
                "team": "A",
                "location": "Gent",
                "role": "employee",
                "tenure_band": "1-3",
                "language": "nl",
            }
        )
    ids = []
    for text in texts:
        row = {"response_id": 1, "wave_id": 1, "item_id": 1, "text": text}
        ids.append(db["comments"].insert(row).last_pk)
    return ids


def ensure_label_corrections(db: sqlite_utils.Database) -> None:
    """The dashboard team's table, as announced, when their migration is not there yet."""
    if not db["label_corrections"].exists():
        db.execute("""
            CREATE TABLE label_corrections (
                id INTEGER PRIMARY KEY,
                comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
                field TEXT NOT NULL CHECK (field IN ('barrier', 'sentiment')),
                value TEXT NOT NULL,
                corrected_on TEXT
            )""")
