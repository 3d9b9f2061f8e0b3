"""Themes by meaning: a selection's comments grouped by sentence-embedding similarity (Dutch
and English in one space), each named by its most typical concepts or content words.

Counted under the comments' own rules: themes are built only from comments the release lets
this reader list (the same `matching` as the list itself, so a group below k_comments, or one
whose comments would reveal a smaller one, has no themes), and a theme of fewer than
k_comments comments is not shown. Any difference between two selections' theme counts is
then a count over comments the reader may list in both, never over a hidden person.
Deterministic: the comments are clustered in id order, and agglomerative clustering has no
randomness.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from feedback.dashboard.explorer.comment_query import CommentFilter, evidence_terms, matching
from feedback.scoring.concept_labels import PREFIX as CONCEPT_PREFIX
from feedback.scoring.corrections import EVIDENCE
from feedback.scoring.vectors import comment_vectors
from feedback.waves import get_wave

# Comments join a theme when their average cosine to its members is at least this. Centred
# E5 places a Dutch sentence and its English translation at 0.5-0.6 (USE v3 at about 0.7) and
# two wordings of one complaint at 0.4-0.9, so at USE's 0.5 a theme split by language and by
# wording; at 0.35 it holds both while unrelated complaints (below 0.2) stay apart.
THEME_AT = 0.35
NAMES = 2
# Clustering is quadratic in memory; a larger selection shows no themes (filter it first).
MAX_COMMENTS = 3_000


@dataclass(frozen=True)
class Theme:
    names: tuple[str, ...]  # concept terms ("concept:login") or content words
    count: int


def selection_themes(
    db: sqlite_utils.Database,
    flt: CommentFilter,
    departments: Sequence[str] | None,
    language: str,
    k: int,
    top: int = 6,
) -> list[Theme]:
    """The `top` largest themes of the comments matching `flt`, each of at least k comments;
    raises TooFewForComments like the list."""
    wave = get_wave(db, flt.wave_id, flt.survey_id)
    rows = sorted(matching(db, wave, flt, departments, "id, text, language, evidence"))
    if len(rows) < k or len(rows) > MAX_COMMENTS:
        return []
    labels = cluster(comment_vectors(db, [r[0] for r in rows], [r[1] for r in rows]))
    themes = []
    for label in set(labels.tolist()):
        members = [rows[i] for i in np.flatnonzero(labels == label)]
        if len(members) >= k:
            themes.append(Theme(theme_names(members, language), len(members)))
    themes.sort(key=lambda t: (-t.count, t.names))
    return [t for t in themes if t.names][:top]


def cluster(vectors: np.ndarray) -> np.ndarray:
    """A theme number per row of sentence embeddings (average-linkage agglomerative clustering
    on cosine)."""
    from sklearn.cluster import AgglomerativeClustering  # slow to import: only when used

    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=np.int64)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - THEME_AT
    )
    vectors = np.array(vectors, dtype=np.float32)
    blank = ~vectors.any(axis=1)
    vectors[blank, 0] = 1.0  # a blank text has no direction; give it one (its own theme)
    return np.asarray(model.fit_predict(vectors))


def theme_names(members: Sequence[tuple], language: str) -> tuple[str, ...]:
    """The concepts most of the members name, else the content words of their evidence,
    preferring members written in the reader's language."""
    concepts: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for _id, _text, lang, evidence in members:
        for term in evidence_terms(evidence):
            if term.startswith(CONCEPT_PREFIX):
                concepts[term] += 1
            elif term != EVIDENCE and "(" not in term:
                words[term] += 2 if lang == language else 1
    chosen = [t for t, _n in sorted(concepts.items(), key=lambda i: (-i[1], i[0]))[:NAMES]]
    if len(chosen) < NAMES:
        ranked = sorted(words.items(), key=lambda i: (-i[1], i[0]))
        chosen += [t for t, _n in ranked[: NAMES - len(chosen)]]
    return tuple(chosen)
