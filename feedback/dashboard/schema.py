"""Tables owned by the dashboard area (its own migration set, applied after the core).

Analytics migrations are named `m_analytics_...`; the comments/actions/API developer adds theirs.
"""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.dashboard")


@migrations()
def m_analytics_001_cache_and_indexes(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE IF NOT EXISTS analytics_cache (
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (wave_id, key)
        ) WITHOUT ROWID""")
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_analytics_comments_barrier "
        "ON comments(wave_id, barrier, response_id)"
    )


@migrations()
def m_analytics_002_scores(db: sqlite_utils.Database) -> None:
    """Per-response dimension scores with the segment snapshot, filled per wave on demand
    (feedback.analytics.scores), so dashboards aggregate one row per respondent."""
    db.execute("""
        CREATE TABLE analytics_scores (
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            response_id INTEGER NOT NULL,
            department TEXT NOT NULL,
            team TEXT NOT NULL,
            location TEXT NOT NULL,
            role TEXT NOT NULL,
            tenure_band TEXT NOT NULL,
            language TEXT NOT NULL,
            opt_in INTEGER NOT NULL,
            awareness REAL, desire REAL, knowledge REAL, ability REAL, reinforcement REAL,
            scaling REAL, advocacy REAL, kn REAL, mo REAL,
            PRIMARY KEY (wave_id, response_id)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE analytics_waves (
            wave_id INTEGER PRIMARY KEY REFERENCES waves(id) ON DELETE CASCADE,
            responses INTEGER NOT NULL,
            max_response_id INTEGER NOT NULL
        )""")


@migrations()
def m_analytics_003_invalidate_on_change(db: sqlite_utils.Database) -> None:
    """Responses are only ever added; should one be changed or deleted anyway, its wave's
    materialised scores and cached aggregates are dropped, to be rebuilt on the next view."""
    for event, row in (("DELETE", "OLD"), ("UPDATE", "OLD"), ("UPDATE", "NEW")):
        name = f"analytics_invalidate_{event.lower()}_{row.lower()}"
        db.execute(f"""
            CREATE TRIGGER {name} AFTER {event} ON responses
            BEGIN
                DELETE FROM analytics_waves WHERE wave_id = {row}.wave_id;
                DELETE FROM analytics_cache WHERE wave_id = {row}.wave_id;
            END""")


@migrations()
def m_analytics_004_rollups(db: sqlite_utils.Database) -> None:
    """Per-wave rollups of analytics_scores per breakdown, group and department
    (feedback.analytics.rollups); filled with the scores, so existing waves are rebuilt."""
    db.execute("""
        CREATE TABLE analytics_rollups (
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            breakdown TEXT NOT NULL,
            segment TEXT NOT NULL,
            parent TEXT NOT NULL,
            department TEXT NOT NULL,
            n INTEGER NOT NULL,
            c_awareness INTEGER NOT NULL, s_awareness REAL NOT NULL,
            c_desire INTEGER NOT NULL, s_desire REAL NOT NULL,
            c_knowledge INTEGER NOT NULL, s_knowledge REAL NOT NULL,
            c_ability INTEGER NOT NULL, s_ability REAL NOT NULL,
            c_reinforcement INTEGER NOT NULL, s_reinforcement REAL NOT NULL,
            c_scaling INTEGER NOT NULL, s_scaling REAL NOT NULL,
            c_advocacy INTEGER NOT NULL, s_advocacy REAL NOT NULL,
            promoters INTEGER NOT NULL,
            detractors INTEGER NOT NULL,
            PRIMARY KEY (wave_id, breakdown, segment, parent, department)
        ) WITHOUT ROWID""")
    db.execute("DELETE FROM analytics_waves")
    db.execute("DELETE FROM analytics_cache")


@migrations(name="m_explorer_001_corrections_actions_tokens")
def m_explorer_001(db: sqlite_utils.Database) -> None:
    """Label corrections (read by `train`), change actions per segment, and API tokens."""
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
    db.execute("""
        CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            label TEXT,
            created_on TEXT NOT NULL,
            last_used_on TEXT
        )""")
    db.execute("CREATE INDEX idx_label_corrections_comment ON label_corrections(comment_id)")
    db.execute("CREATE INDEX idx_actions_survey ON actions(survey_id, segment_by, segment_value)")


@migrations()
def m_analytics_005_snapshots_and_releases(db: sqlite_utils.Database) -> None:
    """Open waves are released in snapshots (docs/confidentiality.md): analytics_scores holds
    the released responses only, each with the snapshot that released it; analytics_waves
    remembers how many responses were seen and the last snapshot; release_groups lists every
    group ever released per wave and snapshot (what was shown cannot be taken back). The
    derived tables are emptied so every wave is rebuilt under the new rules."""
    for table in ("analytics_scores", "analytics_waves", "analytics_rollups", "analytics_cache"):
        db.execute(f"DELETE FROM {table}")
    db.execute("ALTER TABLE analytics_scores ADD COLUMN snapshot INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE analytics_waves ADD COLUMN snapshot INTEGER NOT NULL DEFAULT 0")
    db.execute("""
        CREATE TABLE release_groups (
            wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('figures', 'comments')),
            key TEXT NOT NULL,
            snapshot INTEGER NOT NULL,
            PRIMARY KEY (wave_id, kind, key, snapshot)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE release_state (
            wave_id INTEGER PRIMARY KEY REFERENCES waves(id) ON DELETE CASCADE,
            snapshot INTEGER NOT NULL,
            scopes TEXT NOT NULL
        )""")


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
def m_analytics_006_comment_confident(db: sqlite_utils.Database) -> None:
    """Whether the scorer is confident about a comment's barrier (1) or not (0: "unclear",
    counted apart in every barrier mix). Comments scored before are filled from their stored
    probabilities with the threshold of the time (CONFIDENT_AT 0.95); the scorer writes it
    from now on (feedback.scoring.store)."""
    db.execute("ALTER TABLE comments ADD COLUMN confident INTEGER")
    db.execute("""
        UPDATE comments SET confident = (barrier IS NOT NULL AND max(
            coalesce(p_knowledge, 0), coalesce(p_motivation, 0),
            coalesce(p_access, 0), coalesce(p_none, 0)) >= 0.95)
        WHERE model_version IS NOT NULL""")
    db.execute("DELETE FROM analytics_cache")
