"""Tables owned by the dashboard area (its own migration set, applied after the core, the
analytics and the API sets): label corrections, actions and the comment search index.

The analytics and release tables (feedback.analytics.schema) and the API tokens
(feedback.api.schema) were created here before; their migrations moved to those packages.
"""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.dashboard")


@migrations(name="m_explorer_001_corrections_actions_tokens")
def m_explorer_001(db: sqlite_utils.Database) -> None:
    """Label corrections (read by `train`) and change actions per segment (the API tokens this
    migration also created on earlier installations are feedback.api.schema's now)."""
    db.execute("""
        CREATE TABLE label_corrections (
            id INTEGER PRIMARY KEY,
            comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
            field TEXT NOT NULL CHECK (field IN ('barrier', 'sentiment')),
            value TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            corrected_on TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
            segment_by TEXT NOT NULL,
            segment_value TEXT NOT NULL,
            barrier TEXT,
            title TEXT NOT NULL,
            owner TEXT NOT NULL,
            due_on TEXT,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'done')),
            created_wave_id INTEGER REFERENCES waves(id) ON DELETE SET NULL,
            created_on TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_label_corrections_comment ON label_corrections(comment_id)")
    db.execute("CREATE INDEX idx_actions_survey ON actions(survey_id, segment_by, segment_value)")


@migrations()
def m_explorer_002_comment_search(db: sqlite_utils.Database) -> None:
    """Full-text search over comment texts (SQLite FTS5, external content: the index holds no
    copy of the text), kept in step with the comments by triggers."""
    db.execute("""
        CREATE VIRTUAL TABLE comments_fts USING fts5(
            text, content='comments', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        )""")
    db.execute("""
        CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
            INSERT INTO comments_fts(rowid, text) VALUES (new.id, new.text);
        END""")
    db.execute("""
        CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
            INSERT INTO comments_fts(comments_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END""")
    db.execute("""
        CREATE TRIGGER comments_fts_update AFTER UPDATE OF text ON comments BEGIN
            INSERT INTO comments_fts(comments_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO comments_fts(rowid, text) VALUES (new.id, new.text);
        END""")
    db.execute("INSERT INTO comments_fts(comments_fts) VALUES ('rebuild')")


@migrations()
def m_explorer_003_published_actions(db: sqlite_utils.Database) -> None:
    """An action can be published to employees ("you said, we did") with a short note in
    Dutch and in English; `published_on` is the day (NULL: not published). An action for the
    whole organisation has segment_by 'organisation' and an empty segment_value."""
    db.execute("ALTER TABLE actions ADD COLUMN note_nl TEXT")
    db.execute("ALTER TABLE actions ADD COLUMN note_en TEXT")
    db.execute("ALTER TABLE actions ADD COLUMN published_on TEXT")
    db.execute("CREATE INDEX idx_actions_published ON actions(survey_id, published_on)")
