"""Migrations live in the package that owns their tables; a database made before they moved
(analytics and release tables, API tokens in the dashboard's set) upgrades without running any
migration twice and without losing a row."""

from __future__ import annotations

from feedback.db import connect, migrate
from tests.conftest import make_user
from tests.factories import make_survey, make_wave

MIGRATIONS = "_sqlite_migrations"
# What an installation of the earlier layout recorded: every analytics migration in the
# dashboard's set, and no API set (m_explorer_001 created api_tokens).
MOVED_FROM_DASHBOARD = (
    "m_analytics_001_cache_and_indexes",
    "m_analytics_002_scores",
    "m_analytics_003_invalidate_on_change",
    "m_analytics_004_rollups",
    "m_analytics_005_snapshots_and_releases",
)
# Written in the analytics area after the move: every database runs them there.
ANALYTICS_SINCE = ("m_analytics_006_comment_confident",)


def recorded(db, migration_set: str) -> list[str]:
    rows = db.execute(
        f"SELECT name FROM {MIGRATIONS} WHERE migration_set = ? ORDER BY rowid", [migration_set]
    )
    return [row[0] for row in rows.fetchall()]


def schema(db) -> set[tuple[str, str]]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
    return set(rows)


def as_before_the_move(db) -> None:
    """Rewrite the migration record as the earlier layout left it."""
    marks = ", ".join("?" for _ in MOVED_FROM_DASHBOARD)
    with db.conn:
        db.execute(
            f"UPDATE {MIGRATIONS} SET migration_set = 'goesting.dashboard' "
            f"WHERE migration_set = 'goesting.analytics' AND name IN ({marks})",
            list(MOVED_FROM_DASHBOARD),
        )
        db.execute(f"DELETE FROM {MIGRATIONS} WHERE migration_set = 'goesting.api'")


def test_each_area_records_its_own_migrations(tmp_path):
    db = connect(tmp_path / "fresh.db")
    migrate(db)
    assert recorded(db, "goesting.analytics") == [*MOVED_FROM_DASHBOARD, *ANALYTICS_SINCE]
    assert recorded(db, "goesting.api") == ["m_api_001_tokens"]
    assert not set(recorded(db, "goesting.dashboard")) & set(MOVED_FROM_DASHBOARD)
    assert {"api_tokens", "analytics_scores", "release_groups", "label_corrections"} <= set(
        db.table_names()
    )


def test_a_database_of_the_earlier_layout_upgrades_without_rerunning_anything(app, runner, db):
    fresh = schema(db)
    as_before_the_move(db)
    wave_id = make_wave(db, make_survey(db))
    user_id = make_user(app, "a@example.org", "admin").id
    with db.conn:  # rows that a rerun of m_analytics_004/005 or m_explorer_001 would lose
        db.execute(
            "INSERT INTO analytics_waves (wave_id, responses, max_response_id) VALUES (?, 3, 9)",
            [wave_id],
        )
        db.execute(
            "INSERT INTO api_tokens (user_id, token_hash, created_on) VALUES (?, 'h', 'x')",
            [user_id],
        )
    dashboard_before = recorded(db, "goesting.dashboard")

    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output

    assert db.execute("SELECT COUNT(*) FROM analytics_waves").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM api_tokens").fetchone()[0] == 1
    assert recorded(db, "goesting.analytics") == [*MOVED_FROM_DASHBOARD, *ANALYTICS_SINCE]
    assert recorded(db, "goesting.api") == ["m_api_001_tokens"]
    assert recorded(db, "goesting.dashboard") == [
        name for name in dashboard_before if name not in MOVED_FROM_DASHBOARD
    ]
    assert schema(db) == fresh
