"""Conversation fixtures: an answered survey with a follow-up link, and an organisation whose
comments are released to change managers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient

from feedback.conversations import store
from tests.api.orgdata import build_org
from tests.respond.conftest import Setup, make_setup, valid_answers

LINK = re.compile(r'value="(http://[^"]+/s/([A-Za-z0-9_-]{43})/replies)"')
NONCE = re.compile(r'name="nonce" value="([^"]+)"')
THREAD = re.compile(r'name="thread" value="([0-9]+)"')


@dataclass
class Followup:
    setup: Setup
    key: str

    @property
    def url(self) -> str:
        return f"/s/{self.key}/replies"


def answer_with_comment(
    client: FlaskClient, setup: Setup, comment: str | None = "Een opleiding zou helpen."
) -> None:
    data = valid_answers(setup)
    if comment is None:
        data.pop(f"q{setup.item('step_up')['id']}")
    else:
        data[f"q{setup.item('step_up')['id']}"] = comment
    response = client.post(setup.url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def get_link(client: FlaskClient) -> str:
    response = client.post("/s/thanks/follow-up")
    assert response.status_code == 200, response.get_data(as_text=True)
    match = LINK.search(response.get_data(as_text=True))
    assert match
    return match.group(2)


def form_fields(client: FlaskClient, url: str) -> dict[str, str]:
    """The nonce (and thread) of the first message form on a page."""
    body = client.get(url).get_data(as_text=True)
    fields = {"nonce": NONCE.search(body).group(1)}  # type: ignore[union-attr]
    thread = THREAD.search(body)
    if thread:
        fields["thread"] = thread.group(1)
    return fields


def count(db, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


class _Idle:
    def nudge(self) -> None:
        pass


@pytest.fixture(autouse=True)
def no_background_scoring(monkeypatch):
    """No scorer thread for tests that do not look at scores (test_scoring overrides this):
    loading the model in the background slows every other test down."""
    monkeypatch.setattr("feedback.respond.views.worker_for", lambda *_args: _Idle())
    monkeypatch.setattr("feedback.conversations.scoring.worker_for", lambda *_args: _Idle())


@pytest.fixture
def followup(db, client) -> Followup:
    """A respondent answered with a comment and took the follow-up link."""
    setup = make_setup(db)
    answer_with_comment(client, setup)
    return Followup(setup, get_link(client))


@pytest.fixture
def org(db) -> dict:
    return build_org(db)  # Sales 12, Support 11, Tiny 3; k_comments 10


def comment_in(db, department: str) -> int:
    return db.execute(
        "SELECT c.id FROM comments c JOIN responses r ON r.id = c.response_id "
        "WHERE r.department = ? LIMIT 1",
        [department],
    ).fetchone()[0]


@pytest.fixture
def conversation(db, org) -> tuple[int, str]:
    """A conversation on a Sales comment (released to admins and Sales viewers): id and key."""
    comment_id = comment_in(db, "Sales")
    key = store.start(db, [comment_id])
    return store.by_key(db, key)[0].id, key
