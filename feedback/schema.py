"""Core schema: surveys, items, waves, roster, invitations, responses and their answers.

Confidentiality is built into the tables: a response carries the segment snapshot and the
date only (no token, no person, no time of day), and ambassador contacts have random keys
and no date, so nothing joins them to a response.
"""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.core")


@migrations()
def m001_core(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE surveys (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            k_scores INTEGER NOT NULL DEFAULT 5 CHECK (k_scores >= 3),
            k_comments INTEGER NOT NULL DEFAULT 10,
            max_items INTEGER NOT NULL DEFAULT 8,
            cadence_weeks INTEGER,
            created_on TEXT NOT NULL,
            CHECK (k_comments >= k_scores)
        )""")
    db.execute("""
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('likert', 'scale', 'choice', 'text')),
            dimension TEXT CHECK (dimension IN
                ('awareness', 'desire', 'knowledge', 'ability', 'reinforcement',
                 'scaling', 'advocacy')),
            text_en TEXT NOT NULL,
            text_nl TEXT NOT NULL,
            choices TEXT,
            required INTEGER NOT NULL DEFAULT 1,
            active INTEGER NOT NULL DEFAULT 1,
            UNIQUE (survey_id, key)
        )""")
    db.execute("""
        CREATE TABLE waves (
            id INTEGER PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            opens_on TEXT NOT NULL,
            closes_on TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'scheduled'
                CHECK (status IN ('scheduled', 'open', 'closed')),
            k_scores INTEGER,
            k_comments INTEGER,
            UNIQUE (survey_id, number)
        )""")
    db.execute("""
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            department TEXT NOT NULL,
            team TEXT NOT NULL,
            location TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN
                ('employee', 'manager', 'key_user', 'editor', 'communication')),
            manager_email TEXT,
            start_date TEXT,
            language TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en')),
            active INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("""
        CREATE TABLE invitations (
            id INTEGER PRIMARY KEY,
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            used INTEGER NOT NULL DEFAULT 0,
            invited INTEGER NOT NULL DEFAULT 0,
            reminders INTEGER NOT NULL DEFAULT 0,
            item_ids TEXT,
            UNIQUE (wave_id, person_id)
        )""")
    db.execute("""
        CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            submitted_on TEXT NOT NULL,
            department TEXT NOT NULL,
            team TEXT NOT NULL,
            location TEXT NOT NULL,
            role TEXT NOT NULL,
            tenure_band TEXT NOT NULL,
            language TEXT NOT NULL,
            ambassador_opt_in INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE answers (
            response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL REFERENCES items(id),
            value INTEGER NOT NULL,
            PRIMARY KEY (response_id, item_id)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL REFERENCES items(id),
            text TEXT NOT NULL,
            language TEXT,
            flag TEXT,
            sentiment TEXT,
            sentiment_score REAL,
            barrier TEXT,
            p_knowledge REAL,
            p_motivation REAL,
            p_access REAL,
            p_none REAL,
            evidence TEXT,
            model_version TEXT
        )""")
    db.execute("""
        CREATE TABLE ambassadors (
            id TEXT PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            language TEXT NOT NULL,
            consent INTEGER NOT NULL CHECK (consent = 1)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
            departments TEXT,
            language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('nl', 'en')),
            active INTEGER NOT NULL DEFAULT 1
        )""")
    for sql in (
        "CREATE INDEX idx_items_survey ON items(survey_id, position)",
        "CREATE INDEX idx_waves_survey ON waves(survey_id, number)",
        "CREATE INDEX idx_invitations_person ON invitations(person_id)",
        "CREATE INDEX idx_responses_wave ON responses(wave_id)",
        "CREATE INDEX idx_answers_item ON answers(item_id)",
        "CREATE INDEX idx_comments_wave ON comments(wave_id)",
        "CREATE INDEX idx_comments_response ON comments(response_id)",
    ):
        db.execute(sql)


@migrations()
def m002_item_set_per_wave(db: sqlite_utils.Database) -> None:
    """Rotation chooses one item set per wave, stored on the wave. A set per invitation (with
    the response's segment) could tell whose response it is: those are cleared, the column
    stays (NULL), and a wave without a set asks its survey's active items."""
    db.execute("ALTER TABLE waves ADD COLUMN item_ids TEXT")
    db.execute("UPDATE invitations SET item_ids = NULL WHERE item_ids IS NOT NULL")


@migrations()
def m003_open_link_answers(db: sqlite_utils.Database) -> None:
    """Answers through an open link per location (feedback.openlinks) have no invitation;
    they are marked, so rates and analytics can tell them apart."""
    db.execute("ALTER TABLE responses ADD COLUMN open_link INTEGER NOT NULL DEFAULT 0")
