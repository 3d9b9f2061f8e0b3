"""Preparing a wave for the pages: the writing side of analytics, never run by a page view.

`prepare` takes the next snapshot when waiting responses allow it (`ensure_scores`), decides
what it releases for the organisation and every viewer's departments
(`feedback.release.current_release`), and fills the cache of the unfiltered breakdowns every
page starts from. It runs after a submission is stored, in `analytics-refresh` and in `tick`;
a page only reads what was prepared, and shows a wave with nothing decided yet as being
prepared (`feedback.analytics.guard.NotPrepared`).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from feedback.analytics.barriers import comment_counts
from feedback.analytics.cache import filling
from feedback.analytics.guard import forget_releases
from feedback.analytics.quadrants import quadrant_counts
from feedback.analytics.query import Query
from feedback.analytics.scores import ensure_scores
from feedback.domain import SEGMENTS
from feedback.release import current_release

REPORTED = "SELECT id FROM waves WHERE status IN ('open', 'closed') ORDER BY id"


def prepare(db: sqlite_utils.Database, wave_id: int) -> None:
    """Bring the wave's snapshot, release and cached aggregates up to date."""
    ensure_scores(db, wave_id)
    current_release(db, wave_id)
    forget_releases()
    survey_id = db.execute("SELECT survey_id FROM waves WHERE id = ?", [wave_id]).fetchone()[0]
    with filling():
        for by in (None, *SEGMENTS):
            q = Query(int(survey_id), wave_id, by)
            comment_counts(db, q)
            quadrant_counts(db, q)


def prepare_waves(db: sqlite_utils.Database, wave_ids: Iterable[int] | None = None) -> int:
    """Prepare the given waves (default: every open or closed one); returns how many."""
    ids = list(wave_ids) if wave_ids is not None else [r[0] for r in db.execute(REPORTED)]
    for wave_id in ids:
        prepare(db, int(wave_id))
    return len(ids)
