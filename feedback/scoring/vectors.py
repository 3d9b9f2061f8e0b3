"""Sentence embeddings stored with scored comments, so that the explorer's themes, its
similar-comment suggestions and the correction memory read a comment's meaning without
encoding it again.

The scorer encodes every answer it scores (`Scorer.embeddings`); the background worker keeps
that vector in `comments.embedding` (float16, 768 bytes) beside the scores and the model
version, and `flask rescore` renews both when the model (and with it the encoder) changes.
Without them, the first comments page of a wave of 900 comments spent about 20 s of CPU
encoding its comments for the themes, in every server process. A comment not scored yet is
encoded here, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sqlite_utils

from feedback.scoring.embedding import DIMENSION, encode_cached
from feedback.scoring.text import normalize

STORED = np.float16
CHUNK = 500  # ids per query


def to_blob(vector: np.ndarray | None) -> bytes | None:
    """A vector as stored (None stays None)."""
    return None if vector is None else np.asarray(vector, dtype=STORED).tobytes()


def from_blob(blob: bytes | None) -> np.ndarray | None:
    """A stored vector as float32, or None when there is none or it is not one of ours."""
    if not blob or len(blob) != DIMENSION * np.dtype(STORED).itemsize:
        return None
    return np.frombuffer(blob, dtype=STORED).astype(np.float32)


def encode_as_read(texts: Sequence[str]) -> np.ndarray:
    """Embeddings of texts as the scorer reads them (normalised), remembered per text: for
    comments with no stored vector, and texts that are not comments."""
    return encode_cached([normalize(t) for t in texts])


def comment_vectors(
    db: sqlite_utils.Database, ids: Sequence[int], texts: Sequence[str]
) -> np.ndarray:
    """(len(ids), DIMENSION) embeddings of the comments `ids` (whose texts are `texts`): the
    stored vector where there is one, else the text encoded now (as the scorer encodes it)."""
    stored: dict[int, bytes] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = [int(i) for i in ids[start : start + CHUNK]]
        marks = ",".join("?" * len(chunk))
        stored.update(
            db.execute(
                f"SELECT id, embedding FROM comments WHERE id IN ({marks}) "
                "AND embedding IS NOT NULL",
                chunk,
            ).fetchall()
        )
    rows = np.zeros((len(ids), DIMENSION), dtype=np.float32)
    missing = []
    for i, comment_id in enumerate(ids):
        vector = from_blob(stored.get(int(comment_id)))
        if vector is None:
            missing.append(i)
        else:
            rows[i] = vector
    if missing:
        rows[missing] = encode_as_read([texts[i] for i in missing])
    return rows
