"""Text handling shared by every scoring step: normalising, tokenising, stemming, readability.

Tokens are analysed once and cached (stems, lower case), so a batch of comments costs a few
dictionary look-ups per word rather than a Snowball run per word.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from threadpoolctl import ThreadpoolController

MAX_CHARS = 5_000


class _FixedPatternTokenizer(RegexpTokenizer):
    """nltk's RegexpTokenizer over our own fixed pattern, compiled with the stdlib `re`.

    nltk compiles caller-supplied patterns with a time-bounded engine against ReDoS, which
    triples tokenising time; this pattern is ours, linear, and never user-supplied.
    """

    def _check_regexp(self) -> None:
        if self._regexp is None:
            self._regexp: re.Pattern[str] | None = re.compile(self._pattern, self._flags)


# Emoticons, words (with inner apostrophes or hyphens), numbers, and runs of ! or ?.
_TOKENIZER = _FixedPatternTokenizer(
    r"[:;=8][\-o\*']?[\)\]\(\[dDpP/\\|]"
    r"|[^\W\d_]+(?:['\-][^\W\d_]+)*"
    r"|\d+(?:[.,]\d+)?"
    r"|[!?]+"
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_ODD = re.compile(r"[^\w\s.,;:!?'\"()\-/]|[\d_]")
# A word of four or more letters without a vowel, or of more than 25 letters: keyboard mash.
_MASH = re.compile(r"\b(?:[^\W\d_aeiouyàáâäèéêëìíîïòóôöùúûü]{4,}|[^\W\d_]{26,})\b", re.IGNORECASE)

_STEMMERS = {"nl": SnowballStemmer("dutch"), "en": SnowballStemmer("english")}


def words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in `text` (for readable word lists)."""
    return frozenset(text.split())


STOPWORDS = {
    "nl": (
        words(
            "de het een en ik je jij u we wij ze zij hij het is zijn was ben bent niet "
            "geen van voor met op aan in om te dat die dit deze wat hoe waar wie waarom "
            "als maar ook nog al er dan want omdat of mijn mij me ons onze jullie hun heb "
            "heeft hebben kan kunnen kun wil wilt weet weten zou zouden moet moeten wordt "
            "worden door naar bij uit over tot nu zo heel veel meer echt wel graag "
            "eigenlijk gewoon iets niets niks nooit altijd soms vaak elke elk mee erg "
            "zeer goed beter tijd werk collega collega's"
        )
    ),
    "en": (
        words(
            "the a an and i you we they he she it is are was were be been am not no of "
            "for with on at in to that this these those what how where who why if but "
            "also still so then because or my me our us your their have has had can could "
            "would should will do does did don't doesn't can't won't know want need by "
            "from about into now very much more really just really quite some any every "
            "nothing never always sometimes often too well good better time work "
            "colleagues there here it's i'm"
        )
    ),
}

# Function words of both languages (articles, pronouns, prepositions, conjunctions, auxiliary
# and modal verbs, negation, question words, degree and filler adverbs): evidence shown to
# users never contains one of them (it names content words and concepts only).
FUNCTION_WORDS = words(
    # Dutch
    "de het een 't 'n en ik je jij jou u uw we wij ze zij hij hem haar het is zijn was waren "
    "ben bent wordt worden werd werden niet geen van voor met op aan in om te dat die dit deze "
    "wat hoe waar wie waarom wanneer welke welk als maar ook nog al er dan want omdat of mijn "
    "mij me m'n ons onze jullie hun hen heb hebt heeft hebben had hadden kan kunnen kun kon "
    "konden wil wilt wilde willen zou zouden moet moeten moest moesten mag mogen zal zullen "
    "door naar bij uit over tot nu zo heel veel meer echt wel graag eigenlijk gewoon iets "
    "niets niks nooit altijd soms vaak elke elk mee erg zeer toch dus even eens nou hier daar "
    "waar er men zelf zich ge gij da ne nen dan toen sinds zonder tegen onder boven tussen "
    "na per via zoals doe doet doen deed gaat gaan ging komt komen kwam word ja nee hé hè "
    "hmm uh eh oké ok alle alles allemaal iemand niemand ieder iedereen beetje wat welke "
    "weer verder nogal best steeds telkens vooral omdat terwijl hoewel zodat tenzij "
    # English
    "the a an and i you we they he she it its is are was were be been being am not no nor of "
    "for with on at in to that this these those what how where who whom why when which if "
    "but also still so then than because or my me mine our ours us your yours their theirs "
    "them him her his have has had having can could would should will shall may might must "
    "do does did doing done don't doesn't didn't can't won't isn't aren't wasn't weren't "
    "i'm i've i'd i'll it's that's there's we're they're you're by from about into onto "
    "now very much more most really just quite some any every each all both either neither "
    "nothing something anything everything never always sometimes often too well there here "
    "up down out off over under again further once only own same such other another few "
    "lot lots yes yeah ok okay hmm um uh oh get got gets go goes going went come came "
    "one ones since until while though although unless whether as per via yet even ever "
    # fillers of both languages
    "bit someone somebody anyone anybody honestly mostly basically actually literally maybe "
    "perhaps enkel nie alleen misschien wellicht natuurlijk eigenlijk"
)

