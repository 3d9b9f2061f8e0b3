"""A logistic regression on sentence embeddings, kept in the artefact as plain arrays (one row
of coefficients and one intercept per class): the barrier blend's (`neighbours.py`) and the
sentiment reader's (`sentiment_reader.py`)."""

from __future__ import annotations

import numpy as np
from scipy.special import softmax
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold


def fit_regression(
    embeddings: np.ndarray, codes: np.ndarray, n_classes: int, C: float
) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients (n_classes x dimension) and intercepts for class codes 0..n_classes-1 (a
    class absent from `codes` gets a very low intercept)."""
    model = LogisticRegression(C=C, max_iter=3000).fit(embeddings, codes)
    coef = np.zeros((n_classes, embeddings.shape[1]), dtype=np.float32)
    intercept = np.full(n_classes, -30.0, dtype=np.float32)
    if len(model.classes_) == 2:
        coef[model.classes_[1]], intercept[model.classes_[1]] = model.coef_[0], model.intercept_[0]
        intercept[model.classes_[0]] = 0.0
    else:
        coef[model.classes_] = model.coef_
        intercept[model.classes_] = model.intercept_
    return coef, intercept


def regression_proba(embeddings: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """(n, n_classes) probabilities of a fitted regression."""
    return softmax(embeddings @ coef.T + intercept, axis=1)


def oof_regression_proba(
    embeddings: np.ndarray, codes: np.ndarray, groups: np.ndarray, n_classes: int, C: float
) -> np.ndarray:
    """Out-of-fold (n, n_classes) probabilities of the regression, whole groups held out (what
    a blend's temperature is fitted on)."""
    proba = np.full((len(codes), n_classes), 1 / n_classes)
    folds = GroupKFold(n_splits=min(5, len(set(groups.tolist()))))
    for train, test in folds.split(embeddings, codes, groups):
        if len(set(codes[train].tolist())) < 2:
            continue
        coef, intercept = fit_regression(embeddings[train], codes[train], n_classes, C)
        proba[test] = regression_proba(embeddings[test], coef, intercept)
    return proba
