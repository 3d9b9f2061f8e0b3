"""The release model: which groups of a wave may be shown to anyone, decided once per snapshot.

Every figure, count and comment list that leaves the server is about a *group*: the people of
a scope (the organisation, or a viewer's departments), narrowed by at most one filter
(segment = value) and by one value of a breakdown. The set of such groups is finite, so the
groups that may be released are decided ahead, per wave and snapshot, by
`feedback.confidentiality.releasable` (figures) and `comment_releasable` (comment lists),
over everything that was ever released for the wave. Pages, exports, the API and the CLI ask
`get_release(db, wave_id)` whether a group is released; a group that is not is suppressed,
and a filter whose population is not released is refused (`GroupTooSmall`).

Open waves are released in snapshots (`admissible`): a response waiting to be released joins
the next snapshot only when every group released before gains either nothing or at least k
people from that snapshot; what cannot join stays waiting (see docs/confidentiality.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlite_utils

from feedback.confidentiality import (
    Candidate,
    GroupTooSmall,
    Thresholds,
    releasable,
    thresholds,
)
from feedback.domain import SEGMENTS

MAX_FILTERS = 1
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


def check_filter(
    db: sqlite_utils.Database,
    wave_ids: Iterable[int],
    filters: Mapping[str, str] | Sequence[tuple[str, str]] | None,
    k: int | None = None,
    departments: Sequence[str] | None = None,
) -> None:
    """GroupTooSmall unless, in every wave, the filtered population of the viewer's scope is
    released (the unfiltered scope may also be empty); TooManyFilters for more than one
    filter."""
    conditions = check_filters(filters)
    scope = tuple(sorted(departments)) if departments is not None else None
    for wave_id in wave_ids:
        release = get_release(db, wave_id, scope)
        if release.shows(scope, conditions):
            continue
        # An empty scope shows an empty page; a filter must be a released group, so an
        # invented value costs no query and leaves nothing behind in the cache.
        if conditions or _present(db, wave_id, scope, conditions):
            raise GroupTooSmall("this selection is not released")


def _present(db: sqlite_utils.Database, wave_id: int, scope: Scope, conditions: Conditions) -> bool:
    where, params = _where(scope, conditions)
    sql = f"SELECT 1 FROM analytics_scores WHERE wave_id = ?{where} LIMIT 1"
    return db.execute(sql, [wave_id, *params]).fetchone() is not None


def _where(scope: Scope, conditions: Conditions) -> tuple[str, list[str]]:
    sql, params = "", []
    for segment, value in conditions:
        if segment not in SEGMENTS:
            raise ValueError(segment)
        sql += f" AND {segment} = ?"
        params.append(value)
    if scope is not None:
        sql += f" AND department IN ({', '.join('?' * len(scope)) or 'NULL'})"
        params.extend(scope)
    return sql, params


def viewer_scopes(db: sqlite_utils.Database) -> list[tuple[str, ...]]:
    """The distinct department scopes of the users who have one."""
    found = set()
    for row in db.query("SELECT departments FROM users WHERE departments IS NOT NULL"):
        departments = json.loads(row["departments"] or "null")
        if departments:
            found.add(tuple(sorted(departments)))
    return sorted(found)


def get_release(db: sqlite_utils.Database, wave_id: int, scope: Scope = None) -> Release:
    """The wave's release, brought up to date: new answers (the next snapshot), and new
    scopes (every viewer's departments, and `scope` when it is one nobody had before)."""
    from feedback.analytics.scores import ensure_scores

    ensure_scores(db, wave_id)
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


def _snapshot(db: sqlite_utils.Database, wave_id: int) -> int:
    row = db.execute("SELECT snapshot FROM analytics_waves WHERE wave_id = ?", [wave_id]).fetchone()
    return int(row[0]) if row else 0


def _load(db: sqlite_utils.Database, wave_id: int, snapshot: int) -> Release:
    figures: dict[str, int] = {}
    comments: dict[str, int] = {}
    for kind, key, snap in db.execute(
        "SELECT kind, key, snapshot FROM release_groups WHERE wave_id = ? AND snapshot <= ?",
        [wave_id, snapshot],
    ).fetchall():
        target = figures if kind == "figures" else comments
        target[key] = max(target.get(key, 0), int(snap))
    # A figure group is shown only in its current version: older ones stay released (they
    # were seen) but a group not released in this snapshot is suppressed now.
    current = {
        key
        for (key,) in db.execute(
            "SELECT key FROM release_groups WHERE wave_id = ? AND kind = 'figures' "
            "AND snapshot = ?",
            [wave_id, snapshot],
        ).fetchall()
    }
    figures = {k: v for k, v in figures.items() if k in current}
    return Release(wave_id, snapshot, thresholds(db, wave_id), figures, comments)


# --- deciding a snapshot's release ------------------------------------------------------


@dataclass
class Atoms:
    """The wave's released respondents folded into atoms: people with the same segments who
    entered in the same snapshot (no question can tell them apart)."""

    profiles: list[Profile]
    snapshots: np.ndarray
    weights: np.ndarray

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
        cache = self.__dict__.setdefault("_columns", {})
        if segment not in cache:
            i = SEGMENTS.index(segment)
            cache[segment] = np.array([p[i] for p in self.profiles], dtype=object)
        return cache[segment]

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


def candidate_groups(atoms: Atoms, scopes: Sequence[Scope]) -> list[tuple[Scope, Conditions]]:
    """Every group of `candidate_tables`, in the same order."""
    return [(scope, row) for scope, _head, rows in candidate_tables(atoms, scopes) for row in rows]


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
    tables = candidate_tables(atoms, [scope])
    wanted = [(s, row) for s, _head, rows in tables for row in rows]
    unions = _small_unions(atoms, tables, limits.k, snapshot)
    for kind, k, decide_kind in (
        ("figures", limits.k, releasable),
        ("comments", limits.k_comments, comment_releasable),
    ):
        before = [(key, snap) for knd, key, snap in earlier if knd == kind]
        groups = wanted if kind == "figures" else _comment_groups(wanted)
        candidates = _candidates(atoms, before, groups, snapshot)
        chosen = decide_kind(atoms.weights, candidates, k, unions if kind == "figures" else ())
        have = set(before)
        db.conn.executemany(
            "INSERT OR IGNORE INTO release_groups (wave_id, kind, key, snapshot) VALUES (?,?,?,?)",
            [(wave_id, kind, key, snapshot) for key in chosen if (key, snapshot) not in have],
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


def comment_releasable(
    weights: Any, candidates: Sequence[Candidate], k: int, protected: Sequence[Any] = ()
) -> list[Any]:
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


# --- applying the release to a table's rows -------------------------------------------------


def scope_key(departments: Sequence[str] | None) -> Scope:
    return tuple(sorted(departments)) if departments is not None else None


def protect(
    db: sqlite_utils.Database,
    wave_id: int,
    rows: Sequence[Mapping[str, Any]],
    by: str | None,
    filters: Sequence[tuple[str, str]],
    departments: Sequence[str] | None,
    keys: Sequence[str] = ("segment", "parent"),
) -> list[dict[str, Any]]:
    """Rows of a breakdown (`segment`, `parent` for teams) with every group the wave's release
    does not show replaced by a suppressed row (its key only: no figures, no count)."""
    scope = scope_key(departments)
    release = get_release(db, wave_id, scope)
    out = []
    for row in rows:
        conditions = (*filters, *breakdown_conditions(by, row["segment"], row.get("parent")))
        if release.shows(scope, conditions):
            out.append(dict(row))
        else:
            out.append({**{k: row[k] for k in keys if k in row}, "suppressed": True})
    return out


def shows_population(
    db: sqlite_utils.Database,
    wave_id: int,
    filters: Sequence[tuple[str, str]],
    departments: Sequence[str] | None,
) -> bool:
    """Whether the population itself (scope and filters, no breakdown) is released."""
    scope = scope_key(departments)
    return get_release(db, wave_id, scope).shows(scope, filters)
