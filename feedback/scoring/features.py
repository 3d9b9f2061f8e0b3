"""Features of an answer: stems and stem bigrams, word-bounded character n-grams, lexicon scores.

Input is a sequence of (text, language) pairs (a 2-column object array works in a Pipeline and
with cross-validation). Every word is analysed once and cached, which is what keeps scoring a
large batch faster than running VADER alone.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from feedback.scoring.concepts import concept_matches
from feedback.scoring.cues import SLOTS as CUE_SLOTS
from feedback.scoring.cues import cue_counts
from feedback.scoring.lexicon import LexiconResult, lexicon_scorer
from feedback.scoring.text import normalize, stems_of, tokenize
from feedback.scoring.wordlists import word_list

DENSE_NAMES = (
    tuple(
        f"lex:{lang}_{name}"
        for lang in ("nl", "en")
        for name in ("compound", "pos", "neg", "n_pos", "n_neg", "negated")
    )
    + ("lex:exclaim", "lex:question", "lex:length", "lex:is_nl")
    + tuple(f"cue:{name}" for name in (*CUE_SLOTS, "density"))
)

INTERACTION_NAMES = (
    *(
        f"cue:{name}_{part}"
        for name in CUE_SLOTS[:4]
        for part in ("when_positive", "when_negative", "after_contrast")
    ),
    "lex:label_positive",
    "lex:label_negative",
)

_LOG1P = [math.log1p(n) for n in range(8)]


@dataclass
class Analysis:
    """One normalised answer: its tokens, lower-case words, stems and lexicon polarity."""

    language: str
    tokens: list[str]
    words: list[str]
    stems: list[str]
    lexicon: LexiconResult
    contrast: int | None = None  # filled by _last_contrast
    negated: list[int] | None = None  # filled by _negated


def analyse(text: str, language: str) -> Analysis:
    return analyse_tokens(tokenize(normalize(str(text))), language)


def analyse_tokens(
    tokens: list[str], language: str, words: list[str] | None = None, lows: list[str] | None = None
) -> Analysis:
    """`words` (lower-case word tokens) and `lows` (all tokens lower-cased) may be passed when
    the caller has them already."""
    if lows is None:
        lows = [t.lower() for t in tokens]
    if words is None:
        words = [w for w in lows if w[0].isalpha()]
    stems = stems_of(words, language)
    return Analysis(language, tokens, words, stems, lexicon_scorer(language).score(tokens, lows))


def as_pairs(X) -> list[tuple[str, str]]:
    """(text, language) pairs from a 2-column array or a sequence of pairs."""
    return [(str(row[0]), str(row[1])) for row in X]


def _char_grams(word: str, low: int, high: int) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


def _word_features(analysis: Analysis) -> list[str]:
    stems = analysis.stems
    return [f"w {s}" for s in stems] + [
        f"b {a} {b}" for a, b in zip(stems, stems[1:], strict=False)
    ]


CONTRAST = {lang: word_list(f"contrast-{lang}") for lang in ("en", "nl")}
NEGATION = {lang: word_list(f"negation-{lang}") for lang in ("en", "nl")}
NEGATION_SCOPE = 3


def _last_contrast(analysis: Analysis) -> int:
    """Index of the last contrast word that has words after it, or -1 (computed once)."""
    if analysis.contrast is None:
        words = analysis.words
        contrast = CONTRAST[analysis.language]
        last = -1
        if not contrast.isdisjoint(words):
            last = max(i for i, w in enumerate(words) if w in contrast)
        analysis.contrast = last if last < len(words) - 1 else -1
    return analysis.contrast


def _negated(analysis: Analysis) -> list[int]:
    """Positions of the words in a negation's scope (up to NEGATION_SCOPE words after it;
    computed once)."""
    if analysis.negated is None:
        words = analysis.words
        negation = NEGATION[analysis.language]
        positions = []
        if not negation.isdisjoint(words) or "n't" in "".join(words):
            scope_end = -1
            for i, word in enumerate(words):
                if word in negation or word.endswith("n't"):
                    scope_end = i + NEGATION_SCOPE
                elif i <= scope_end:
                    positions.append(i)
        analysis.negated = positions
    return analysis.negated


def _clause_features(analysis: Analysis) -> list[str]:
    """Stems after the last contrast word ("it's handy, but I can't log in": the clause that
    carries the point) and stems in a negation's scope ("don't see the point"), each as a
    feature of its own next to the plain stem."""
    stems = analysis.stems
    last = _last_contrast(analysis)
    features = [f"a {s}" for s in stems[last + 1 :]] if last >= 0 else []
    return features + [f"n {stems[i]}" for i in _negated(analysis)]


def _concept_features(analysis: Analysis, clauses: bool) -> list[str]:
    """Concepts of the bilingual concept lexicon, also marked when they follow the last
    contrast word or sit in a negation's scope (with `clauses`)."""
    matches = concept_matches(analysis.words, analysis.stems, analysis.language)
    if not matches:
        return []
    features = [f"k {concept}" for concept, _i in matches]
    if clauses:
        last = _last_contrast(analysis)
        features += [f"ka {c}" for c, i in matches if 0 <= last < i]
        negated = _negated(analysis)
        if negated:
            features += [f"kn {c}" for c, i in matches if i in negated]
    return features


