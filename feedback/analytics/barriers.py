"""The free-text barrier mix: shares of knowledge / motivation / access / none per group, and
the share the scorer was not sure about ("unclear", counted apart).

Every classified comment counts in its class; a comment whose barrier the scorer is not
confident about (`comments.confident = 0`, feedback.scoring.model.CONFIDENT_AT) counts in its
class *and* as unclear, so a mix reads "31 % motivation, 12 % unclear". The diagnosis reads
the confident comments only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from feedback.analytics.cache import cached
from feedback.analytics.query import Query
from feedback.analytics.sql import group_columns
from feedback.domain import BARRIERS

UNCLEAR = "unclear"
# Ties between classes go to motivation first (docs/adoption-model.md: without a reason to
# learn, training does not land).
TIE_ORDER = ("motivation", "knowledge", "access", "none")


@dataclass(frozen=True)
class TextCounts:
    """One group's classified comments per barrier: all of them, and the confident ones."""

    classified: dict[str, int] = field(default_factory=dict)
    confident: dict[str, int] = field(default_factory=dict)

    @property
    def unclear(self) -> int:
        return sum(self.classified.values()) - sum(self.confident.values())

    @classmethod
    def summed(cls, parts: Iterable[TextCounts]) -> TextCounts:
        classified: dict[str, int] = {}
        confident: dict[str, int] = {}
        for part in parts:
            for b, n in part.classified.items():
                classified[b] = classified.get(b, 0) + n
            for b, n in part.confident.items():
                confident[b] = confident.get(b, 0) + n
        return cls(classified, confident)


def comment_counts(db: sqlite_utils.Database, q: Query) -> dict[tuple[Any, Any], TextCounts]:
    """{(group, parent): TextCounts} of the wave's released responses in the query's
    population (raw, unprotected), counted in one pass."""
    grp, parent = group_columns(q.by)
    where, params = q.population.where("r")
    marks = ", ".join("?" * len(BARRIERS))

    def compute() -> list[list]:
        found = db.execute(
            f"""SELECT {grp}, {parent}, c.barrier, COUNT(*), SUM(c.confident = 1)
                FROM comments c JOIN analytics_scores r
                     ON r.wave_id = c.wave_id AND r.response_id = c.response_id
                WHERE c.wave_id = ? AND c.barrier IN ({marks}){where}
                GROUP BY 1, 2, 3""",
            [q.wave_id, *BARRIERS, *params],
        ).fetchall()
        return [list(r) for r in found]

    key = f"comments:{q.key()}:{_labels_stamp(db, q.wave_id)}"
    out: dict[tuple[Any, Any], TextCounts] = {}
    for g, p, barrier, n, sure in cached(db, q.wave_id, key, compute):
        counts = out.setdefault((g, p), TextCounts())
        counts.classified[barrier] = int(n)
        if sure:
            counts.confident[barrier] = int(sure)
    return out


def _labels_stamp(db: sqlite_utils.Database, wave_id: int) -> str:
    """What the wave's labels look like now: classified and confident comments per barrier and
    the latest label correction, so relabelling or rescoring invalidates the cache."""
    counts = db.execute(
        "SELECT barrier, COUNT(*), SUM(confident = 1) FROM comments "
        "WHERE wave_id = ? AND barrier IS NOT NULL GROUP BY 1",
        [wave_id],
    ).fetchall()
    corrected = db.execute("SELECT MAX(id) FROM label_corrections").fetchone()[0]
    return repr((sorted(counts), corrected))


def mix(counts: TextCounts | None, k: int) -> dict[str, float] | None:
    """Percentages per barrier over every classified comment, and the percentage of them the
    scorer was unsure about (`unclear`), one decimal; None when fewer than k comments are
    classified (a mix of two comments says nothing and points at people)."""
    shares = (counts or TextCounts()).classified
    total = sum(shares.values())
    if total < k or total == 0:
        return None
    out = {b: round(shares.get(b, 0) / total * 100, 1) for b in BARRIERS}
    out[UNCLEAR] = round((counts or TextCounts()).unclear / total * 100, 1)
    return out


def dominant(shares: dict[str, float] | None, among: tuple[str, ...] = BARRIERS) -> str | None:
    """The barrier (of `among`) with the largest share, None if all are 0; ties go to
    motivation, then knowledge."""
    if not shares:
        return None
    order = [b for b in TIE_ORDER if b in among]
    best = max(order, key=lambda b: (shares.get(b, 0), -order.index(b)))
    return best if shares.get(best, 0) > 0 else None
