"""Per-response scores, materialised per wave: one row per respondent with the segment
snapshot and the mean per dimension, scaling, advocacy, knowledge score (kn) and motivation
score (mo). Every dashboard aggregate reads this table instead of the answers.

The table holds the *released* responses only (docs/confidentiality.md): `ensure_scores`
takes the next snapshot when responses wait, admitting those that `feedback.release.admissible`
allows, and decides what the snapshot releases (`feedback.release.decide`). Response ids say
nothing about submission order, so waiting responses are found by absence, not by id. Any
other change (a deleted response) rebuilds the wave: triggers on responses drop a wave's state
(migration m_analytics_003). This is the writing side: it runs on submission, in
`analytics-refresh` and in `tick` (`feedback.analytics.refresh`), never on a page view.
"""

from __future__ import annotations

import sqlite_utils

from feedback.analytics import rollups
from feedback.analytics.state import is_current, seen
from feedback.domain import MEASURES, SEGMENTS
from feedback.release import admissible, decide, viewer_scopes


def _items(db: sqlite_utils.Database, wave_id: int) -> dict[str, list[int]]:
    rows = db.execute(
        """SELECT i.id, i.dimension FROM items i JOIN waves w ON w.survey_id = i.survey_id
           WHERE w.id = ? AND i.dimension IS NOT NULL AND i.kind IN ('likert', 'scale')""",
        [wave_id],
    ).fetchall()
    out: dict[str, list[int]] = {}
    for item_id, dimension in rows:
        out.setdefault(dimension, []).append(int(item_id))
    return out


def _mean(ids: list[int]) -> str:
    if not ids:
        return "NULL"
    return f"AVG(CASE WHEN a.item_id IN ({', '.join(map(str, ids))}) THEN a.value END)"


def _fill(db: sqlite_utils.Database, wave_id: int, ids: list[int], snapshot: int) -> None:
    """Release the responses `ids` of the wave into the score table as snapshot `snapshot`."""
    items = _items(db, wave_id)
    every = [i for group in items.values() for i in group]
    measures = [_mean(items.get(m, [])) for m in MEASURES]
    kn = _mean(items.get("knowledge", []) + items.get("ability", []))
    mo = _mean(items.get("awareness", []) + items.get("desire", []))
    segs = ", ".join(f"r.{s}" for s in SEGMENTS)
    db.execute("DROP TABLE IF EXISTS temp.analytics_joining")
    db.execute("CREATE TEMP TABLE analytics_joining (id INTEGER PRIMARY KEY)")
    db.conn.executemany("INSERT INTO temp.analytics_joining (id) VALUES (?)", [(i,) for i in ids])
    db.execute(
        f"""INSERT INTO analytics_scores (wave_id, response_id, {", ".join(SEGMENTS)},
                opt_in, {", ".join(MEASURES)}, kn, mo, snapshot)
            SELECT r.wave_id, r.id, {segs}, r.ambassador_opt_in, {", ".join(measures)}, {kn}, {mo},
                   ?
            FROM temp.analytics_joining j JOIN responses r ON r.id = j.id
                 LEFT JOIN answers a
                 ON a.response_id = r.id AND a.item_id IN ({", ".join(map(str, every)) or "NULL"})
            WHERE r.wave_id = ?
            GROUP BY r.id""",
        [snapshot, wave_id],
    )
    db.execute("DROP TABLE temp.analytics_joining")
    rollups.add(db, wave_id, snapshot)


def _update(db: sqlite_utils.Database, wave_id: int) -> None:
    """Take the next snapshot when responses wait and some of them may be released
    (`feedback.release.admissible`); a wave whose state was dropped starts over."""

    count, stored = seen(db, wave_id)
    if stored is not None and stored[0] == count:
        return
    if stored is None:
        db.execute("DELETE FROM analytics_scores WHERE wave_id = ?", [wave_id])
        db.execute("DELETE FROM release_groups WHERE wave_id = ?", [wave_id])
        db.execute("DELETE FROM release_state WHERE wave_id = ?", [wave_id])
        rollups.clear(db, wave_id)
        released, snapshot = 0, 0
    else:
        released, snapshot = int(stored[1]), int(stored[2])
    segs = ", ".join(f"r.{s}" for s in SEGMENTS)
    pending = [
        (int(row[0]), tuple(str(v) for v in row[1:]))
        for row in db.execute(
            f"""SELECT r.id, {segs} FROM responses r WHERE r.wave_id = ? AND NOT EXISTS
                (SELECT 1 FROM analytics_scores s WHERE s.wave_id = r.wave_id
                 AND s.response_id = r.id)""",
            [wave_id],
        ).fetchall()
    ]
    joining = admissible(db, wave_id, pending) if pending else []
    if joining:
        snapshot += 1
        _fill(db, wave_id, joining, snapshot)
        released += len(joining)
        decide(db, wave_id, snapshot, viewer_scopes(db))
    db.execute(
        "INSERT OR REPLACE INTO analytics_waves (wave_id, responses, max_response_id, snapshot) "
        "VALUES (?, ?, ?, ?)",
        [wave_id, count, released, snapshot],
    )


def ensure_scores(db: sqlite_utils.Database, wave_id: int) -> None:
    """Bring the wave's released responses up to date (one writer at a time: BEGIN
    IMMEDIATE, then the state is read again). `max_response_id` of analytics_waves holds the
    number of released responses since snapshots were introduced."""
    if is_current(db, wave_id):
        return
    conn = db.conn
    if conn.in_transaction:  # the caller's transaction: work inside it
        _update(db, wave_id)
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        _update(db, wave_id)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
