"""Text handling shared by every scoring step: normalising, tokenising, stemming, readability.

Tokens are analysed once and cached (stems, lower case), so a batch of comments costs a few
dictionary look-ups per word rather than a Snowball run per word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from threadpoolctl import ThreadpoolController

from feedback.scoring.wordlists import word_list

MAX_CHARS = 5_000


# Emoticons, words (with inner apostrophes or hyphens), numbers, and runs of ! or ?.
_TOKENIZER = RegexpTokenizer(
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


STOPWORDS = {"nl": word_list("stopwords-nl"), "en": word_list("stopwords-en")}
# Evidence shown to users never contains a function word (it names content words and concepts).
FUNCTION_WORDS = word_list("function-words")
# Frequent words of other languages that are not Dutch or English words: two or more of
# them in a short text means the answer is in a language the model was not built for.
OTHER_STOPWORDS = word_list("other-language-words") - STOPWORDS["nl"] - STOPWORDS["en"]


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
