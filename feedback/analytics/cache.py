"""A small cache of raw per-wave aggregates, keyed by what was asked and by the wave's state.

A wave's answers only change when responses are added or removed, so (count, max id) of its
responses is a cheap fingerprint (it is read from the wave index). Raw aggregates are cached;
the confidentiality engine runs on every read, never on what is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlite_utils


def fingerprint(db: sqlite_utils.Database, wave_id: int) -> str:
    from feedback.analytics.scores import wave_state

    count, max_id = wave_state(db, wave_id)
    return f"{count}:{max_id}"


def cached(db: sqlite_utils.Database, wave_id: int, key: str, compute: Callable[[], Any]) -> Any:
    """compute() once per (wave, key, fingerprint); JSON-serialisable results only."""
    stamp = fingerprint(db, wave_id)
    row = db.execute(
        "SELECT payload FROM analytics_cache WHERE wave_id = ? AND key = ? AND fingerprint = ?",
        [wave_id, key, stamp],
    ).fetchone()
    if row:
        return json.loads(row[0])
    value = compute()
    with db.conn:
        db.execute(
            "INSERT OR REPLACE INTO analytics_cache (wave_id, key, fingerprint, payload) "
            "VALUES (?, ?, ?, ?)",
            [wave_id, key, stamp, json.dumps(value)],
        )
    return value
