"""bench/load.py as tests: many concurrent respondents, nothing lost, nothing duplicated.

The reconciliation must hold on any machine. The speed targets (real/bare throughput, p99)
are figures of the benchmark itself, run by hand: never a timed assertion in a test.
"""

from __future__ import annotations

import pytest

from bench.load import (
    Server,
    build_database,
    drive,
    figures,
    reconcile,
    server_env,
    warm_up,
)


def test_reconciliation_notices_a_lost_and_a_duplicated_submission(tmp_path):
    """The checker itself can fail: fake acknowledgements and a copied comment are caught."""
    import sqlite3

    from bench.load import Record

    target = build_database(tmp_path / "r.db", 3)
    ghost = Record("never-sent", 302, 0.0, 0.1)
    check = reconcile(target.path, target.wave_id, target.items, [ghost])
    assert check.missing == ["never-sent"] and not check.ok
    conn = sqlite3.connect(target.path)
    with conn:
        conn.execute(
            "INSERT INTO responses (wave_id, submitted_on, department, team, location, role, "
            "tenure_band, language) VALUES (?, '2026-01-01', 'd', 't', 'l', 'employee', "
            "'unknown', 'en')",
            [target.wave_id],
        )
        response_id = conn.execute("SELECT MAX(id) FROM responses").fetchone()[0]
        item = conn.execute("SELECT MIN(id) FROM items").fetchone()[0]
        for _ in range(2):
            conn.execute(
                "INSERT INTO comments (response_id, wave_id, item_id, text) VALUES (?, ?, ?, ?)",
                [response_id, target.wave_id, item, "load-twice"],
            )
    conn.close()
    check = reconcile(target.path, target.wave_id, target.items, [])
    assert check.duplicated == ["twice"] and check.incomplete_responses == 1 and not check.ok


def wait_until_scored(path, wave_id: int, limit: float = 300.0) -> bool:
    """Whether the server's scorers label every stored comment within `limit` seconds (a
    burst of 50 clients arrives faster than the sentence encoder reads; the scorers catch up
    once it is over). A bound on waiting, not a speed target."""
    import sqlite3
    import time

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            pending = conn.execute(
                "SELECT COUNT(*) FROM comments WHERE wave_id = ? AND model_version IS NULL",
                [wave_id],
            ).fetchone()[0]
        finally:
            conn.close()
        if not pending:
            return True
        time.sleep(1.0)
    return False


@pytest.mark.slow
def test_fifty_clients_lose_and_duplicate_nothing(tmp_path):
    target = build_database(tmp_path / "load.db", 8000)
    with Server("wsgi:app", server_env(target.path), workers=4) as server:
        warm = warm_up(server.port, "real", target, server.workers)
        records = drive(server.port, "real", target, 50, 20.0)
        scored_all = wait_until_scored(target.path, target.wave_id)
    result = figures("real", records)
    check = reconcile(target.path, target.wave_id, target.items, warm + records)
    assert result.acknowledged > 100
    assert result.statuses == {"302": result.acknowledged}, result.statuses
    assert check.ok and check.unacknowledged_stored == 0, check.line()
    assert check.acknowledged == check.responses == check.used_invitations == check.comments
    assert scored_all and check.scored == check.comments, "every comment is scored after the burst"


@pytest.mark.slow
def test_the_browser_flow_with_csrf_under_load_loses_nothing(tmp_path):
    target = build_database(tmp_path / "form.db", 3000)
    env = server_env(target.path, csrf=True, scoring=False)
    with Server("wsgi:app", env, workers=4) as server:
        records = drive(server.port, "form", target, 20, 10.0)
    check = reconcile(target.path, target.wave_id, target.items, records)
    assert figures("form", records).acknowledged > 50
    assert check.ok and check.unacknowledged_stored == 0, check.line()
