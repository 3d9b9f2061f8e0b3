"""Respondent-flow fixtures: an open wave with one invited person, and form helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient

from feedback.db import open_database
from tests.factories import invite, make_person, make_survey, make_wave

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Setup:
    survey_id: int
    wave_id: int
    person_id: int
    token: str
    items: list[dict[str, Any]]

    @property
    def url(self) -> str:
        return f"/s/{self.token}"

    def item(self, key: str) -> dict[str, Any]:
        return next(i for i in self.items if i["key"] == key)


def make_setup(database, **person: Any) -> Setup:
    survey_id = make_survey(database)
    wave_id = make_wave(database, survey_id)
    person_id = make_person(database, **person)
    token = invite(database, wave_id, person_id)
    items = list(
        database.query("SELECT * FROM items WHERE survey_id = ? ORDER BY position", [survey_id])
    )
    return Setup(survey_id, wave_id, person_id, token, items)


@pytest.fixture
def setup(db) -> Setup:
    """Survey, open wave, a Dutch-speaking person in Sales and their link (CSRF off)."""
    return make_setup(db)


@pytest.fixture
def csrf_db(csrf_app):
    database = open_database(csrf_app)
    yield database
    database.conn.close()


@pytest.fixture
def csrf_setup(csrf_db) -> Setup:
    """As `setup`, for the `csrf_app` (CSRF protection on, as in production)."""
    return make_setup(csrf_db)


def valid_answers(setup: Setup) -> dict[str, str]:
    """A complete, valid submission: 4 on every Likert item, 7 and 9 on the scales."""
    data = {}
    for item in setup.items:
        name = f"q{item['id']}"
        if item["kind"] == "likert":
            data[name] = "4"
        elif item["key"] == "scaling":
            data[name] = "7"
        elif item["key"] == "advocacy":
            data[name] = "9"
        elif item["key"] == "step_up":
            data[name] = "Een korte opleiding zou me helpen."
    return data


def csrf_token(client: FlaskClient, url: str) -> str:
    """GET the form (which also sets the session cookie) and return its CSRF token."""
    page = client.get(url)
    assert page.status_code == 200, page.get_data(as_text=True)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, "no CSRF token in the form"
    return match.group(1)


def count(database, table: str) -> int:
    return database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def stored_nothing(database) -> bool:
    tables = ("responses", "answers", "comments", "ambassadors")
    unused = database.execute("SELECT COUNT(*) FROM invitations WHERE used = 1").fetchone()[0]
    return all(count(database, t) == 0 for t in tables) and unused == 0
