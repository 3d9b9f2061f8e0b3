"""Before a gunicorn worker stops (gunicorn.conf.py's worker_exit), its pending background
work is finished: `drain` waits for the preparer and the scorer, and returns at once when
nothing is pending."""

from __future__ import annotations

import time

from feedback.analytics.background import BackgroundPreparer, preparer_for
from feedback.drain import drain


def test_drain_waits_until_the_pending_waves_are_prepared(app, monkeypatch):
    done: list[int] = []

    def slow_prepare(_db, wave_id: int) -> bool:
        time.sleep(0.2)
        done.append(wave_id)
        return True

    monkeypatch.setattr(BackgroundPreparer, "prepare", staticmethod(slow_prepare))
    preparer_for(app.config["DATABASE"]).nudge(3)
    assert done == []
    assert drain(app, timeout=20)
    assert done == [3]


def test_drain_returns_at_once_when_nothing_is_pending(app):
    started = time.monotonic()
    assert drain(app, timeout=20)
    assert time.monotonic() - started < 5
