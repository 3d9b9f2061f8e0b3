"""The training corpus (models/corpus/*.tsv); label corrections are read in `corrections.py`."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from feedback.domain import BARRIERS, SENTIMENTS

OFFTOPIC = "offtopic"
HEADER = ["group", "lang", "text", "barrier", "sentiment"]


@dataclass(frozen=True)
class Example:
    """One labelled answer; a label may be None when only the other one was corrected."""

    group: str
    lang: str
    text: str
    barrier: str | None
    sentiment: str | None
    source: str


@dataclass
class Corpus:
    examples: list[Example]
    problems: list[str]

    def counts(self) -> dict:
        """Counts per language, barrier class and sentiment, for the metrics and the README."""
        langs = Counter(e.lang for e in self.examples)
        return {
            "answers": len(self.examples),
            "groups": len({e.group for e in self.examples}),
            "per_language": dict(sorted(langs.items())),
            "dutch_share": round(langs["nl"] / max(len(self.examples), 1), 3),
            "per_barrier": _count(e.barrier for e in self.examples),
            "per_sentiment": _count(e.sentiment for e in self.examples),
            "per_language_barrier": {
                lang: _count(e.barrier for e in self.examples if e.lang == lang) for lang in langs
            },
            "per_language_sentiment": {
                lang: _count(e.sentiment for e in self.examples if e.lang == lang) for lang in langs
            },
            "from_corrections": sum(e.source == "corrections" for e in self.examples),
        }

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for e in self.examples:
            digest.update(f"{e.group}\t{e.lang}\t{e.text}\t{e.barrier}\t{e.sentiment}\n".encode())
        return digest.hexdigest()


def _count(values) -> dict[str, int]:
    return dict(sorted(Counter(v or "-" for v in values).items()))


def read_corpus(directory: Path) -> Corpus:
    """Every valid row of every *.tsv in `directory`; bad rows are reported as file:line."""
    examples: list[Example] = []
    problems: list[str] = []
    for path in sorted(Path(directory).glob("*.tsv")):
        _read_file(path, examples, problems)
    return Corpus(examples, problems)


def _read_file(path: Path, examples: list[Example], problems: list[str]) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}: unreadable ({exc.__class__.__name__})")
        return
    if not lines or lines[0].rstrip("\r").split("\t") != HEADER:
        problems.append(f"{path.name}:1: header must be {' '.join(HEADER)}")
        return
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.rstrip("\r").split("\t")
        problem = _check(fields)
        if problem:
            problems.append(f"{path.name}:{number}: {problem}")
            continue
        group, lang, text, barrier, sentiment = (f.strip() for f in fields)
        examples.append(Example(group, lang, text, barrier, sentiment, path.name))


def _check(fields: list[str]) -> str | None:
    if len(fields) != len(HEADER):
        return f"expected {len(HEADER)} tab-separated fields, found {len(fields)}"
    group, lang, text, barrier, sentiment = (f.strip() for f in fields)
    if not group:
        return "empty group"
    if lang not in ("nl", "en"):
        return f"lang {lang!r} is not nl or en"
    if not text:
        return "empty text"
    if barrier not in (*BARRIERS, OFFTOPIC):
        return f"barrier {barrier!r} is not one of {', '.join((*BARRIERS, OFFTOPIC))}"
    if sentiment not in SENTIMENTS:
        return f"sentiment {sentiment!r} is not one of {', '.join(SENTIMENTS)}"
    return None
