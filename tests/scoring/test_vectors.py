"""Sentence embeddings stored with scored comments (Python API): written by the scorer,
read back by the explorer, encoded only where none is stored."""

from __future__ import annotations

import numpy as np
import pytest

from feedback.db import open_database
from feedback.scoring import vectors
from feedback.scoring.embedding import encode
from feedback.scoring.store import score_pending
from feedback.scoring.text import normalize

from .helpers import add_comments

TEXTS = ["Ik weet niet hoe ik een groep aanmaak", "The app crashes on my phone", "   "]


def test_scoring_keeps_the_vector_each_comment_was_read_with(app):
    db = open_database(app)
    ids = add_comments(db, TEXTS)
    assert score_pending(db) == 3
    blobs = [db["comments"].get(i)["embedding"] for i in ids]
    assert blobs[2] is None  # flagged empty: not read
    for text, blob in zip(TEXTS[:2], blobs[:2], strict=True):
        stored = vectors.from_blob(blob)
        assert stored is not None and stored.shape == (384,)
        assert float(stored @ encode([normalize(text)])[0]) > 0.999
    db.conn.close()


def test_stored_vectors_are_read_and_missing_ones_encoded(app, monkeypatch):
    db = open_database(app)
    ids = add_comments(db, TEXTS[:2])
    score_pending(db, ids[:1])
    stored = vectors.comment_vectors(db, ids[:1], TEXTS[:1])
    encoded: list[str] = []

    def encode_cached(texts):
        encoded.extend(texts)
        return encode(texts)

    monkeypatch.setattr(vectors, "encode_cached", encode_cached)
    both = vectors.comment_vectors(db, ids, TEXTS[:2])
    assert encoded == [normalize(TEXTS[1])]  # only the comment not scored yet
    assert np.allclose(both[0], stored[0])
    assert float(both[1] @ encode([normalize(TEXTS[1])])[0]) == pytest.approx(1.0, abs=1e-5)
    db.conn.close()


@pytest.mark.parametrize("blob", [None, b"", b"\x00" * 10])
def test_a_missing_or_foreign_blob_is_no_vector(blob):
    assert vectors.from_blob(blob) is None
