"""A bilingual concept lexicon (data/concepts.tsv): words and phrases of both languages grouped by
meaning ("login", "training_request", "value_doubt", ...).

A concept is a feature shared by Dutch and English answers, so what the model learns from one
language carries over to the other and to wordings the corpus does not hold. Single words match
by Snowball stem, phrases by their lower-case words in order (phrases.py, as for the cues).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from feedback.scoring.phrases import PhraseIndex, build_index, find
from feedback.scoring.wordlists import data_path

CONCEPTS_FILE = data_path("concepts.tsv")


def read_concepts(path: Path = CONCEPTS_FILE) -> list[tuple[str, str, str]]:
    """(concept, language, phrase) rows of a concepts file (header `concept lang phrase`)."""
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(row.split("\t")) for row in rows if row.strip()]  # type: ignore[misc]


@cache
def concept_index(language: str, path: Path = CONCEPTS_FILE) -> PhraseIndex:
    """The concepts' words and phrases of one language."""
    rows = read_concepts(path)
    return build_index(((c, phrase) for c, lang, phrase in rows if lang == language), language)


def concept_matches(
    words: list[str], stems: list[str], language: str, path: Path = CONCEPTS_FILE
) -> list[tuple[str, int]]:
    """(concept, position of its first word) for every match in the answer."""
    return find(concept_index(language, path), words, stems)  # type: ignore[return-value]
