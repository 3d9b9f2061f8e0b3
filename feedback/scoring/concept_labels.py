"""Readable English and Dutch names of the concept lexicon's concepts (data/concept-labels.tsv).

The scorer names a concept in its evidence as "concept:<name>"; pages show the name in the
reader's language. Kept apart from concepts.py so that a page can name a concept without
importing the tokeniser and the stemmers.
"""

from __future__ import annotations

from functools import cache

from feedback.scoring.wordlists import data_path

LABELS_FILE = data_path("concept-labels.tsv")
PREFIX = "concept:"


@cache
def concept_labels() -> dict[str, dict[str, str]]:
    """Concept -> {language: label}, from the file's header `concept en nl`."""
    rows = LABELS_FILE.read_text(encoding="utf-8").splitlines()
    languages = rows[0].split("\t")[1:]
    return {
        name: dict(zip(languages, labels, strict=True))
        for name, *labels in (row.split("\t") for row in rows[1:] if row)
    }


def evidence_label(term: str, language: str) -> str:
    """An evidence term for a reader: "concept:login" becomes "logging in" / "inloggen";
    words of the answer and lexicon hits are returned unchanged."""
    if not term.startswith(PREFIX):
        return term
    name = term[len(PREFIX) :]
    labels = concept_labels().get(name)
    if labels is None:
        return name.replace("_", " ")
    return labels.get(language) or labels["en"]
