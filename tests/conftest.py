"""Shared fixtures: an app over a fresh temporary SQLite file per test, its client and runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings

from feedback import create_app
from feedback.auth.users import create_user
from feedback.db import open_database

PASSWORD = "correct horse battery"

# Hypothesis draws the same examples on every run (seeded from each test's name) and has no
# time limit per example, so neither CI nor a busy laptop can pass or fail at random, and a
# failure seen once is seen again. HYPOTHESIS_PROFILE=explore draws fresh examples, for a
# deliberate search for new failures. Registered here, before any test module builds its own
# settings on top of the loaded profile.
settings.register_profile("goesting", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "goesting"))


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE": str(tmp_path / "test.db"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app


@pytest.fixture
def csrf_app(tmp_path: Path) -> Iterator[Flask]:
    """Like `app`, with CSRF protection on, as in production."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE": str(tmp_path / "test.db"),
        }
    )
    yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def db(app: Flask):
    database = open_database(app)
    yield database
    database.conn.close()


def make_user(app: Flask, email: str, role: str, departments: list[str] | None = None):
    database = open_database(app)
    try:
        return create_user(database, email, PASSWORD, role, departments)
    finally:
        database.conn.close()


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def admin_client(app: Flask, client: FlaskClient) -> FlaskClient:
    make_user(app, "admin@example.org", "admin")
    response = sign_in(client, "admin@example.org")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def viewer_client(app: Flask) -> FlaskClient:
    make_user(app, "viewer@example.org", "viewer")
    client = app.test_client()
    response = sign_in(client, "viewer@example.org")
    assert response.status_code == 302
    return client
