"""Seeded free-text comments: openers, cores and tails with the odd typo, dialect or emoji."""

from __future__ import annotations

import random
from collections.abc import Iterable

from feedback.demo import phrases_en, phrases_nl

THEMES = ("motivation", "knowledge", "access", "praise", "suggestion", "fixed", "remark")
PHRASES = {"nl": phrases_nl, "en": phrases_en}
TONE = {"motivation": "negative", "access": "negative", "knowledge": "question"}
TOOL_NAMES = {
    "nl": ("Kompas", "kompas", "het intranet"),
    "en": ("Kompas", "kompas", "the intranet"),
}
EMOJI = {"negative": ("🙄", "😕", "🤷"), "question": ("🤔", "🙏"), "positive": ("🙂", "👍", "😀")}
FIRST_PERSON = ("I ", "I'm ", "I'd ", "I've ")


def compose(theme: str, language: str, rng: random.Random, tags: Iterable[str] = ()) -> str:
    """One comment about `theme` in `language`: from a single word to three sentences.

    `tags` (a department, a location, "newcomer") add the cores only that segment would write,
    twice, so they show up often where they belong and never elsewhere.
    """
    words = PHRASES[language]
    tone = TONE.get(theme, "positive")
    if rng.random() < 0.1:
        return rng.choice(words.SHORT[theme])
    cores = list(words.CORES[theme])
    for tag in tags:
        cores += 2 * words.SPECIFIC.get(tag, {}).get(theme, ())
    parts = [rng.choice(cores)]
    if rng.random() < 0.22:
        parts.append(rng.choice([c for c in cores if c != parts[0]]))
    if rng.random() < 0.25:
        opener, lower_next = rng.choice(words.OPENERS[tone])
        parts[0] = f"{opener} {_lower_first(parts[0]) if lower_next else parts[0]}"
    if rng.random() < 0.2:
        parts.append(rng.choice(words.TAILS[tone]))
    text = " ".join(parts)
    text = text.replace("{tool}", rng.choices(TOOL_NAMES[language], (0.75, 0.1, 0.15))[0])
    return _roughen(text, language, tone, rng)


def _lower_first(text: str) -> str:
    if text.startswith(FIRST_PERSON) or text.startswith(("Kompas", "Teams", "Outlook")):
        return text
    return text[:1].lower() + text[1:]


def _roughen(text: str, language: str, tone: str, rng: random.Random) -> str:
    """People type fast: dialect, a dropped full stop, a swapped letter, an emoji."""
    if rng.random() < 0.3:
        for standard, casual in PHRASES[language].COLLOQUIAL:
            text = text.replace(standard, casual)
    if rng.random() < 0.1:
        text = _lower_first(text)
    if text.endswith(".") and rng.random() < 0.15:
        text = text[:-1]
    if rng.random() < 0.06:
        text = _typo(text, rng)
    if rng.random() < 0.06:
        text = f"{text} {rng.choice(EMOJI[tone])}"
    return text


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(1, len(word) - 2)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)