def _dense(analysis: Analysis) -> list[float]:
    lex = analysis.lexicon
    values = [0.0] * len(DENSE_NAMES)
    offset = 0 if analysis.language == "nl" else 6
    if lex.hits:
        n_pos = len([v for _w, v in lex.hits if v > 0])
        values[offset : offset + 6] = [
            lex.compound,
            lex.pos,
            lex.neg,
            math.log1p(n_pos),
            math.log1p(len(lex.hits) - n_pos),
            math.log1p(lex.negated),
        ]
    marks = [t for t in analysis.tokens if t[0] in "!?"]
    values[12:16] = [
        min(sum(t.count("!") for t in marks), 3) / 3 if marks else 0.0,
        float(any("?" in t for t in marks)),
        math.log1p(len(analysis.words)) / 5,
        float(analysis.language == "nl"),
    ]
    cues = cue_counts(analysis.words, analysis.stems, analysis.language)
    if any(cues):
        values[16:21] = [_LOG1P[c] if c < 8 else math.log1p(c) for c in cues]
        values[21] = min(sum(cues) / max(len(analysis.words), 1), 1.0)
    return values


def _interactions(analysis: Analysis, dense: list[float]) -> list[float]:
    """What a linear model cannot compute by itself: a class's cues in a positive answer ("the
    training was great": no barrier) or a negative one, cues in the clause after the last
    contrast word ("handy, but I can't log in"), and the lexicon's own label (VADER's cut of
    the compound at +-0.05)."""
    compound = dense[0] if analysis.language == "nl" else dense[6]
    cues = dense[16:20]
    last = _last_contrast(analysis)
    after = [0.0] * 4
    if last >= 0:
        words, stems = analysis.words[last + 1 :], analysis.stems[last + 1 :]
        after = [math.log1p(c) for c in cue_counts(words, stems, analysis.language)[:4]]
    positive, negative = (compound, 0.0) if compound > 0 else (0.0, -compound)
    values = []
    for k in range(4):
        values += [cues[k] * positive, cues[k] * negative, after[k]]
    return values + [float(compound >= 0.05), float(compound <= -0.05)]


