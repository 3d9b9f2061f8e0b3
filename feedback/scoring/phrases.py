"""Word lists matched in an answer: single words by Snowball stem, phrases by their
lower-case words in order. Serves the barrier cues (cues.py) and the concepts (concepts.py)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from feedback.scoring.text import stem


@dataclass(frozen=True)
class PhraseIndex:
    """Stem -> labels of the single words; "first second" word pair -> (label, words) of the
    phrases it opens (indexed by two words because phrases often open with a word as common
    as "i" or "ik", which would send most answers through the phrase list)."""

    single: dict[str, tuple[Hashable, ...]]
    phrases: dict[str, tuple[tuple[Hashable, tuple[str, ...]], ...]]


def build_index(entries: Iterable[tuple[Hashable, str]], language: str) -> PhraseIndex:
    """An index of (label, word or phrase) entries of one language."""
    single: dict[str, set] = {}
    phrases: dict[str, list[tuple[Hashable, tuple[str, ...]]]] = {}
    for label, phrase in entries:
        parts = tuple(phrase.split())
        if len(parts) == 1:
            single.setdefault(stem(parts[0], language), set()).add(label)
        elif parts:
            phrases.setdefault(f"{parts[0]} {parts[1]}", []).append((label, parts))
    return PhraseIndex(
        {k: tuple(sorted(v)) for k, v in single.items()},
        {k: tuple(v) for k, v in phrases.items()},
    )


def find(index: PhraseIndex, words: list[str], stems: list[str]) -> list[tuple[Hashable, int]]:
    """(label, position of its first word) for every match: single words first, then phrases."""
    single, phrases = index.single, index.phrases
    found = [(label, i) for i, s in enumerate(stems) if s in single for label in single[s]]
    for i, pair in enumerate(map(" ".join, zip(words, words[1:], strict=False))):
        if pair in phrases:
            for label, parts in phrases[pair]:
                if len(parts) == 2 or tuple(words[i : i + len(parts)]) == parts:
                    found.append((label, i))
    return found
