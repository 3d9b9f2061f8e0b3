"""Tables owned by analytics: materialised scores, rollups, the aggregate cache, and the
release tables of the snapshot rules (feedback.release), which came in one step with the
snapshot columns.

These migrations were first part of the dashboard's set ("goesting.dashboard"): a database
that recorded them there has the record moved to this set before migrating
(`ADOPTED_FROM`, feedback.db.migrate), so none of them runs twice.
"""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.analytics")
ADOPTED_FROM = "goesting.dashboard"


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
def m_analytics_006_comment_confident(db: sqlite_utils.Database) -> None:
    """Whether the scorer is confident about a comment's barrier (1) or not (0: "unclear",
    counted apart in every barrier mix). The column may exist already (the scoring area's
    m_scoring_002 adds it with `confidence`); comments scored before are filled from their
    stored probabilities with the threshold of the time (0.95); the scorer writes it from now
    on (feedback.scoring.store)."""
    if "confident" not in db.table("comments").columns_dict:
        db.execute("ALTER TABLE comments ADD COLUMN confident INTEGER")
    db.execute("""
        UPDATE comments SET confident = (barrier IS NOT NULL AND max(
            coalesce(p_knowledge, 0), coalesce(p_motivation, 0),
            coalesce(p_access, 0), coalesce(p_none, 0)) >= 0.95)
        WHERE model_version IS NOT NULL AND confident IS NULL""")
    db.execute("DELETE FROM analytics_cache")
