"""The readiness matrix: knowledge score x motivation score per respondent, in four quadrants.

A respondent's knowledge score is the mean of the knowledge and ability items they answered;
the motivation score the mean of awareness and desire. Both are split at the scale midpoint:
above 3 is high, 3 or lower is low (a neutral 3 does not count as ready). Respondents without
one of the two scores are left out of the matrix.

Quadrant counts are small groups of their own. Within a shown segment they are protected like
sibling groups (the unclassified rest forced hidden), and since the page also shows the
overall matrix (the column totals), across segments as well: `hidden_cells` suppresses both
ways, so no hidden quadrant count follows from a row or a column total minus the visible
cells. An empty quadrant is shown as 0 (it describes nobody).

Free text against the matrix: the structured answers point to the barrier of the largest
*shown* quadrant among those not ready (willing -> knowledge; able or not started ->
motivation); the free text points to its most frequent barrier class (knowledge, motivation or
access; "none" left out, because the open question asks what would help). Where the two differ
the segment is flagged, and both are shown. Hidden quadrants never take part, so the flag
reveals nothing about them.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from feedback.analytics.barriers import TextCounts, comment_counts, dominant, mix
from feedback.analytics.guard import protect
from feedback.analytics.quadrants import quadrant_counts
from feedback.analytics.query import Query
from feedback.confidentiality import hidden_cells, hidden_indices, thresholds
from feedback.domain import QUADRANTS

# What each structured quadrant implies about the barrier, to compare with the free text.
IMPLIES = {
    "willing": "knowledge",
    "able": "motivation",
    "not_started": "motivation",
}


def protect_quadrants(
    n: int, counts: dict[str, int], k: int, forced: tuple[str, ...] = ()
) -> dict[str, int | None]:
    """Quadrant counts of one shown group with small and complementary ones (and `forced`
    ones) set to None; respondents in no quadrant count as hidden."""
    sizes = [counts[q] for q in QUADRANTS]
    hide = [QUADRANTS.index(q) for q in forced]
    rest = n - sum(sizes)
    if rest > 0:
        sizes.append(rest)
        hide.append(len(sizes) - 1)
    hidden = hidden_indices(sizes, k, forced=hide, hide_zero=False)
    return {q: None if i in hidden else counts[q] for i, q in enumerate(QUADRANTS)}


def matrix_view(db: sqlite_utils.Database, q: Query) -> dict[str, Any]:
    """{"overall": entry for the whole population (or None below k), "rows": entries per
    group of `by`}, protected together: the overall quadrant counts are the column totals of
    the per-group counts, so suppression runs both ways (`hidden_cells`)."""
    k = thresholds(db, q.wave_id).k
    raw = quadrant_counts(db, q)
    comments = comment_counts(db, q)
    protected = protect(db, q, raw)
    gone = [i for i, r in enumerate(protected) if r.get("suppressed")]
    table = [[r["quadrants"][q] for q in QUADRANTS] for r in raw]
    rests = [r["n"] - sum(cells) for r, cells in zip(raw, table, strict=True)]
    partitions: dict[Any, list[int]] = {}
    if q.by == "team":
        for i, r in enumerate(raw):
            partitions.setdefault(r["parent"], []).append(i)
    hidden, blocked = hidden_cells(table, k, gone, rests, partitions.values())
    rows = []
    for i, r in enumerate(raw):
        if i in gone:
            rows.append(protected[i])
            continue
        shown = {
            q: None if (i, j) in hidden else r["quadrants"][q] for j, q in enumerate(QUADRANTS)
        }
        rows.append(_entry(r, shown, comments.get((r["segment"], r["parent"])), k))
    n = sum(r["n"] for r in raw)
    overall = None
    if n >= k:
        totals = {q: sum(row[j] for row in table) for j, q in enumerate(QUADRANTS)}
        shown = protect_quadrants(n, totals, k, tuple(QUADRANTS[j] for j in blocked))
        every = TextCounts.summed(comments.values())
        overall = _entry({"segment": "all", "parent": None, "n": n}, shown, every, k)
    return {"overall": overall, "rows": rows}


def readiness_matrix(db: sqlite_utils.Database, q: Query) -> list[dict[str, Any]]:
    """Per group of `by`: {segment, parent, n, quadrants {q: count | None}, largest, implies,
    barrier_mix, text_barrier, disagree} or {segment, parent, suppressed}; with by=None the
    one entry for everyone (none below k). See `matrix_view`."""
    view = matrix_view(db, q)
    if q.by is None:
        return [view["overall"]] if view["overall"] else []
    return view["rows"]


def _entry(
    head: dict[str, Any], shown: dict[str, int | None], comments: TextCounts | None, k: int
) -> dict[str, Any]:
    shares = mix(comments, k)
    text_barrier = dominant(shares, among=("knowledge", "motivation", "access"))
    implied, focus = _implication(shown)
    return {
        "segment": head["segment"],
        "parent": head["parent"],
        "n": head["n"],
        "quadrants": shown,
        "largest": focus,
        "implies": implied,
        "barrier_mix": shares,
        "text_barrier": text_barrier,
        "disagree": bool(text_barrier and implied and text_barrier != implied),
    }


def _implication(shown: dict[str, int | None]) -> tuple[str | None, str | None]:
    """(implied barrier, quadrant) from the largest shown quadrant that is not ready; ties go
    to the motivation quadrants (without a reason to learn, training does not land)."""
    candidates = [q for q in IMPLIES if shown.get(q)]
    if not candidates:
        return None, None
    focus = max(candidates, key=lambda q: (shown[q], IMPLIES[q] == "motivation"))
    return IMPLIES[focus], focus
