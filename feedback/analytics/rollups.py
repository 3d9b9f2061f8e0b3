"""Per-wave rollups of the score table: for every breakdown (everyone and each segment), per
group and department, the respondent count and the count and sum per measure.

They are maintained with the scores (`add` after new score rows, additively; cleared when a
wave is rebuilt), so the unfiltered breakdowns every page starts from read a few hundred rows
instead of a wave's respondents. A viewer's department scope sums the rows of their
departments. Filtered views aggregate the score table itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from feedback.analytics.nps import DETRACTOR_UP_TO, PROMOTER_FROM
from feedback.analytics.sql import group_columns
from feedback.domain import MEASURES, SEGMENTS

FIGURES = ("n", *(f"{p}_{m}" for m in MEASURES for p in ("c", "s")), "promoters", "detractors")


def add(db: sqlite_utils.Database, wave_id: int, snapshot: int) -> None:
    """Add the wave's score rows of snapshot `snapshot` to its rollups: first grouped by
    all segments at once (one pass over the rows), then rolled up per breakdown from that."""
    segments = ", ".join(SEGMENTS)
    sources = ["COUNT(*)"]
    for m in MEASURES:
        sources += [f"COUNT({m})", f"TOTAL({m})"]
    sources += [
        f"COALESCE(SUM(advocacy >= {PROMOTER_FROM}), 0)",
        f"COALESCE(SUM(advocacy <= {DETRACTOR_UP_TO}), 0)",
    ]
    columns = ", ".join(FIGURES)
    db.execute("DROP TABLE IF EXISTS temp.analytics_fine")
    named = ", ".join(f"{src} AS {f}" for src, f in zip(sources, FIGURES, strict=True))
    db.execute(
        f"""CREATE TEMP TABLE analytics_fine AS
            SELECT {segments}, {named}
            FROM analytics_scores WHERE wave_id = ? AND snapshot = ?
            GROUP BY {segments}""",
        [wave_id, snapshot],
    )
    update = ", ".join(f"{f} = {f} + excluded.{f}" for f in FIGURES)
    for by in (None, *SEGMENTS):
        grp, parent = group_columns(by)
        db.execute(
            f"""INSERT INTO analytics_rollups
                    (wave_id, breakdown, segment, parent, department, {columns})
                SELECT ?, ?, {grp}, COALESCE({parent}, ''), r.department,
                       {", ".join(f"SUM(r.{f})" for f in FIGURES)}
                FROM temp.analytics_fine r WHERE 1
                GROUP BY 3, 4, 5
                ON CONFLICT (wave_id, breakdown, segment, parent, department)
                DO UPDATE SET {update}""",
            [wave_id, by or ""],
        )
    db.execute("DROP TABLE temp.analytics_fine")


def clear(db: sqlite_utils.Database, wave_id: int) -> None:
    db.execute("DELETE FROM analytics_rollups WHERE wave_id = ?", [wave_id])


def read(
    db: sqlite_utils.Database, wave_id: int, by: str | None, departments: Sequence[str] | None
) -> list[tuple]:
    """Rows (group, parent or None, n, count and sum per measure..., promoters, detractors),
    sorted by parent and group, for the whole wave or the given departments."""
    scope, params = "", []
    if departments is not None:
        scope = f" AND department IN ({', '.join('?' * len(departments)) or 'NULL'})"
        params = list(departments)
    sums = ", ".join(f"SUM({f})" for f in FIGURES)
    return db.execute(
        f"""SELECT segment, NULLIF(parent, ''), {sums} FROM analytics_rollups
            WHERE wave_id = ? AND breakdown = ?{scope}
            GROUP BY segment, parent ORDER BY parent, segment""",
        [wave_id, by or "", *params],
    ).fetchall()