class TextFeaturizer(TransformerMixin, BaseEstimator):
    """Sparse tf-idf stems, stem bigrams and character n-grams, plus dense lexicon scores.

    Parameters
    ----------
    char_range : tuple of int
        Shortest and longest character n-gram inside a padded word.
    min_df : int
        A feature must occur in at least this many training answers.
    word_weight, char_weight, lexicon_weight : float
        Scale of each block after l2 normalisation (lexicon block: raw scores times weight).
    clauses : bool
        Add stems after the last contrast word and stems in a negation's scope.
    interactions : bool
        Add dense cue-by-polarity, cue-after-contrast and lexicon-label columns.
    concepts : bool
        Add the concepts of the bilingual concept lexicon (data/concepts.tsv), in the word block.
    """

    def __init__(
        self,
        char_range=(3, 4),
        min_df=2,
        word_weight=1.0,
        char_weight=0.6,
        lexicon_weight=1.5,
        clauses=False,
        interactions=False,
        concepts=False,
    ):
        self.char_range = char_range
        self.clauses = clauses
        self.interactions = interactions
        self.concepts = concepts
        self.min_df = min_df
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.lexicon_weight = lexicon_weight

    def fit(self, X, y=None):
        """Learn the vocabulary and inverse document frequencies from (text, language) pairs."""
        analyses = [analyse(text, lang) for text, lang in as_pairs(X)]
        return self.fit_analysed(analyses)

    def fit_analysed(self, analyses: list[Analysis]):
        df: Counter[str] = Counter()
        for analysis in analyses:
            df.update(set(_word_features(analysis)))
            df.update(set(self._extra_features(analysis)))
            df.update({g for w in analysis.words for g in self._grams(w)})
        kept = sorted(f for f, count in df.items() if count >= self.min_df)
        self.vocabulary_ = {f: i for i, f in enumerate(kept)}
        n = len(analyses)
        self.idf_ = np.array([math.log((1 + n) / (1 + df[f])) + 1 for f in kept])
        self.is_char_ = np.array([f[0] == "c" for f in kept])
        self.n_features_in_ = 2
        self.__dict__.pop("_gram_cache", None)
        self.__dict__.pop("_heads", None)
        return self

    def _extra_features(self, analysis: Analysis) -> list[str]:
        """Clause and concept features, as the options ask."""
        clauses = getattr(self, "clauses", False)
        features = _clause_features(analysis) if clauses else []
        if getattr(self, "concepts", False):
            features += _concept_features(analysis, clauses)
        return features

    def _grams(self, word: str) -> list[str]:
        return ["c" + g for g in _char_grams(word, *self.char_range)]

    def _word_ids(self, cache: dict, word: str, stem_: str) -> list[int]:
        """Columns of a word's stem and character n-grams, cached per language and word (the
        stem is a function of both)."""
        vocabulary = self.vocabulary_
        names = [f"w {stem_}", *self._grams(word)]
        ids = [vocabulary[g] for g in names if g in vocabulary]
        if len(cache) < 300_000:
            cache[word] = ids
        return ids

    def _bigram_heads(self) -> dict[str, dict[str, int]]:
        """First stem -> second stem -> column of the vocabulary's bigrams, so that a word pair
        is looked up without building its feature name."""
        heads = self.__dict__.get("_heads")
        if heads is None:
            heads = {}
            for feature, column in self.vocabulary_.items():
                if feature.startswith("b "):
                    _b, first, second = feature.split(" ")
                    heads.setdefault(first, {})[second] = column
            self.__dict__["_heads"] = heads
        return heads

    def transform(self, X):
        """Feature matrix (CSR) for (text, language) pairs."""
        return self.transform_analysed([analyse(text, lang) for text, lang in as_pairs(X)])

    def transform_analysed(self, analyses: list[Analysis]) -> sp.csr_matrix:
        """Vectorised over the batch: Python only gathers cached column ids per answer."""
        check_is_fitted(self, "vocabulary_")
        vocabulary = self.vocabulary_
        cols: list[int] = []
        lengths = []
        caches = self.__dict__.setdefault("_gram_cache", {"nl": {}, "en": {}})
        heads = self._bigram_heads()
        extras = getattr(self, "clauses", False) or getattr(self, "concepts", False)
        for analysis in analyses:
            before = len(cols)
            cache = caches[analysis.language]
            for word, stem_ in zip(analysis.words, analysis.stems, strict=True):
                ids = cache.get(word)
                cols.extend(self._word_ids(cache, word, stem_) if ids is None else ids)
            stems = analysis.stems
            for a, b in zip(stems, stems[1:], strict=False):
                seconds = heads.get(a)
                if seconds is not None and b in seconds:
                    cols.append(seconds[b])
            if extras:
                cols.extend(
                    column
                    for column in map(vocabulary.get, self._extra_features(analysis))
                    if column is not None
                )
            lengths.append(len(cols) - before)
        n = len(analyses)
        indptr = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
        counts = sp.csr_matrix(
            (np.ones(len(cols)), np.asarray(cols, dtype=np.int64), indptr),
            shape=(n, len(vocabulary)),
        )
        counts.sum_duplicates()
        counts.data = (1 + np.log(counts.data)) * self.idf_[counts.indices]
        self._normalise_blocks(counts)
        dense = [_dense(a) for a in analyses]
        if getattr(self, "interactions", False):
            dense = [d + _interactions(a, d) for a, d in zip(analyses, dense, strict=True)]
        block = np.asarray(dense, dtype=float).reshape(n, len(self.dense_names()))
        return sp.hstack([counts, sp.csr_matrix(block * self.lexicon_weight)], format="csr")

    def _normalise_blocks(self, matrix: sp.csr_matrix) -> None:
        """l2-normalise the word block and the character block of each row separately."""
        row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        is_char = self.is_char_[matrix.indices]
        for mask, weight in ((is_char, self.char_weight), (~is_char, self.word_weight)):
            norms = np.sqrt(
                np.bincount(row_of[mask], weights=matrix.data[mask] ** 2, minlength=matrix.shape[0])
            )
            scale = np.divide(weight, norms, out=np.zeros_like(norms), where=norms > 0)
            matrix.data[mask] *= scale[row_of[mask]]

    def dense_names(self) -> tuple[str, ...]:
        """Names of the trailing dense columns."""
        if getattr(self, "interactions", False):
            return DENSE_NAMES + INTERACTION_NAMES
        return DENSE_NAMES

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "vocabulary_")
        return np.array(list(self.vocabulary_) + list(self.dense_names()), dtype=object)

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_gram_cache", None)
        state.pop("_heads", None)
        return state
