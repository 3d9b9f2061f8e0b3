"""The release model: which groups of a wave may be shown to anyone, decided once per snapshot.

Every figure, count and comment list that leaves the server is about a *group*: the people of
a scope (the organisation, or a viewer's departments), narrowed by at most one filter
(segment = value) and by one value of a breakdown. The set of such groups is finite, so the
groups that may be released are decided ahead, per wave and snapshot, by
`feedback.confidentiality.releasable` (figures) and `comment_releasable` (comment lists),
over everything that was ever released for the wave. Pages, exports, the API and the CLI ask
`feedback.analytics.guard` whether a group is released; a group that is not is suppressed,
and a filter whose population is not released is refused (`GroupTooSmall`). This module
reads the released responses' table but imports nothing from analytics.

Open waves are released in snapshots (`admissible`): a response waiting to be released joins
the next snapshot only when every group released before gains either nothing or at least k
people from that snapshot; what cannot join stays waiting (see docs/confidentiality.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlite_utils

from feedback.confidentiality import Candidate, Thresholds, releasable, thresholds
from feedback.domain import SEGMENTS

MAX_FILTERS = 1
KINDS = ("figures", "comments")  # what a release covers: figures, and comment lists
# The order in which breakdowns claim their groups: earlier kinds win a conflict.
KIND_ORDER = ("department", "location", "role", "tenure_band", "language", "team")

Scope = tuple[str, ...] | None
Conditions = tuple[tuple[str, str], ...]
Profile = tuple[str, ...]  # one value per SEGMENTS entry


class TooManyFilters(ValueError):
    """More filters than the release model allows in one request."""


def group_key(scope: Scope, conditions: Iterable[tuple[str, str]]) -> str:
    """The canonical text key of a group: its scope and its conditions, sorted."""
    return json.dumps([list(scope) if scope is not None else None, sorted(set(conditions))])


def breakdown_conditions(by: str | None, segment: Any, parent: Any = None) -> Conditions:
    """The conditions of one breakdown row (teams are grouped within their department)."""
    if by is None:
        return ()
    if by == "team":
        return (("department", str(parent)), ("team", str(segment)))
    return ((by, str(segment)),)


@dataclass(frozen=True)
class Release:
    """What may be shown of one wave: released group keys with their latest snapshot."""

    wave_id: int
    snapshot: int
    limits: Thresholds
    figures: Mapping[str, int]
    comments: Mapping[str, int]

    def shows(self, scope: Scope, conditions: Iterable[tuple[str, str]]) -> bool:
        return group_key(scope, conditions) in self.figures

    def comment_snapshot(self, scope: Scope, conditions: Iterable[tuple[str, str]]) -> int | None:
        """The snapshot up to which this group's comments may be listed, or None."""
        return self.comments.get(group_key(scope, conditions))


def check_filters(filters: Sequence[tuple[str, str]] | Mapping[str, str] | None) -> Conditions:
    """The filters as sorted pairs; TooManyFilters beyond MAX_FILTERS (checked before any
    counting, so a long filter list costs nothing)."""
    pairs = list(filters.items()) if isinstance(filters, Mapping) else list(filters or ())
    unique = sorted({(str(s), str(v)) for s, v in pairs})
    if len(unique) > MAX_FILTERS:
        raise TooManyFilters(f"at most {MAX_FILTERS} filter per request")
    return tuple(unique)


def viewer_scopes(db: sqlite_utils.Database) -> list[tuple[str, ...]]:
    """The distinct department scopes of the users who have one."""
    found = set()
    for row in db.query("SELECT departments FROM users WHERE departments IS NOT NULL"):
        departments = json.loads(row["departments"] or "null")
        if departments:
            found.add(tuple(sorted(departments)))
    return sorted(found)


def current_release(db: sqlite_utils.Database, wave_id: int, scope: Scope = None) -> Release:
    """The release of the wave's current snapshot, decided again when a scope is new (every
    viewer's departments, and `scope` when nobody had it before) or the snapshot moved on.
    The snapshot itself is taken by `feedback.analytics.scores.ensure_scores`; both run on
    submission, in `analytics-refresh` and in `tick` (`feedback.analytics.refresh`), never on
    a page view: pages read `decided_release` through `feedback.analytics.guard`."""
    state = db.execute(
        "SELECT snapshot, scopes FROM release_state WHERE wave_id = ?", [wave_id]
    ).fetchone()
    known = {tuple(s) for s in json.loads(state[1])} if state else set()
    wanted = known | set(viewer_scopes(db)) | ({tuple(scope)} if scope is not None else set())
    snapshot = _snapshot(db, wave_id)
    if state is None or state[0] != snapshot or wanted != known:
        with db.conn:
            decide(db, wave_id, snapshot, sorted(wanted))
    return _load(db, wave_id, snapshot)


