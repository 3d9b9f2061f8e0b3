"""Dutch or English, also for one-word answers: character n-grams per word plus stopwords."""

from __future__ import annotations

import math
from collections import Counter
from itertools import repeat

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from feedback.scoring.lexicon import NL_EXTRA, dutch_polarity, dutch_supplement, vader_lexicon
from feedback.scoring.text import OTHER_STOPWORDS, STOPWORDS, normalize, tokenize


def _ngrams(word: str, n_max: int) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + n] for n in range(1, n_max + 1) for i in range(len(padded) - n + 1)]


class LanguageDetector(ClassifierMixin, BaseEstimator):
    """Naive-Bayes-like detector over per-word character n-grams, for `nl` versus `en`.

    Each word votes with the mean log-likelihood ratio of its n-grams, so a long word does not
    outvote a short one; known stopwords add a fixed vote. Words of the lexicons join the
    training text, which is what makes one-word answers ("top", "handig") work.

    Parameters
    ----------
    ngram_max : int
        Longest character n-gram (words are padded with one space each side).
    alpha : float
        Additive smoothing of the n-gram counts.
    stopword_weight : float
        Vote of a word that is a stopword of exactly one of the two languages.
    use_lexicons : bool
        Add the VADER (en) and Dutch polarity lexicon (nl) words to the training text.
    """

    def __init__(self, ngram_max=4, alpha=0.5, stopword_weight=1.5, use_lexicons=True):
        self.ngram_max = ngram_max
        self.alpha = alpha
        self.stopword_weight = stopword_weight
        self.use_lexicons = use_lexicons

    def fit(self, X, y):
        """Learn n-gram log-likelihood ratios from texts `X` labelled `nl` or `en` in `y`."""
        labels = np.asarray(y)
        counts = {"nl": Counter(), "en": Counter()}
        for text, lang in zip(X, labels, strict=True):
            for word in self._words(text):
                counts[str(lang)].update(_ngrams(word, self.ngram_max))
        if self.use_lexicons:
            for word in [*dutch_polarity(), *NL_EXTRA, *dutch_supplement(), *STOPWORDS["nl"]]:
                counts["nl"].update(_ngrams(word, self.ngram_max))
            english = [w for w in vader_lexicon() if w.isalpha()] + list(STOPWORDS["en"])
            for word in english:
                counts["en"].update(_ngrams(word, self.ngram_max))
        vocabulary = set(counts["nl"]) | set(counts["en"])
        totals = {
            k: sum(c.values()) + self.alpha * (len(vocabulary) + 1) for k, c in counts.items()
        }
        self.ngram_llr_ = {
            g: math.log((counts["nl"][g] + self.alpha) / totals["nl"])
            - math.log((counts["en"][g] + self.alpha) / totals["en"])
            for g in vocabulary
        }
        self.unseen_llr_ = math.log(totals["en"] / totals["nl"])
        n_nl = int(np.sum(labels == "nl"))
        self.prior_ = math.log((n_nl + 1) / (len(labels) - n_nl + 1))
        self.classes_ = np.array(["en", "nl"])
        return self

    def _words(self, text: str) -> list[str]:
        return [t.lower() for t in tokenize(normalize(str(text))) if t[0].isalpha()]

    def word_vote(self, word: str) -> float:
        """The vote of one lower-case word: positive leans Dutch (cached per detector)."""
        cache = self.__dict__.setdefault("_vote_cache", {})
        vote = cache.get(word)
        if vote is None:
            grams = _ngrams(word, self.ngram_max)
            unseen = repeat(self.unseen_llr_, len(grams))
            vote = sum(map(self.ngram_llr_.get, grams, unseen)) / len(grams)
            vote += self.stopword_weight * ((word in STOPWORDS["nl"]) - (word in STOPWORDS["en"]))
            if len(cache) < 300_000:
                cache[word] = vote
        return vote

    def decision_words(self, words: list[str]) -> float:
        """Log-odds of Dutch for already-tokenised lower-case words."""
        if "ngram_llr_" not in self.__dict__:  # check_is_fitted costs more than the vote
            check_is_fitted(self, "ngram_llr_")
        cache = self.__dict__.setdefault("_vote_cache", {})
        total = self.prior_ * 0.1
        for word in words:
            vote = cache.get(word)
            total += self.word_vote(word) if vote is None else vote
        return total

    def decision_function(self, X) -> np.ndarray:
        return np.array([self.decision_words(self._words(text)) for text in X])

    def predict(self, X) -> np.ndarray:
        return np.where(self.decision_function(X) >= 0, "nl", "en")

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_vote_cache", None)
        return state


def other_language(words: list[str]) -> bool:
    """True when the words look like French, German, Spanish, Italian or Portuguese."""
    if OTHER_STOPWORDS.isdisjoint(words):
        return False
    other = len([w for w in words if w in OTHER_STOPWORDS])
    ours = len([w for w in words if w in STOPWORDS["nl"] or w in STOPWORDS["en"]])
    return other >= 2 and other > ours or (other >= 1 and ours == 0 and len(words) <= 3)
