"""Reading an answer's sentiment by meaning: a logistic regression on the sentence embeddings
(`embedding.py`), blended with the lexicon-stacked sentiment head.

The head reads polarity words and cues; real comments often carry their tone in how a
sentence is put ("we were told it would save time", "nobody asked us"). The regression on
multilingual-e5-small embeddings reads that, in both languages, and the two are blended in
log space:

    p = softmax((1 - weight) * log p_head + weight * log p_regression)

The weight was chosen on the in-house held-out round 11 and the public sets (no development
set): 0.7 was best of 0, 0.3, 0.5 and 0.7 on round 11 and on eight of the ten public sets
(models/MODEL_CARD.md). Answers outside the product's domain are still bounded by the lexicon
afterwards (`model.LEXICON_WEIGHT`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.special import softmax

from feedback.domain import SENTIMENTS
from feedback.scoring.embedding import encode_cached
from feedback.scoring.regression import fit_regression, regression_proba


def fit_sentiment_reader(
    texts: Sequence[str], labels: Sequence[str], params: dict
) -> dict[str, Any] | None:
    """The artefact part: the regression's classes (SENTIMENTS), coefficients and intercepts,
    and the blend's weight; None when the labels hold fewer than two classes."""
    codes = np.array([SENTIMENTS.index(label) for label in labels])
    if len(set(codes.tolist())) < 2:
        return None
    coef, intercept = fit_regression(
        encode_cached(texts), codes, len(SENTIMENTS), float(params["C"])
    )
    return {
        "classes": list(SENTIMENTS),
        "coef": coef,
        "intercept": intercept,
        "weight": float(params["weight"]),
    }


class SentimentReader:
    """The regression's probabilities, blended with the head's."""

    def __init__(self, part: dict[str, Any]) -> None:
        self.classes = list(part["classes"])
        self.coef = np.asarray(part["coef"], dtype=np.float32)
        self.intercept = np.asarray(part["intercept"], dtype=np.float32)
        self.weight = float(part["weight"])

    def proba(self, embeddings: np.ndarray, classes: Sequence[str]) -> np.ndarray:
        """(n, len(classes)) probabilities in the order of `classes` (a class the regression
        never saw gets a very small probability)."""
        own = regression_proba(embeddings, self.coef, self.intercept)
        out = np.full((len(embeddings), len(classes)), 1e-9)
        for j, name in enumerate(classes):
            if name in self.classes:
                out[:, j] = own[:, self.classes.index(name)]
        return out

    def blend(self, head: np.ndarray, classes: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """The head's (n, len(classes)) probabilities blended with the regression's."""
        if not len(head):
            return head
        own = np.log(np.clip(head, 1e-9, 1.0))
        reader = np.log(np.clip(self.proba(embeddings, classes), 1e-9, 1.0))
        return softmax((1 - self.weight) * own + self.weight * reader, axis=1)
