"""The scorer's hand-written word lists, read from the data files in `feedback/scoring/data/`.

Every list that shapes a score (cues, stop and function words, the Dutch lexicon additions and
boosters, negation and contrast words, tool words, concepts) lives in that one folder, so the
model's manifest hashes them all (`persist.resource_files`): an artefact trained with other
lists is refused. `.txt` files hold one word a line (`#` starts a comment); `.tsv` files have
a header line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


def data_path(name: str) -> Path:
    return DATA_DIR / name


def data_files() -> list[Path]:
    """Every data file, in a stable order."""
    return sorted(p for p in DATA_DIR.iterdir() if p.suffix in (".txt", ".tsv"))


@cache
def word_sequence(name: str) -> tuple[str, ...]:
    """The words of `data/<name>.txt` in file order."""
    lines = data_path(f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(word for line in lines for word in line.split("#", 1)[0].split())


def word_list(name: str) -> frozenset[str]:
    """The words of `data/<name>.txt` as a set."""
    return frozenset(word_sequence(name))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `data/<name>.tsv` after its header, split on tabs."""
    lines = data_path(f"{name}.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return tuple(tuple(line.split("\t")) for line in lines if line.strip())
