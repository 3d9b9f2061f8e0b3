"""A small cache of raw per-wave aggregates, keyed by what was asked and by the wave's state.

A wave's figures only change when a snapshot is taken, so (released responses, snapshot) is
the fingerprint. Raw aggregates are cached; the release guard runs on every read, never on
what is stored. Reading never writes: a page view computes what is not cached and stores
nothing; entries are stored only inside `filling()`, which `feedback.analytics.refresh` uses
when it prepares a wave (on submission, `analytics-refresh`, `tick`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import sqlite_utils

from feedback.analytics.state import wave_state

_FILLING: ContextVar[bool] = ContextVar("analytics_cache_filling", default=False)


@contextmanager
def filling() -> Iterator[None]:
    """Within this block, `cached` stores what it computes (the writing side only)."""
    token = _FILLING.set(True)
    try:
        yield
    finally:
        _FILLING.reset(token)


def fingerprint(db: sqlite_utils.Database, wave_id: int) -> str:
    count, snapshot = wave_state(db, wave_id)
    return f"{count}:{snapshot}"


def cached(db: sqlite_utils.Database, wave_id: int, key: str, compute: Callable[[], Any]) -> Any:
    """The stored result for (wave, key, fingerprint), else compute(); stored only while
    `filling()`. JSON-serialisable results only."""
    stamp = fingerprint(db, wave_id)
    row = db.execute(
        "SELECT payload FROM analytics_cache WHERE wave_id = ? AND key = ? AND fingerprint = ?",
        [wave_id, key, stamp],
    ).fetchone()
    if row:
        return json.loads(row[0])
    value = compute()
    if _FILLING.get():
        with db.conn:
            db.execute(
                "INSERT OR REPLACE INTO analytics_cache (wave_id, key, fingerprint, payload) "
                "VALUES (?, ?, ?, ?)",
                [wave_id, key, stamp, json.dumps(value)],
            )
    return value
