"""What has been prepared for a wave: its released responses and snapshot (read only).

`feedback.analytics.scores.ensure_scores` moves this state on (on submission, by
`analytics-refresh` and by `tick`); pages only read it.
"""

from __future__ import annotations

import sqlite_utils


def wave_state(db: sqlite_utils.Database, wave_id: int) -> tuple[int, int]:
    """(released responses, snapshot) of the wave as last prepared: what its figures are
    computed from, and the fingerprint of cached aggregates. (0, 0) before the first."""
    row = db.execute(
        "SELECT max_response_id, snapshot FROM analytics_waves WHERE wave_id = ?", [wave_id]
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def seen(db: sqlite_utils.Database, wave_id: int) -> tuple[int, tuple | None]:
    """(responses stored now, (responses seen, released, snapshot) at the last update)."""
    count = db.execute("SELECT COUNT(*) FROM responses WHERE wave_id = ?", [wave_id]).fetchone()[0]
    stored = db.execute(
        "SELECT responses, max_response_id, snapshot FROM analytics_waves WHERE wave_id = ?",
        [wave_id],
    ).fetchone()
    return int(count), tuple(stored) if stored else None


def is_current(db: sqlite_utils.Database, wave_id: int) -> bool:
    """Whether every stored response of the wave has been looked at since the last update."""
    count, stored = seen(db, wave_id)
    return stored is not None and stored[0] == count
