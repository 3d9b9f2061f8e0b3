"""A bilingual concept lexicon (concepts.tsv): words and phrases of both languages grouped by
meaning ("login", "training_request", "value_doubt", ...).

A concept is a feature shared by Dutch and English answers, so what the model learns from one
language carries over to the other and to wordings the corpus does not hold. Single words match
by Snowball stem, phrases by their lower-case words in order (as cues.py does).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from feedback.scoring.text import stem

CONCEPTS_FILE = Path(__file__).with_name("concepts.tsv")

Index = tuple[dict[str, tuple[str, ...]], dict[str, tuple[tuple[str, tuple[str, ...]], ...]]]
"""Stem -> concepts; "first second" word pair -> (concept, words) of the phrases it opens."""


def read_concepts(path: Path = CONCEPTS_FILE) -> list[tuple[str, str, str]]:
    """(concept, language, phrase) rows of a concepts file (header `concept lang phrase`)."""
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(row.split("\t")) for row in rows if row.strip()]  # type: ignore[misc]


@cache
def concept_index(language: str, path: Path = CONCEPTS_FILE) -> Index:
    """Stem -> concepts for single words; first two words -> (concept, words) for phrases
    (indexed by two words because phrases often open with a word as common as "i" or "ik")."""
    single: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for concept, lang, phrase in read_concepts(path):
        if lang != language:
            continue
        parts = tuple(phrase.split())
        if len(parts) == 1:
            single.setdefault(stem(parts[0], language), set()).add(concept)
        elif parts:
            phrases.setdefault(f"{parts[0]} {parts[1]}", []).append((concept, parts))
    return (
        {k: tuple(sorted(v)) for k, v in single.items()},
        {k: tuple(v) for k, v in phrases.items()},
    )


def concept_matches(
    words: list[str], stems: list[str], language: str, path: Path = CONCEPTS_FILE
) -> list[tuple[str, int]]:
    """(concept, position of its first word) for every match in the answer."""
    single, phrases = concept_index(language, path)
    found = [(c, i) for i, s in enumerate(stems) if s in single for c in single[s]]
    for i, pair in enumerate(map(" ".join, zip(words, words[1:], strict=False))):
        if pair in phrases:
            for concept, parts in phrases[pair]:
                if len(parts) == 2 or tuple(words[i : i + len(parts)]) == parts:
                    found.append((concept, i))
    return found
