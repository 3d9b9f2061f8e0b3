"""Is an answer about a workplace tool? Simple, readable word rules used by the off-topic flag.

The off-topic head is a classifier trained on invented general-domain and work-life lines; on
real comments it calls many on-topic statements off-topic (narrative, named tools, care and
municipal contexts). So the flag needs the head to be near-certain *and* the answer to name no
tool, system or tool activity at all (`tool_cue`). The lists are hand-written and bilingual;
a word matches when it is a listed word (or its plural), starts with one of a few
listed stems, or (Dutch compounds such as
"patiëntenportaal", "roosterprogramma") when it ends with a listed compound head.
"""

from __future__ import annotations

from functools import cache

from feedback.scoring.wordlists import word_list, word_sequence

# Tools, systems and what people do with them: whole words (also with a plural ending
# -s, -en, -'s), then the few stems that match as the start of a word (data/*.txt).
TOOL_WORDS = word_list("tool-words")
TOOL_PREFIXES = word_sequence("tool-prefixes")
NAMED_TOOLS = word_list("named-tools")
COMPOUND_HEADS = word_sequence("compound-heads")


@cache
def _patterns() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    words = TOOL_WORDS | NAMED_TOOLS
    plural = {w + end for w in words for end in ("s", "en", "'s")}
    return frozenset(words | plural), TOOL_PREFIXES, COMPOUND_HEADS


def tool_cue(words: list[str]) -> list[str]:
    """The words of an answer (lower case) that name a tool, a system or using one."""
    known, prefixes, heads = _patterns()
    found = []
    for word in words:
        if word in known or word.startswith(prefixes) or (len(word) > 8 and word.endswith(heads)):
            found.append(word)
    return found
