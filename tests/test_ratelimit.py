"""The limiter (Flask-Limiter, moving window): forgets old events, keeps memory bounded by the
clients active within a window, and takes its store from the settings."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import Flask
from limits.storage import MemoryStorage

from feedback import create_app
from feedback.ratelimit import BoundedMemoryStorage, hit, limiter


@pytest.fixture
def limited(tmp_path: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE": str(tmp_path / "test.db"),
            "RATELIMIT_ENABLED": True,
        }
    )


def test_the_window_moves(limited):
    with limited.app_context():
        waits = [hit("test", "3 per 1 second", "a") for _ in range(4)]
        assert waits[:3] == [0, 0, 0] and waits[3] == 1
        assert hit("test", "3 per 1 second", "b") == 0  # per key
        time.sleep(1.05)
        assert hit("test", "3 per 1 second", "a") == 0


def test_memory_holds_only_the_keys_active_within_a_window(limited):
    storage = limiter(limited).storage
    with limited.app_context():
        for n in range(500):
            for _ in range(3):
                hit("test", "2 per 1 second", f"10.0.{n // 256}.{n % 256}")
        assert all(len(events) <= 2 for events in storage.events.values())  # type: ignore[attr-defined]
        time.sleep(1.1)
        hit("test", "2 per 1 second", "latest")
        deadline = time.monotonic() + 2
        while len(storage.events) > 1 and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.02)
    assert len(storage.events) == 1  # type: ignore[attr-defined]


def test_the_store_comes_from_the_settings(tmp_path):
    config = {"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "t.db")}
    default = create_app({**config, "RATELIMIT_ENABLED": True})
    assert default.config["RATELIMIT_STRATEGY"] == "moving-window"
    assert isinstance(limiter(default).storage, BoundedMemoryStorage)
    app = create_app({**config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"})
    assert type(limiter(app).storage) is MemoryStorage
    off = create_app(config)
    with off.app_context():
        assert [hit("test", "1 per hour", "a") for _ in range(3)] == [0, 0, 0]
