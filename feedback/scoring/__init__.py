"""The scoring module: language, sentiment and barrier class for free-text answers.

`Scorer.load(path=None)` loads the trained model from models/; `scorer.score(text)` and
`scorer.score_many(texts)` return `ScoreResult`s. Imported lazily so that the app starts
without loading scikit-learn until something is scored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from feedback.scoring.model import Scorer, ScoreResult

__all__ = ["Scorer", "ScoreResult"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from feedback.scoring import model

        return getattr(model, name)
    raise AttributeError(name)
