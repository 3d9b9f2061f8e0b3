"""The confidentiality engine: every figure shown anywhere passes through here.

The pure rules, with no database: which groups of a wave may be released (`releasable`: size,
set differences between any two released groups, and no small group in the linear span of
the released ones), complementary suppression of sub-counts (`hidden_indices`,
`hidden_cells`, `protect_count`), thresholds and the presentation of comments.
`feedback.release` applies them to a wave's snapshots; docs/confidentiality.md states the
model.

Public API (stable; the API, exports and CLI build on it):

- `thresholds(db, wave_id) -> Thresholds(k, k_comments)`
- `hidden_indices(sizes, k, forced=(), partitions=(), hide_zero=True) -> set[int]`
- `protect_groups(rows, k, keys, size_key="n", parent_key=None) -> list[dict]`
- `hidden_cells(table, k, suppressed_rows, rests, row_groups) -> (cells, blocked columns)`
- `protect_count(count, total, k) -> int | None`
- `releasable(weights, candidates, k) -> keys` (the release model's core)
- `comment_groups_ok(n, k_comments) -> bool`, `present_comments(rows, opens_on) -> list`
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import sqlite_utils

MIN_K = 3


class GroupTooSmall(Exception):
    """A filter would show, or isolate by subtraction, a group smaller than k."""


class Thresholds(NamedTuple):
    k: int
    k_comments: int


def thresholds(db: sqlite_utils.Database, wave_id: int) -> Thresholds:
    """The wave's thresholds, falling back to its survey's; never below MIN_K (and k_comments
    never below k). Raises LookupError for an unknown wave."""
    rows = list(
        db.query(
            """SELECT w.k_scores AS wk, w.k_comments AS wc, s.k_scores AS sk, s.k_comments AS sc
               FROM waves w JOIN surveys s ON s.id = w.survey_id WHERE w.id = ?""",
            [wave_id],
        )
    )
    if not rows:
        raise LookupError(f"no wave {wave_id}")
    row = rows[0]
    k = max(MIN_K, int(row["wk"] or row["sk"] or 5))
    k_comments = max(k, int(row["wc"] or row["sc"] or 10))
    return Thresholds(k, k_comments)


def suppressed_row(row: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """A row with its group key only, marked suppressed: no figures, no count."""
    return {**{k: row[k] for k in keys if k in row}, "suppressed": True}


def _complete(hidden: set[int], members: Sequence[int], sizes: Sequence[int], k: int) -> bool:
    """Hide the smallest visible members until the hidden ones (if any) are at least two and
    hold at least k people together. Returns whether anything was added."""
    added = False
    inside = [i for i in members if i in hidden]
    # An empty group adds nobody to the hidden total, so it never serves as a complement.
    visible = sorted((sizes[i], i) for i in members if i not in hidden and sizes[i] > 0)
    while inside and (len(inside) < 2 or sum(sizes[i] for i in inside) < k) and visible:
        index = visible.pop(0)[1]
        hidden.add(index)
        inside.append(index)
        added = True
    return added


def hidden_indices(
    sizes: Sequence[int],
    k: int,
    forced: Iterable[int] = (),
    partitions: Iterable[Sequence[int]] = (),
    hide_zero: bool = True,
) -> set[int]:
    """Which groups to hide among siblings that add up to a visible total.

    Groups below k are hidden (empty groups only if `hide_zero`), and so are the `forced`
    ones; then, in the whole set and within every partition (e.g. the teams of one
    department, whose sum is the department's visible figure), while the hidden set is a
    single group or holds fewer than k people in all, the smallest visible group is hidden
    as well, until nothing changes.
    """
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    hidden = {i for i, n in enumerate(sizes) if n < k and (hide_zero or n > 0)}
    hidden |= set(forced)
    groups = [list(range(len(sizes))), *(list(p) for p in partitions)]
    changed = True
    while changed:
        changed = False
        for members in groups:
            changed |= _complete(hidden, members, sizes, k)
    return hidden


def protect_groups(
    rows: Sequence[Mapping[str, Any]],
    k: int,
    keys: Sequence[str],
    size_key: str = "n",
    parent_key: str | None = None,
) -> list[dict[str, Any]]:
    """Rows of sibling groups with small and complementary groups replaced by suppressed rows.

    `rows` must be all the groups of one population (their sizes add up to its total).
    With `parent_key`, rows that share that key (teams of one department) are protected
    within their parent too, because the parent's own figure is visible elsewhere.
    """
    sizes = [int(r[size_key]) for r in rows]
    partitions: dict[Any, list[int]] = {}
    if parent_key:
        for i, r in enumerate(rows):
            partitions.setdefault(r.get(parent_key), []).append(i)
    hidden = hidden_indices(sizes, k, partitions=partitions.values())
    return [suppressed_row(r, keys) if i in hidden else dict(r) for i, r in enumerate(rows)]


def _smallest_visible(cells: Sequence[tuple[int, int]], table, hidden) -> tuple[int, int] | None:
    candidates = [(table[i][j], (i, j)) for i, j in cells if (i, j) not in hidden and table[i][j]]
    return min(candidates)[1] if candidates else None


def hidden_cells(
    table: Sequence[Sequence[int]],
    k: int,
    suppressed_rows: Iterable[int] = (),
    rests: Sequence[int] | None = None,
    row_groups: Iterable[Sequence[int]] = (),
) -> tuple[set[tuple[int, int]], set[int]]:
    """Two-way suppression for a table of counts (rows: groups, columns: categories such as
    quadrants) whose row totals and column totals are both visible.

    Cells of 1..k-1 are hidden, and all cells of `suppressed_rows`. Then, until nothing
    changes, in every shown row (its never-shown `rests[i]` counted as hidden) and in every
    column (over all rows, and over each of `row_groups`, e.g. the teams of one department),
    hidden cells that add up to 1..k-1 people get the smallest visible non-zero cell of that
    line hidden too, so what a total minus the visible cells gives away is never a small
    group. Empty cells are shown. Returns (hidden cells, columns whose total must be hidden
    because no cell was left to hide).
    """
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    rows, cols = len(table), len(table[0]) if table else 0
    gone = set(suppressed_rows)
    hidden = {(i, j) for i in range(rows) for j in range(cols) if 0 < table[i][j] < k}
    hidden |= {(i, j) for i in gone for j in range(cols)}
    extra = list(rests or [0] * rows)
    lines: list[tuple[list[tuple[int, int]], int, int | None]] = [
        ([(i, j) for j in range(cols)], extra[i], None) for i in range(rows) if i not in gone
    ]
    lines += [([(i, j) for i in range(rows)], 0, j) for j in range(cols)]
    for group in row_groups:  # their totals are shown on other pages, not as a column here
        lines += [([(i, j) for i in group], 0, None) for j in range(cols)]
    blocked: set[int] = set()
    changed = True
    while changed:
        changed = False
        for cells, rest, column in lines:
            total = rest + sum(table[i][j] for i, j in cells if (i, j) in hidden)
            if not 0 < total < k:
                continue
            cell = _smallest_visible(cells, table, hidden)
            if cell is not None:
                hidden.add(cell)
                changed = True
            elif column is not None:
                blocked.add(column)
    return hidden, blocked


def protect_count(count: int, total: int, k: int) -> int | None:
    """A sub-count of a visible group (candidates, a quadrant), or None when it, or the rest
    of the group it leaves, is a small group (fewer than k, more than none)."""
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    rest = total - count
    if 0 < count < k or 0 < rest < k or total < k:
        return None
    return count


def comment_groups_ok(n: int, k_comments: int) -> bool:
    """Whether a group of n respondents may have its comments shown."""
    return n >= max(k_comments, MIN_K)


def present_comments(rows: Iterable[Mapping[str, Any]], opens_on: str) -> list[dict[str, Any]]:
    """Comments ready to show, in the order given (the caller orders them by a keyed hash of
    the comment, which says nothing about who wrote when and stays the same whichever
    filter lists the comment), dated by the wave's opening date, with no response id and no
    submission date."""
    drop = {"response_id", "submitted_on", "id"}
    return [{**{k: v for k, v in r.items() if k not in drop}, "date": opens_on} for r in rows]


class Candidate(NamedTuple):
    """A group someone may ask to see: its members as a 0/1 row over the atoms (people who no
    question can tell apart), the snapshot it belongs to, and whether it was released before
    (then it is kept whatever the rules say now: what was shown cannot be taken back)."""

    key: Any
    members: Any  # numpy bool array over atoms
    snapshot: int
    released_before: bool = False


_TOL = 1e-9


def releasable(
    weights: Any, candidates: Sequence[Candidate], k: int, protected: Sequence[Any] = ()
) -> list[Any]:
    """The keys of the new candidates that may be released, taken greedily in the given order
    after every candidate released before (those are kept whatever the rules say now).

    `weights[a]` is the number of people in atom a. A candidate is released when
    - it holds at least k people;
    - against every group released so far (of this snapshot or an earlier one), the two
      differ by at least k people in one direction at least: when one holds 1..k-1 people
      the other lacks and the other way round fewer than k too (none, when one contains the
      other), comparing them would single out a small group, by its sums or, with answers
      on a bounded scale, by its extremes. A small one-sided difference next to k or more
      on the other side is allowed: the span check below keeps the small side's sum from
      being determined;
    - releasing it does not make any small set determined by what is released: no atom of
      1..k-1 people, no candidate group of 1..k-1 people, none of the `protected` rows (e.g.
      the small rows of one table taken together), and no set of 1..k-1 people that two
      released groups cut out (their common part, or one without the other) may come to lie
      in the linear span of the released groups (else that small set's sums follow from the
      released sums by adding and subtracting).
    The span is tracked with an orthonormal basis (Gram-Schmidt, re-orthogonalised), so each
    step costs O(atoms x (rank + small sets)).
    """
    import numpy as np

    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    w = np.asarray(weights, dtype=float)
    if not candidates or len(w) == 0:
        return []
    rows = np.array([np.asarray(c.members, dtype=bool) for c in candidates])
    sizes = rows.astype(float) @ w
    small = [
        rows[(sizes > 0) & (sizes < k)],
        *(np.asarray(p, dtype=bool)[None, :] for p in protected),
    ]
    small.append(np.eye(len(w), dtype=bool)[(w > 0) & (w < k)])
    span = _Span(len(w), _unique_rows(np.concatenate(small)))
    kept = _Kept(np.zeros((len(candidates), len(w)), dtype=bool), np.zeros(len(candidates)), 0)
    out = []
    for c, g, n in zip(candidates, rows, sizes, strict=True):
        if not c.released_before and (n < k or _differs_by_few(g, n, kept, w, k)):
            continue
        cut = _small_cuts(g, kept, w, k)
        if not span.add(g.astype(float), cut, check=not c.released_before):
            continue
        kept.rows[kept.count] = g
        kept.sizes[kept.count] = n
        kept.count += 1
        if not c.released_before:
            out.append(c.key)
    return out


class _Span:
    """The linear span of the released groups, and the small sets that must stay outside it
    (with the squared distance of each to the span)."""

    def __init__(self, atoms: int, protected: Any) -> None:
        import numpy as np

        self.basis = np.zeros((min(atoms, 64), atoms))  # grows as the rank does
        self.rank = 0
        self.count = len(protected)
        self.protected = np.zeros((max(self.count, 64), atoms))  # grows as sets are added
        self.protected[: self.count] = protected
        self.norms = np.zeros(len(self.protected))
        self.norms[: self.count] = protected.sum(axis=1)
        self.resid = self.norms.copy()

    def _distance(self, sets: Any) -> Any:
        """Squared distance of each row of `sets` (0/1) to the current span."""
        projected = self.basis[: self.rank] @ sets.T
        return sets.sum(axis=1) - (projected * projected).sum(axis=0)

    def add(self, g: Any, cut: Any, check: bool) -> bool:
        """Add group g to the span unless (with `check`) that would put a protected set, or a
        set of `cut`, inside it; `cut` joins the protected sets once g is added."""
        import numpy as np

        basis = self.basis[: self.rank]
        r = g - basis.T @ (basis @ g)
        r -= basis.T @ (basis @ r)
        norm = float(np.linalg.norm(r))
        q = r / norm if norm > _TOL * max(1.0, float(np.linalg.norm(g))) else None
        cut_f = cut.astype(float)
        cut_resid = self._distance(cut_f) if len(cut_f) else np.zeros(0)
        held, norms = self.protected[: self.count], self.norms[: self.count]
        resid = self.resid[: self.count]
        if q is not None:
            pq, cq = held @ q, cut_f @ q if len(cut_f) else np.zeros(0)
            resid, cut_resid = resid - pq * pq, cut_resid - cq * cq
        tol = 1e-7
        if check and (
            np.any((self.resid[: self.count] >= tol * norms) & (resid < tol * norms))
            or np.any(cut_resid < tol * cut_f.sum(axis=1))
        ):
            return False
        if q is not None:
            if self.rank == len(self.basis):
                self.basis = np.vstack([self.basis, np.zeros_like(self.basis)])
            self.basis[self.rank] = q
            self.rank += 1
        self.resid[: self.count] = resid
        if len(cut_f):
            self._hold(cut_f, cut_resid)
        return True

    def _hold(self, sets: Any, resid: Any) -> None:
        """Keep `sets` outside the span from now on (their squared distances `resid`)."""
        import numpy as np

        end = self.count + len(sets)
        if end > len(self.protected):
            grow = max(end, 2 * len(self.protected))
            extra = grow - len(self.protected)
            self.protected = np.vstack([self.protected, np.zeros((extra, self.protected.shape[1]))])
            self.norms = np.concatenate([self.norms, np.zeros(extra)])
            self.resid = np.concatenate([self.resid, np.zeros(extra)])
        self.protected[self.count : end] = sets
        self.norms[self.count : end] = sets.sum(axis=1)
        self.resid[self.count : end] = resid
        self.count = end


def _unique_rows(rows: Any) -> Any:
    import numpy as np

    if not len(rows):
        return np.zeros((0, rows.shape[1] if rows.ndim == 2 else 0))
    return np.unique(rows, axis=0).astype(float)


class _Kept:
    """The groups released so far: 0/1 rows over the atoms, and their sizes."""

    def __init__(self, rows: Any, sizes: Any, count: int) -> None:
        self.rows, self.sizes, self.count = rows, sizes, count


def _differs_by_few(g: Any, n: float, kept: _Kept, w: Any, k: int) -> bool:
    """Whether group g and some kept group are different, yet each holds fewer than k people
    that the other does not (see `releasable`)."""
    if not kept.count:
        return False
    inter = (kept.rows[: kept.count] & g) @ w
    mine = n - inter  # in g, not in the kept group
    theirs = kept.sizes[: kept.count] - inter
    return bool(((mine < k - 0.5) & (theirs < k - 0.5) & (mine + theirs > 0.5)).any())


def _small_cuts(g: Any, kept: _Kept, w: Any, k: int) -> Any:
    """The distinct sets of 1..k-1 people that g cuts out of the kept groups: their common
    part with g, g without them, and them without g (sizes first, sets only where small)."""
    import numpy as np

    if not kept.count:
        return np.zeros((0, len(w)), bool)
    h = kept.rows[: kept.count]
    inter = h.astype(float) @ (g * w)
    n = float(g @ w)
    small = lambda x: (x > 0.5) & (x < k - 0.5)  # noqa: E731
    parts = [
        h[small(inter)] & g,
        g & ~h[small(n - inter)],
        h[small(kept.sizes[: kept.count] - inter)] & ~g,
    ]
    cuts = np.concatenate(parts)
    return np.unique(cuts, axis=0) if len(cuts) > 1 else cuts