def decided_release(db: sqlite_utils.Database, wave_id: int, scope: Scope = None) -> Release | None:
    """The release as last decided, read only: None when nothing is decided for the wave's
    current snapshot and `scope` yet (`current_release` decides; pages never do)."""
    state = db.execute(
        "SELECT snapshot, scopes FROM release_state WHERE wave_id = ?", [wave_id]
    ).fetchone()
    snapshot = _snapshot(db, wave_id)
    if state is None or state[0] != snapshot:
        return None
    if scope is not None and tuple(scope) not in {tuple(s) for s in json.loads(state[1])}:
        return None
    return _load(db, wave_id, snapshot)


def _snapshot(db: sqlite_utils.Database, wave_id: int) -> int:
    row = db.execute("SELECT snapshot FROM analytics_waves WHERE wave_id = ?", [wave_id]).fetchone()
    return int(row[0]) if row else 0


def _load(db: sqlite_utils.Database, wave_id: int, snapshot: int) -> Release:
    """Released keys with their latest snapshot. A figure group is shown only in its current
    version: older ones stay released (they were seen), but a group not released in this
    snapshot is suppressed now; a comment group shows its latest released version."""
    figures: dict[str, int] = {}
    comments: dict[str, int] = {}
    for kind, key, snap in db.execute(
        "SELECT kind, key, snapshot FROM release_groups WHERE wave_id = ? AND snapshot <= ?",
        [wave_id, snapshot],
    ).fetchall():
        if kind == "comments":
            comments[key] = max(comments.get(key, 0), int(snap))
        elif snap == snapshot:
            figures[key] = snapshot
    return Release(wave_id, snapshot, thresholds(db, wave_id), figures, comments)


# --- deciding a snapshot's release ------------------------------------------------------


@dataclass
class Atoms:
    """The wave's released respondents folded into atoms: people with the same segments who
    entered in the same snapshot (no question can tell them apart)."""

    profiles: list[Profile]
    snapshots: np.ndarray
    weights: np.ndarray
    columns: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, db: sqlite_utils.Database, wave_id: int) -> Atoms:
        columns = ", ".join(SEGMENTS)
        rows = db.execute(
            f"SELECT {columns}, snapshot, COUNT(*) FROM analytics_scores WHERE wave_id = ? "
            f"GROUP BY {columns}, snapshot",
            [wave_id],
        ).fetchall()
        width = len(SEGMENTS)
        return cls(
            [tuple(str(v) for v in r[:width]) for r in rows],
            np.array([int(r[width]) for r in rows], dtype=int),
            np.array([int(r[width + 1]) for r in rows], dtype=float),
        )

    def column(self, segment: str) -> np.ndarray:
        """The atoms' values of one segment (computed once)."""
        if segment not in self.columns:
            i = SEGMENTS.index(segment)
            self.columns[segment] = np.array([p[i] for p in self.profiles], dtype=object)
        return self.columns[segment]

    def mask(self, scope: Scope, conditions: Conditions, upto: int) -> np.ndarray:
        keep = self.snapshots <= upto
        if scope is not None:
            keep = keep & np.isin(self.column("department"), list(scope))
        for segment, value in conditions:
            keep = keep & (self.column(segment) == value)
        return keep


