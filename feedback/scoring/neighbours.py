"""Reading an answer by meaning, for the barrier: a vote of the nearest corpus answers in the
sentence encoder's space, and a linear head over the same embeddings.

The bag of stems, cues and concepts reads the words of an answer; the multilingual sentence
encoder (`embedding.py`) places an answer near corpus answers that mean the same in other
words or in the other language. Each answer's barrier probabilities are the lexicon model's
blended with a similarity-weighted vote of its K nearest corpus answers and, when the part has
one, with a logistic regression on the embeddings (`lr_weight`; it reads the direction of a
statement's meaning where the nearest answers are only about the same topic):

    p = softmax(((1 - weight - lr_weight) * log p_model + weight * log p_vote
                 + lr_weight * log p_lr) / T)

T is fitted on the corpus itself (out-of-fold probabilities of the model, each answer's vote by
neighbours outside its own group), so the blend is calibrated as the model alone was.
K, the vote's temperature and the weight were chosen on the corpus hold-outs (files written
after the hand-made parts were frozen, hard cases); the real development sets only confirmed
the choice (models/MODEL_CARD.md). The corpus embeddings travel in the artefact (float16).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.special import softmax

from feedback.domain import BARRIERS
from feedback.scoring.calibrated import fit_temperature
from feedback.scoring.embedding import encode, encode_cached
from feedback.scoring.regression import fit_regression, oof_regression_proba, regression_proba

SMOOTHING = 0.5  # added to every class's vote, so that no class gets probability 0
CHUNK = 1_000  # answers per similarity block (1,000 x 7,600 floats)


def fit_vote(
    texts: Sequence[str],
    barriers: Sequence[str],
    params: dict,
    groups: Sequence[str] | None = None,
    oof_proba: np.ndarray | None = None,
) -> dict[str, Any]:
    """The artefact part: corpus embeddings, their barrier codes and the vote's parameters.

    With the answers' `groups` and the model's out-of-fold probabilities of them (BARRIERS
    order), the blend's temperature is fitted too; otherwise it is 1."""
    embeddings = encode_cached(texts)
    codes = np.array([BARRIERS.index(b) for b in barriers], dtype=np.int8)
    part: dict[str, Any] = {
        "embeddings": embeddings.astype(np.float16),
        "codes": codes,
        "k": int(params["k"]),
        "temperature": float(params["temperature"]),
        "weight": float(params["weight"]),
        "lr_weight": float(params.get("lr_weight", 0.0)),
        "blend_temperature": 1.0,
    }
    lr_C = float(params.get("lr_C", 1.0))
    if part["lr_weight"]:
        part["lr_coef"], part["lr_intercept"] = fit_regression(
            embeddings, codes, len(BARRIERS), lr_C
        )
    if groups is not None and oof_proba is not None and len(set(groups)) > 1:
        vote = NeighbourVote(part)
        owners = np.asarray(groups)
        lr = (
            oof_regression_proba(embeddings, codes, owners, len(BARRIERS), lr_C)
            if part["lr_weight"]
            else None
        )
        logits = vote.logits(oof_proba, vote.vote(vote.embeddings, owners), lr)
        part["blend_temperature"] = fit_temperature(logits, codes.astype(np.int64))
    return part


class NeighbourVote:
    """Barrier probabilities from the K nearest corpus answers, blended with the model's."""

    def __init__(self, part: dict[str, Any]) -> None:
        self.embeddings = np.asarray(part["embeddings"], dtype=np.float32)
        self.codes = np.asarray(part["codes"], dtype=np.int64)
        self.k = min(int(part["k"]), len(self.codes))
        self.temperature = float(part["temperature"])
        self.weight = float(part["weight"])
        self.blend_temperature = float(part.get("blend_temperature", 1.0))
        self.lr_weight = float(part.get("lr_weight", 0.0))
        self.lr_coef = np.asarray(part["lr_coef"], np.float32) if self.lr_weight else None
        self.lr_intercept = np.asarray(part["lr_intercept"], np.float32) if self.lr_weight else None

    def vote(self, embeddings: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
        """(n, 4) probabilities in BARRIERS order from the similarity-weighted neighbours.

        With `groups` (one per corpus answer, `embeddings` being the corpus' own), each
        answer is voted on by neighbours outside its group only."""
        votes = np.full((len(embeddings), len(BARRIERS)), SMOOTHING)
        for start in range(0, len(embeddings), CHUNK):
            similarity = embeddings[start : start + CHUNK] @ self.embeddings.T
            if groups is not None:
                similarity[groups[start : start + CHUNK, None] == groups[None, :]] = -np.inf
            nearest = np.argpartition(-similarity, self.k - 1, axis=1)[:, : self.k]
            weights = np.exp(np.take_along_axis(similarity, nearest, axis=1) / self.temperature)
            for row in range(len(nearest)):
                np.add.at(votes[start + row], self.codes[nearest[row]], weights[row])
        return votes / votes.sum(axis=1, keepdims=True)

    def logits(
        self, model_proba: np.ndarray, vote: np.ndarray, lr_proba: np.ndarray | None = None
    ) -> np.ndarray:
        own = 1 - self.weight - (self.lr_weight if lr_proba is not None else 0.0)
        logits = own * np.log(np.clip(model_proba, 1e-9, 1.0)) + self.weight * np.log(vote)
        if lr_proba is not None:
            logits += self.lr_weight * np.log(np.clip(lr_proba, 1e-9, 1.0))
        return logits

    def lr_proba(self, embeddings: np.ndarray) -> np.ndarray | None:
        """The embedding regression's (n, 4) probabilities, None when the part has none."""
        if self.lr_coef is None or self.lr_intercept is None:
            return None
        return regression_proba(embeddings, self.lr_coef, self.lr_intercept)

    def blend(self, model_proba: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The model's (n, 4) probabilities (BARRIERS order) blended with the vote and the
        embedding regression."""
        if not len(texts):
            return model_proba
        return self.blend_embedded(model_proba, encode(texts))

    def blend_embedded(self, model_proba: np.ndarray, embeddings: np.ndarray) -> np.ndarray:
        """`blend` for answers already encoded (`embedding.encode` of their normalised text)."""
        if not len(embeddings):
            return model_proba
        logits = self.logits(model_proba, self.vote(embeddings), self.lr_proba(embeddings))
        return softmax(logits / self.blend_temperature, axis=1)
