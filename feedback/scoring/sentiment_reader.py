"""Reading an answer's sentiment by meaning: a logistic regression on the sentence embeddings
(`embedding.py`), blended with the lexicon-stacked sentiment head.

The head reads polarity words and cues; real comments often carry their tone in how a
sentence is put ("we were told it would save time", "nobody asked us"). The regression on
multilingual-e5-small embeddings reads that, in both languages, and the two are blended in
log space:

    p = softmax(((1 - weight) * log p_head + weight * log p_regression) / temperature)

The temperature is fitted on out-of-fold probabilities of both parts (whole answer groups held
out), as the barrier blend's is: the two parts are each calibrated, but a blend of calibrated
parts is not (cross-validated ECE 0.014 for the head alone, 0.036 for the blend at T = 1).

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
from feedback.scoring.calibrated import fit_temperature
from feedback.scoring.embedding import encode_cached
from feedback.scoring.regression import fit_regression, oof_regression_proba, regression_proba


def fit_sentiment_reader(
    texts: Sequence[str],
    labels: Sequence[str],
    params: dict,
    groups: Sequence[str] | None = None,
    head_oof: tuple[np.ndarray, Sequence[str]] | None = None,
) -> dict[str, Any] | None:
    """The artefact part: the regression's classes (SENTIMENTS), coefficients and intercepts,
    the blend's weight and temperature; None when the labels hold fewer than two classes.

    With `params["calibrated"]`, the answers' `groups` and the head's out-of-fold
    probabilities of them (and the head's classes), the blend's temperature is fitted;
    otherwise it is 1."""
    codes = np.array([SENTIMENTS.index(label) for label in labels])
    if len(set(codes.tolist())) < 2:
        return None
    embeddings = encode_cached(texts)
    C = float(params["C"])
    coef, intercept = fit_regression(embeddings, codes, len(SENTIMENTS), C)
    part = {
        "classes": list(SENTIMENTS),
        "coef": coef,
        "intercept": intercept,
        "weight": float(params["weight"]),
        "temperature": 1.0,
    }
    if params.get("calibrated") and groups is not None and head_oof is not None:
        part["temperature"] = _blend_temperature(part, embeddings, codes, groups, head_oof, C)
    return part


def _blend_temperature(
    part: dict[str, Any],
    embeddings: np.ndarray,
    codes: np.ndarray,
    groups: Sequence[str],
    head_oof: tuple[np.ndarray, Sequence[str]],
    C: float,
) -> float:
    """The temperature that calibrates the blend of the head's and the regression's
    out-of-fold probabilities (1 with a single group: nothing to hold out)."""
    owners = np.asarray(groups)
    if len(set(owners.tolist())) < 2:
        return 1.0
    oof = oof_regression_proba(embeddings, codes, owners, len(SENTIMENTS), C)
    head = _reordered(*head_oof, SENTIMENTS)
    return fit_temperature(SentimentReader(part).logits(head, oof), codes.astype(np.int64))


def _reordered(proba: np.ndarray, own: Sequence[str], classes: Sequence[str]) -> np.ndarray:
    """Columns of `proba` (in `own` class order) in the order of `classes`; a class `own`
    lacks gets a very small probability."""
    out = np.full((len(proba), len(classes)), 1e-9)
    for j, name in enumerate(classes):
        if name in own:
            out[:, j] = proba[:, list(own).index(name)]
    return out


class SentimentReader:
    """The regression's probabilities, blended with the head's."""

    def __init__(self, part: dict[str, Any]) -> None:
        self.classes = list(part["classes"])
        self.coef = np.asarray(part["coef"], dtype=np.float32)
        self.intercept = np.asarray(part["intercept"], dtype=np.float32)
        self.weight = float(part["weight"])
        self.temperature = float(part.get("temperature", 1.0))

    def proba(self, embeddings: np.ndarray, classes: Sequence[str]) -> np.ndarray:
        """(n, len(classes)) probabilities in the order of `classes` (a class the regression
        never saw gets a very small probability)."""
        own = regression_proba(embeddings, self.coef, self.intercept)
        return _reordered(own, self.classes, classes)

    def logits(self, head: np.ndarray, reader: np.ndarray) -> np.ndarray:
        """The blend's logits from the head's and the regression's probabilities (same class
        order), before the temperature."""
        own = np.log(np.clip(head, 1e-9, 1.0))
        return (1 - self.weight) * own + self.weight * np.log(np.clip(reader, 1e-9, 1.0))

    def blend(self, head: np.ndarray, classes: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """The head's (n, len(classes)) probabilities blended with the regression's."""
        if not len(head):
            return head
        logits = self.logits(head, self.proba(embeddings, classes))
        return softmax(logits / self.temperature, axis=1)