def candidate_tables(
    atoms: Atoms, scopes: Sequence[Scope]
) -> list[tuple[Scope, Conditions, list[Conditions]]]:
    """Every table a user may ask for, in release priority order, as (scope, filter, rows):
    scopes first, then unfiltered breakdowns (departments first), then filtered populations
    and their breakdowns; within a table, larger rows first (so that a complement hidden is
    the smallest one). A filter's own population comes as a one-row table of its own."""
    index = {s: i for i, s in enumerate(SEGMENTS)}
    weighted = list(zip(atoms.profiles, atoms.weights.tolist(), strict=True))
    out: list[tuple[Scope, Conditions, list[Conditions]]] = [(s, (), [()]) for s in scopes]
    for scope in scopes:
        inside = [(p, w) for p, w in weighted if scope is None or p[0] in scope]
        filters = [((kind, v),) for kind in KIND_ORDER for v in _by_size(inside, kind, index, True)]
        for head in [(), *filters]:
            members = [(p, w) for p, w in inside if all(p[index[s]] == v for s, v in head)]
            for kind in KIND_ORDER:
                if head and head[0][0] == kind:
                    continue
                rows: list[Conditions] = []
                for value in _by_size(members, kind, index):
                    if kind == "team":
                        cond: Conditions = (("department", value[0]), ("team", value[1]))
                    else:
                        cond = ((kind, value),)
                    rows.append(tuple(sorted(set(head + cond))))
                out.append((scope, head, rows))
            if head:
                out.append((scope, (), [head]))
    return out


def _by_size(
    members: Sequence[tuple[Profile, float]],
    kind: str,
    index: Mapping[str, int],
    names: bool = False,
) -> list[Any]:
    """Values of `kind` by descending head count (teams as (department, team) unless
    `names`)."""
    counts: dict[Any, float] = {}
    for p, weight in members:
        value = (p[0], p[index["team"]]) if kind == "team" and not names else p[index[kind]]
        counts[value] = counts.get(value, 0) + weight
    return sorted(counts, key=lambda v: (-counts[v], v))


def decide(
    db: sqlite_utils.Database, wave_id: int, snapshot: int, scopes: Sequence[tuple[str, ...]]
) -> None:
    """Decide and store which groups snapshot `snapshot` releases, per scope (what one user
    can see: the whole organisation for admins, their departments for a viewer), keeping
    everything that earlier snapshots (or earlier decisions of this one) released."""
    limits = thresholds(db, wave_id)
    atoms = Atoms.read(db, wave_id)
    earlier = db.execute(
        "SELECT kind, key, snapshot FROM release_groups WHERE wave_id = ? ORDER BY snapshot",
        [wave_id],
    ).fetchall()
    for scope in [None, *scopes]:
        mine = [(knd, key, snap) for knd, key, snap in earlier if _scope_of(key) == scope]
        _decide_scope(db, wave_id, snapshot, atoms, limits, scope, mine)
    db.execute(
        "INSERT OR REPLACE INTO release_state (wave_id, snapshot, scopes) VALUES (?, ?, ?)",
        [wave_id, snapshot, json.dumps([list(s) for s in scopes])],
    )


def _scope_of(key: str) -> Scope:
    scope = json.loads(key)[0]
    return tuple(scope) if scope is not None else None


def _decide_scope(
    db: sqlite_utils.Database,
    wave_id: int,
    snapshot: int,
    atoms: Atoms,
    limits: Thresholds,
    scope: Scope,
    earlier: Sequence[tuple[str, str, int]],
) -> None:
    """Decide one scope's figure groups (`releasable`, with each table's small rows together
    kept out of reach) and comment groups (`comment_releasable`), and store the new ones."""
    tables = candidate_tables(atoms, [scope])
    wanted = [(s, row) for s, _head, rows in tables for row in rows]
    unions = _small_unions(atoms, tables, limits.k, snapshot)
    before = {kind: [(key, snap) for knd, key, snap in earlier if knd == kind] for kind in KINDS}
    chosen = {
        "figures": releasable(
            atoms.weights,
            _candidates(atoms, before["figures"], wanted, snapshot),
            limits.k,
            unions,
        ),
        "comments": comment_releasable(
            atoms.weights,
            _candidates(atoms, before["comments"], _comment_groups(wanted), snapshot),
            limits.k_comments,
        ),
    }
    for kind, keys in chosen.items():
        have = set(before[kind])
        db.conn.executemany(
            "INSERT OR IGNORE INTO release_groups (wave_id, kind, key, snapshot) VALUES (?,?,?,?)",
            [(wave_id, kind, key, snapshot) for key in keys if (key, snapshot) not in have],
        )


