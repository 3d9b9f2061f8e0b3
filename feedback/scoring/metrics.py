"""Classification and calibration figures, as plain dicts for the metrics JSON and the card."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_fscore_support,
)


def classification(gold: list, pred: list, labels: list, short: bool = False) -> dict:
    """Accuracy, macro and weighted F1; unless `short`, per-class P/R/F1 and the confusion."""
    if not gold:
        return {"n": 0}
    present = [label for label in labels if label in set(gold) | set(pred)]
    result: dict = {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(
            float(f1_score(gold, pred, labels=present, average="macro", zero_division=0)), 4
        ),
        "weighted_f1": round(
            float(f1_score(gold, pred, labels=present, average="weighted", zero_division=0)), 4
        ),
    }
    if short:
        return result
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    result["per_class"] = {
        label: {
            "precision": round(float(p[i]), 4),
            "recall": round(float(r[i]), 4),
            "f1": round(float(f[i]), 4),
            "support": int(s[i]),
        }
        for i, label in enumerate(labels)
    }
    result["confusion"] = {
        "labels": labels,
        "matrix": confusion_matrix(gold, pred, labels=labels).tolist(),
    }
    return result


def calibration(gold: list, proba: np.ndarray, labels: list, bins: int = 10) -> dict:
    """Multi-class Brier score, expected calibration error (top label) and log loss."""
    onehot = np.array([[g == label for label in labels] for g in gold], dtype=float)
    brier = float(np.mean(np.sum((proba - onehot) ** 2, axis=1)))
    confidence = proba.max(axis=1)
    correct = onehot[np.arange(len(gold)), proba.argmax(axis=1)]
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        mask = (confidence > low) & (confidence <= high)
        if mask.any():
            ece += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    clipped = np.clip(proba, 1e-12, 1)
    return {
        "brier": round(brier, 4),
        "ece": round(float(ece), 4),
        "log_loss": round(
            float(log_loss(onehot.argmax(axis=1), clipped, labels=list(range(len(labels))))), 4
        ),
    }
