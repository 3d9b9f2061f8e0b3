"""Per-response scores, materialised per wave: one row per respondent with the segment
snapshot and the mean per dimension, scaling, advocacy, knowledge score (kn) and motivation
score (mo). Every dashboard aggregate reads this table instead of the answers.

`ensure_scores(db, wave_id)` brings a wave up to date before reading: responses only ever get
added (with their answers, atomically), so new response ids are appended incrementally; any
other change (a deleted response) rebuilds the wave. (count, max id) of the wave's responses
comes from the wave index, so the check is cheap; triggers on responses drop a wave's state
on any update or delete (migration m_analytics_003).
"""

from __future__ import annotations

import sqlite_utils

from feedback.analytics import rollups
from feedback.analytics.population import Population
from feedback.analytics.readiness import DIMENSIONS

MEASURE_COLUMNS = (*DIMENSIONS, "scaling", "advocacy")
SEGMENT_COLUMNS = ("department", "team", "location", "role", "tenure_band", "language")


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


def _fill(db: sqlite_utils.Database, wave_id: int, after_id: int) -> None:
    items = _items(db, wave_id)
    every = [i for ids in items.values() for i in ids]
    measures = [_mean(items.get(m, [])) for m in MEASURE_COLUMNS]
    kn = _mean(items.get("knowledge", []) + items.get("ability", []))
    mo = _mean(items.get("awareness", []) + items.get("desire", []))
    segs = ", ".join(f"r.{s}" for s in SEGMENT_COLUMNS)
    db.execute(
        f"""INSERT INTO analytics_scores (wave_id, response_id, {", ".join(SEGMENT_COLUMNS)},
                opt_in, {", ".join(MEASURE_COLUMNS)}, kn, mo)
            SELECT r.wave_id, r.id, {segs}, r.ambassador_opt_in, {", ".join(measures)}, {kn}, {mo}
            FROM responses r LEFT JOIN answers a
                 ON a.response_id = r.id AND a.item_id IN ({", ".join(map(str, every)) or "NULL"})
            WHERE r.wave_id = ? AND r.id > ?
            GROUP BY r.id""",
        [wave_id, after_id],
    )
    rollups.add(db, wave_id, after_id)


def wave_state(db: sqlite_utils.Database, wave_id: int) -> tuple[int, int]:
    """(responses, max response id) of the wave: the fingerprint of its answers.

    Responses are only added (triggers drop a wave's stored state on any update or delete),
    so while the wave's max id equals the materialised one, the stored count is current and
    no count is needed. Remembered on the connection until it writes anything.
    """
    memo: dict = db.__dict__.setdefault("_goesting_wave_state", {})
    key = (wave_id, db.conn.total_changes)
    if key not in memo:
        max_id = db.execute(
            "SELECT COALESCE(MAX(id), 0) FROM responses WHERE wave_id = ?", [wave_id]
        ).fetchone()[0]
        stored = db.execute(
            "SELECT responses, max_response_id FROM analytics_waves WHERE wave_id = ?",
            [wave_id],
        ).fetchone()
        if stored and stored[1] == max_id:
            count = stored[0]
        else:
            count = db.execute(
                "SELECT COUNT(*) FROM responses WHERE wave_id = ?", [wave_id]
            ).fetchone()[0]
        if len(memo) > 64:
            memo.clear()
        memo[key] = (int(count), int(max_id))
    return memo[key]


def _state(db: sqlite_utils.Database, wave_id: int) -> tuple[tuple, tuple | None]:
    current = wave_state(db, wave_id)
    stored = db.execute(
        "SELECT responses, max_response_id FROM analytics_waves WHERE wave_id = ?", [wave_id]
    ).fetchone()
    return tuple(current), tuple(stored) if stored else None


def _update(db: sqlite_utils.Database, wave_id: int) -> None:
    (count, max_id), stored = _state(db, wave_id)
    if stored == (count, max_id):
        return
    new = 0
    if stored and max_id >= stored[1]:
        new = db.execute(
            "SELECT COUNT(*) FROM responses WHERE wave_id = ? AND id > ?", [wave_id, stored[1]]
        ).fetchone()[0]
    if stored and stored[0] + new == count:
        _fill(db, wave_id, stored[1])
    else:
        db.execute("DELETE FROM analytics_scores WHERE wave_id = ?", [wave_id])
        rollups.clear(db, wave_id)
        _fill(db, wave_id, 0)
    db.execute(
        "INSERT OR REPLACE INTO analytics_waves (wave_id, responses, max_response_id) "
        "VALUES (?, ?, ?)",
        [wave_id, count, max_id],
    )


def ensure_scores(db: sqlite_utils.Database, wave_id: int) -> None:
    """Make analytics_scores hold exactly the wave's current responses (one writer at a time:
    BEGIN IMMEDIATE, then the state is read again)."""
    current, stored = _state(db, wave_id)
    if stored == current:
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


def grouped(
    db: sqlite_utils.Database,
    wave_id: int,
    by: str | None,
    population: Population,
    aggregates: str,
) -> list[tuple]:
    """Rows (group, parent, respondents, *aggregates) over the wave's scores in the population;
    `aggregates` is SQL over the columns of analytics_scores (alias r). Cached per wave state."""
    from feedback.analytics.aggregate import group_columns
    from feedback.analytics.cache import cached

    grp, parent = group_columns(by)
    where, params = population.where("r")

    def compute() -> list[list]:
        ensure_scores(db, wave_id)
        rows = db.execute(
            f"""SELECT {grp}, {parent}, COUNT(*), {aggregates}
                FROM analytics_scores r WHERE r.wave_id = ?{where}
                GROUP BY 1, 2 ORDER BY 2, 1""",
            [wave_id, *params],
        ).fetchall()
        return [list(r) for r in rows]

    key = f"grouped:{by}:{population.key()}:{aggregates}"
    return [tuple(r) for r in cached(db, wave_id, key, compute)]
