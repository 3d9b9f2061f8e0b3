"""Replies and answers are scored like comments, by the background worker."""

from __future__ import annotations

import pytest

from feedback.scoring.background import worker_for
from feedback.scoring.store import score_pending
from tests.conversations.conftest import form_fields


@pytest.fixture
def no_background_scoring():
    """Here the background scorer runs, as in production."""


def test_an_answer_is_scored_in_the_background(app, db, client, followup):
    fields = form_fields(client, followup.url)
    sent = client.post(
        followup.url, data={**fields, "text": "ik weet niet hoe ik een groep aanmaak"}
    )
    assert sent.status_code == 303
    assert worker_for(app.config["DATABASE"], app.config["MODEL_DIR"]).wait_idle(120)
    row = db.execute(
        "SELECT language, barrier, sentiment, p_knowledge, model_version FROM conversation_messages"
    ).fetchone()
    assert row[0] == "nl" and row[1] == "knowledge" and row[2] and row[3] > 0.5 and row[4]


def test_score_pending_takes_only_the_scored_tables(db):
    with pytest.raises(ValueError):
        score_pending(db, table="invitations")