# Frequent words of other languages that are not Dutch or English words: two or more of
# them in a short text means the answer is in a language the model was not built for.
OTHER_STOPWORDS = (
    words(
        # French
        "le la des du une est sont je tu nous vous ils elle avec pour dans sur "
        "très mais ou où qui que quoi comment pourquoi ce cette ces mon ma mes ton notre "
        "leur c'est j'ai n'est je ne suis être avoir fait peu aussi outil utiliser "
        # German
        "der das und ist nicht ich du wir sie ein eine einen mit für auf ist sind "
        "sehr aber oder wie warum keine kein nicht zu zum zur auch mein meine "
        "habe haben kann können wird gibt gut schlecht zeit weiß benutzen "
        # Spanish / Italian / Portuguese
        "el una es y pero muy para con por sin porque qué cómo tengo tiempo "
        "il lo gli della sono non ho è perché molto anche questo "
        "não você muito também uma são"
    )
    - STOPWORDS["nl"]
    - STOPWORDS["en"]
)


def normalize(text: str) -> str:
    """NFC, straight quotes, no control characters, at most MAX_CHARS characters."""
    text = unicodedata.normalize("NFC", text[: MAX_CHARS * 2]).translate(_QUOTES)
    return _CONTROL.sub(" ", text)[:MAX_CHARS]


def tokenize(text: str) -> list[str]:
    """Word, emoticon and !/? tokens in their original case (nltk RegexpTokenizer)."""
    return _TOKENIZER.tokenize(text)


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


def single_thread():
    """Limit BLAS/OpenMP to one thread: on a 2-core machine numpy's and scipy's two OpenBLAS
    pools oversubscribe the cores and make a small solve 20 times slower. The controller is
    built once, because threadpoolctl's own context manager rescans libraries (about 9 ms)."""
    return _controller().limit(limits=1)


@contextmanager
def batch_mode() -> Iterator[None]:
    """One BLAS thread and no cyclic garbage collection while a batch is scored.

    A batch allocates many short-lived lists; each collection would also walk the large
    per-word caches, which costs about a fifth of the scoring time. Nothing in scoring makes
    reference cycles, and collection resumes right after.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        with single_thread():
            yield
    finally:
        if paused:
            gc.enable()


_STEM_CACHE: dict[str, dict[str, str]] = {"nl": {}, "en": {}}


def stem(token: str, language: str) -> str:
    """Snowball stem of a lower-case token; cached because surveys repeat their words."""
    cache = _STEM_CACHE[language]
    result = cache.get(token)
    if result is None:
        result = _STEMMERS[language].stem(token) if token[:1].isalpha() else token
        if len(cache) < 200_000:
            cache[token] = result
    return result


def stems_of(words: list[str], language: str) -> list[str]:
    cache = _STEM_CACHE[language]
    return [cache.get(w) or stem(w, language) for w in words]


def unreadable(raw: str, text: str, words: list[str]) -> bool:
    """True for binary garbage, keyboard mash, or text without two letters of real words.

    `text` is the normalised `raw` answer and `words` its lower-case word tokens.
    """
    sample = text[:2000]
    if not sample.strip():
        return False
    controls = _CONTROL.search(raw, 0, 2000) is not None and len(_CONTROL.findall(raw[:2000])) > 2
    if controls or len(_ODD.findall(sample)) > 0.3 * len(sample):
        return True
    if len(words) < 2 and sum(len(w) for w in words) < 2:
        return True
    return _MASH.search(sample) is not None and len(_MASH.findall(sample)) > 0.4 * len(words)
