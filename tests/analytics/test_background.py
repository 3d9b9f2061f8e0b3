"""The background preparer: a burst of submissions is prepared once, after a quiet spell, and
a wave the busy database refused is tried again; the respondent's request never prepares."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from feedback.analytics.background import BackgroundPreparer


@pytest.fixture
def calls(monkeypatch) -> list[int]:
    """The waves the preparer prepares, in order; the first answer for wave 99 is 'busy'."""
    seen: list[int] = []
    lock = threading.Lock()

    def prepare(_db, wave_id: int) -> bool:
        with lock:
            seen.append(wave_id)
            return not (wave_id == 99 and seen.count(99) == 1)

    monkeypatch.setattr(BackgroundPreparer, "prepare", staticmethod(prepare))
    return seen


def test_a_burst_of_nudges_is_prepared_once_after_it(tmp_path: Path, calls: list[int]):
    preparer = BackgroundPreparer(str(tmp_path / "a.db"), quiet=1.0)
    for _ in range(20):
        preparer.nudge(7)
    preparer.nudge(8)
    assert calls == []  # nothing within the burst: the requests did not wait for it
    assert preparer.wait_idle(10)
    assert sorted(calls) == [7, 8]


def test_a_wave_the_busy_database_refused_is_tried_again(tmp_path: Path, calls: list[int]):
    preparer = BackgroundPreparer(str(tmp_path / "b.db"), quiet=0.05)
    preparer.nudge(99)
    assert preparer.wait_idle(10)
    assert calls == [99, 99]
