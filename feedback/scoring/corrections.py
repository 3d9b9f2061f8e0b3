"""Label corrections made in the comment explorer: the one reader of "the latest correction per
comment and field", what `train` learns from them, and the correction memory that lets them
change scores right away.

Retraining on an organisation's own corrections barely moves its scores (112 real corrections
moved macro-F1 on other real comments by +0.01, +0.02 even weighted x20): a few rows drown in a
corpus of thousands. The memory works at scoring time instead: a comment close in meaning
(sentence-embedding cosine, Dutch and English in one space) to corrected comments takes their
label by a similarity-weighted vote blended with the model's probabilities (bench/corrections.py
measures it; the figures are in models/MODEL_CARD.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from feedback.domain import BARRIERS, SENTIMENTS
from feedback.scoring.corpus import OFFTOPIC, Example
from feedback.scoring.embedding import similarity
from feedback.scoring.vectors import comment_vectors, encode_as_read

# A neighbour counts when its cosine is at least THRESHOLD; its vote weighs STRENGTH times its
# cosine to the power POWER against the model's probabilities (which weigh 1): a near-copy
# (0.9: 2.6) outweighs the model, a loosely related comment (0.4: 0.1) barely nudges it.
# Chosen with bench/corrections.py on the development sets (figures in the model card).
THRESHOLD = 0.3
STRENGTH = 4.0
POWER = 4
# In training a correction counts this many times: enough to outweigh the odd corpus row that
# says otherwise about the same wording, not so much that a handful of an organisation's
# comments bends the calibrated probabilities the abstention threshold depends on (x20 gained
# +0.01 over x1 on other real comments; the memory above does the real work).
TRAINING_WEIGHT = 3
EVIDENCE = "correction"


@dataclass(frozen=True)
class Correction:
    """A corrected comment: its text and the latest value of each corrected field."""

    comment_id: int
    survey_id: int
    text: str
    language: str | None
    barrier: str | None
    sentiment: str | None


def latest_corrections(db: sqlite_utils.Database) -> list[Correction]:
    """The latest correction per comment and field, one entry per corrected comment."""
    rows = db.query("""
        SELECT c.id, w.survey_id, c.text, c.language, lc.field, lc.value
        FROM label_corrections lc JOIN comments c ON c.id = lc.comment_id
             JOIN waves w ON w.id = c.wave_id
        WHERE lc.id IN (SELECT max(id) FROM label_corrections GROUP BY comment_id, field)
        ORDER BY c.id""")
    merged: dict[int, dict] = {}
    for row in rows:
        entry = merged.setdefault(row["id"], dict(row))
        entry[row["field"]] = row["value"]
    return [
        Correction(
            cid,
            e["survey_id"],
            e["text"],
            e["language"],
            e.get("barrier") if e.get("barrier") in (*BARRIERS, OFFTOPIC) else None,
            e.get("sentiment") if e.get("sentiment") in SENTIMENTS else None,
        )
        for cid, e in merged.items()
    ]


def read_corrections(
    db: sqlite_utils.Database, detect_language: Callable[[str], str]
) -> list[Example]:
    """Corrected comments as training examples (once each; `weighted` repeats them).

    `detect_language(text) -> "nl"|"en"` is used when the comment has no stored language.
    """
    examples = []
    for c in latest_corrections(db):
        if not (c.barrier or c.sentiment) or not c.text.strip():
            continue
        lang = c.language if c.language in ("nl", "en") else detect_language(c.text)
        group = f"correction-{c.comment_id}"
        examples.append(Example(group, lang, c.text, c.barrier, c.sentiment, "corrections"))
    return examples


def weighted(examples: list[Example]) -> list[Example]:
    """Each correction TRAINING_WEIGHT times (one group, so cross-validation keeps them
    together)."""
    return [e for e in examples for _ in range(TRAINING_WEIGHT)]


class Memory:
    """Corrected barriers and their embeddings; `adjust` moves scores of similar comments."""

    def __init__(
        self, texts: Sequence[str], barriers: Sequence[str], vectors: np.ndarray | None = None
    ) -> None:
        """`vectors`: the corrected comments' embeddings when known (else they are encoded)."""
        self.labels = np.array([BARRIERS.index(b) for b in barriers], dtype=np.int64)
        self.vectors = encode_as_read(texts) if vectors is None else vectors

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> Memory:
        """The organisation's corrected barriers (every survey: one organisation per
        database), read with the embeddings stored when they were scored."""
        chosen = [c for c in latest_corrections(db) if c.barrier in BARRIERS and c.text.strip()]
        texts = [c.text for c in chosen]
        vectors = comment_vectors(db, [c.comment_id for c in chosen], texts)
        return cls(texts, [str(c.barrier) for c in chosen], vectors)

    def votes(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Per text, the similarity-weighted votes of close corrected comments per barrier,
        shape (len(texts), len(BARRIERS)); zero rows where none is close. `vectors`: the
        texts' embeddings when known."""
        votes = np.zeros((len(texts), len(BARRIERS)))
        if not len(self.labels) or not texts:
            return votes
        sims = similarity(encode_as_read(texts) if vectors is None else vectors, self.vectors)
        weights = np.where(sims >= THRESHOLD, np.maximum(sims, 0.0) ** POWER, 0.0)
        for column in range(len(BARRIERS)):
            votes[:, column] = weights[:, self.labels == column].sum(axis=1)
        return votes

    def adjust(self, texts: Sequence[str], results: list) -> None:
        """Blend the votes into each scored result in place (`ScoreResult`s of the same
        texts): probabilities, barrier, confidence; "correction" leads the evidence where the
        memory outweighs the model or changes its barrier."""
        from feedback.scoring.model import CONFIDENT_AT

        usable = [i for i, r in enumerate(results) if r.probabilities]
        if not len(self.labels) or not usable:
            return
        known = all(results[i].embedding is not None for i in usable)
        vectors = np.array([results[i].embedding for i in usable]) if known else None
        votes = self.votes([texts[i] for i in usable], vectors)
        for i, vote in zip(usable, votes, strict=True):
            if not vote.any():
                continue
            result = results[i]
            model = np.array([result.probabilities[b] for b in BARRIERS])
            blended = (model + STRENGTH * vote) / (1.0 + STRENGTH * vote.sum())
            result.probabilities = {
                b: round(float(p), 4) for b, p in zip(BARRIERS, blended, strict=True)
            }
            result.confidence = round(float(blended.max()), 4)
            if result.flag is None:
                result.barrier = BARRIERS[int(blended.argmax())]
                result.confident = result.confidence >= CONFIDENT_AT
            if STRENGTH * vote.sum() >= 1.0 or blended.argmax() != model.argmax():
                result.evidence = [EVIDENCE, *(t for t in result.evidence if t != EVIDENCE)]


def adjust(db: sqlite_utils.Database, texts: Sequence[str], results: list) -> list:
    """`results` after the organisation's correction memory (the scoring store's one hook)."""
    Memory.load(db).adjust(texts, results)
    return results


def queue_rescoring(db: sqlite_utils.Database, comment_id: int) -> int:
    """Mark every comment of the corrected comment's survey for scoring again (the background
    worker picks them up), so the correction reaches similar comments; returns how many."""
    with db.conn:
        cursor = db.execute(
            """UPDATE comments SET model_version = NULL WHERE wave_id IN (
                   SELECT w2.id FROM comments c JOIN waves w ON w.id = c.wave_id
                   JOIN waves w2 ON w2.survey_id = w.survey_id WHERE c.id = ?)""",
            [comment_id],
        )
    return cursor.rowcount
