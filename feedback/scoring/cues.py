"""Hand-written barrier cues (docs/adoption-model.md's typical cues, widened by hand), read
from `data/cues.tsv` (slot, language, cue; slots are the four classes and "tool").

Cue counts are language-independent dense features: they carry what the model learns from
Dutch answers over to English ones and back, and to wordings the corpus does not hold, which
memorised stems cannot do. Single words match by Snowball stem, phrases by their words in order.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from feedback.scoring.phrases import PhraseIndex, build_index, find
from feedback.scoring.wordlists import table

CLASSES = ("knowledge", "motivation", "access", "none")


SLOTS = (*CLASSES, "tool")


@cache
def _compiled(language: str) -> PhraseIndex:
    """The cue lists of one language, labelled with their slot numbers."""
    entries = [(SLOTS.index(slot), cue) for slot, lang, cue in table("cues") if lang == language]
    return build_index(entries, language)


def cue_counts(words: list[str], stems: list[str], language: str) -> list[int]:
    """How many cues of each class, then tool words, occur in the answer (order: SLOTS)."""
    counts = [0] * len(SLOTS)
    for slot, _i in find(_compiled(language), words, stems):
        counts[cast(int, slot)] += 1
    return counts