def _small_unions(
    atoms: Atoms, tables: Sequence[tuple[Scope, Conditions, list[Conditions]]], k: int, upto: int
) -> list[np.ndarray]:
    """Per breakdown table, the people of all its rows below k together, when they are fewer
    than k: the rest of the table may never give their sum away (complementary
    suppression, found by the span check that `releasable` runs on these)."""
    out = []
    for scope, _head, rows in tables:
        masks = [atoms.mask(scope, row, upto) for row in rows]
        small = [m for m in masks if 0 < atoms.weights[m].sum() < k]
        if len(small) > 1:
            union = np.logical_or.reduce(small)
            if atoms.weights[union].sum() < k:
                out.append(union)
    return out


def _comment_groups(wanted: Sequence[tuple[Scope, Conditions]]) -> list[tuple[Scope, Conditions]]:
    """Comment lists are offered for scopes and unfiltered breakdown rows only."""
    return [
        (scope, cond)
        for scope, cond in wanted
        if len(cond) <= 1 or (len(cond) == 2 and {s for s, _v in cond} == {"department", "team"})
    ]


def _candidates(
    atoms: Atoms,
    before: Sequence[tuple[str, int]],
    groups: Sequence[tuple[Scope, Conditions]],
    snapshot: int,
) -> list[Candidate]:
    out = []
    for key, snap in before:
        scope, cond = json.loads(key)
        conditions = tuple((s, v) for s, v in cond)
        mask = atoms.mask(tuple(scope) if scope is not None else None, conditions, snap)
        out.append(Candidate((key, snap), mask, snap, released_before=True))
    seen = set()
    for scope, conditions in groups:
        key = group_key(scope, conditions)
        if key in seen:
            continue
        seen.add(key)
        out.append(Candidate(key, atoms.mask(scope, conditions, snapshot), snapshot))
    return out


def comment_releasable(weights: Any, candidates: Sequence[Candidate], k: int) -> list[Any]:
    """Comment groups that may be listed, greedily. Lists are sets, and sets combine by
    intersection and difference: so people are sorted into classes by which released lists
    hold them, and a list is released only if afterwards every class holds none or at least
    k_comments people (`k`). Then any list that can be built from the released ones (the
    common part of two, one without the other, a total without its parts) holds none or at
    least k_comments people. Earlier snapshots of a group count as lists of their own."""
    w = np.asarray(weights, dtype=float)
    classes = np.zeros(len(w), dtype=np.int64)
    covered = np.zeros(len(w), dtype=bool)
    out = []
    for c in candidates:
        g = np.asarray(c.members, dtype=bool)
        if not c.released_before and w[g].sum() < k:
            continue
        ids, split = np.unique(classes * 2 + g, return_inverse=True)
        reach = covered | g
        sizes = np.bincount(split[reach], weights=w[reach], minlength=len(ids))
        if not c.released_before and np.any((sizes > 0.5) & (sizes < k - 0.5)):
            continue
        classes, covered = split.astype(np.int64), reach
        if not c.released_before:
            out.append(c.key)
    return out


# --- which waiting responses join the next snapshot ---------------------------------------


def admissible(
    db: sqlite_utils.Database, wave_id: int, pending: Sequence[tuple[int, Profile]]
) -> list[int]:
    """The ids of the waiting responses that may join the next snapshot: while some group
    released before would gain 1..k-1 of them, those are held back (until more arrive)."""
    k = thresholds(db, wave_id).k
    keys = [
        json.loads(key)
        for (key,) in db.execute(
            "SELECT DISTINCT key FROM release_groups WHERE wave_id = ?", [wave_id]
        ).fetchall()
    ]
    if not keys:
        return [rid for rid, _p in pending]
    index = {s: i for i, s in enumerate(SEGMENTS)}
    tests = [
        (set(scope) if scope is not None else None, [(index[s], v) for s, v in cond])
        for scope, cond in keys
    ]
    joining = dict(pending)
    changed = True
    while changed:
        changed = False
        for allowed, cond in tests:
            members = [
                rid
                for rid, p in joining.items()
                if (allowed is None or p[0] in allowed) and all(p[i] == v for i, v in cond)
            ]
            if 0 < len(members) < k:
                for rid in members:
                    del joining[rid]
                changed = True
    return list(joining)


# --- keys ---------------------------------------------------------------------------------


def scope_key(departments: Sequence[str] | None) -> Scope:
    return tuple(sorted(departments)) if departments is not None else None
