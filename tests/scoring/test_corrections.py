"""The one corrections reader, corrections weighted in training, and the correction memory at
scoring time (Python API)."""

from __future__ import annotations

import json

from feedback.db import open_database
from feedback.domain import BARRIERS
from feedback.scoring import corrections, embedding
from feedback.scoring.store import score_pending

from .helpers import add_comments

CORRECTED = "I have no idea where the button to share a document is"
SIMILAR = "Ik heb geen idee waar de knop zit om een document te delen"
NEAR_COPY = "No idea where the button for sharing a document is"
UNRELATED = "The canteen serves great soup on Fridays"


def correct(db, comment_id: int, field: str, value: str) -> None:
    db["label_corrections"].insert(
        {"comment_id": comment_id, "field": field, "value": value, "corrected_on": "2026-01-04"}
    )


def test_the_latest_correction_per_comment_and_field_wins(app):
    db = open_database(app)
    first, second = add_comments(db, ["wat heb ik eraan", "de knop is onvindbaar"])
    correct(db, first, "barrier", "access")
    correct(db, first, "sentiment", "negative")
    correct(db, first, "barrier", "motivation")
    correct(db, second, "sentiment", "neutral")
    found = {c.comment_id: (c.barrier, c.sentiment) for c in corrections.latest_corrections(db)}
    assert found == {first: ("motivation", "negative"), second: (None, "neutral")}
    examples = corrections.read_corrections(db, lambda text: "nl")
    assert len(examples) == 2
    assert len(corrections.weighted(examples)) == corrections.TRAINING_WEIGHT * 2
    db.conn.close()


def test_the_memory_moves_similar_answers_in_either_language_only(scorer):
    memory = corrections.Memory([CORRECTED], ["access"])
    texts = [NEAR_COPY, SIMILAR, UNRELATED]
    plain = scorer.score_many(texts)
    moved = scorer.score_many(texts)
    memory.adjust(texts, moved)
    assert plain[0].barrier != "access"
    assert moved[0].barrier == "access" and moved[0].evidence[0] == corrections.EVIDENCE
    assert moved[1].probabilities["access"] > plain[1].probabilities["access"] + 0.2
    for result in moved[:2]:
        assert abs(sum(result.probabilities.values()) - 1) < 1e-3
        assert result.confidence == max(result.probabilities.values())
    assert moved[2] == plain[2]  # nothing close: untouched


def test_scoring_a_stored_comment_uses_the_organisations_corrections(app):
    db = open_database(app)
    corrected, similar, unrelated = add_comments(db, [CORRECTED, NEAR_COPY, UNRELATED])
    correct(db, corrected, "barrier", "access")
    assert score_pending(db) == 3
    rows = {r["id"]: r for r in db.query("SELECT * FROM comments")}
    assert rows[similar]["barrier"] == rows[corrected]["barrier"] == "access"
    assert json.loads(rows[similar]["evidence"])[0] == "correction"
    assert "correction" not in json.loads(rows[unrelated]["evidence"])
    assert rows[similar]["confidence"] == max(rows[similar][f"p_{b}"] for b in BARRIERS)
    assert rows[similar]["confident"] in (0, 1)
    db.conn.close()


def test_the_memory_reads_stored_vectors_instead_of_encoding_again(app, monkeypatch):
    db = open_database(app)
    corrected, similar = add_comments(db, [CORRECTED, NEAR_COPY])
    assert score_pending(db) == 2
    correct(db, corrected, "barrier", "access")
    assert corrections.queue_rescoring(db, corrected) == 2

    def encode_again(texts):
        raise AssertionError(f"encoded again: {texts}")

    monkeypatch.setattr(embedding, "_CACHE", {})  # nothing remembered from other tests
    monkeypatch.setattr(embedding, "encode", encode_again)  # the scorer encodes on its own
    assert score_pending(db) == 2
    row = db["comments"].get(similar)
    assert row["barrier"] == "access" and json.loads(row["evidence"])[0] == "correction"
    db.conn.close()
