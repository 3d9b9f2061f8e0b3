"""Scoring outside the request: one daemon thread per process scores stored comments.

A submission stores its comments unscored (in the same transaction as the response) and
nudges this thread; the thread loads the model once, then scores every comment that has no
model version yet. Nothing is lost if the process dies: unscored comments stay in the
table, and the next sweep (at the next nudge, or `flask rescore`) picks them up. The thread's
life cycle (started by a nudge, ended when idle) is `feedback.worker.BackgroundWorker`'s.
The respondent's worker never waits for the model.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from feedback.worker import BackgroundWorker

log = logging.getLogger(__name__)


class BackgroundScorer(BackgroundWorker):
    """A nudgeable sweeper over one database file and one model directory."""

    thread_name = "goesting-scorer"

    def __init__(self, database: str, model_dir: str | Path) -> None:
        super().__init__(database)
        self.model_dir = Path(model_dir)

    def nudge(self) -> None:
        """Ask for a sweep soon (starts the thread on first use)."""
        self._wake_up()

    def _round(self, db) -> None:
        self._wake.clear()
        self.sweep(db)
        if not self._wake.is_set():
            self._idle.set()

    def sweep(self, db) -> int:
        """Score every unscored comment and conversation message; never raises (a failure
        leaves them pending)."""
        from feedback.scoring import persist
        from feedback.scoring.store import SCORED_TABLES, score_pending

        try:
            if not persist.artefact_exists(self.model_dir):
                return 0
            return sum(
                score_pending(db, model_dir=self.model_dir, table=table) for table in SCORED_TABLES
            )
        except Exception:
            log.exception("background scoring failed; the comments stay pending")
            if db.conn.in_transaction:
                db.conn.rollback()
            return 0


_WORKERS: dict[tuple[str, str], BackgroundScorer] = {}
_WORKERS_LOCK = threading.Lock()


def worker_for(database: str, model_dir: str | Path) -> BackgroundScorer:
    """The process's scorer thread for this database and model directory."""
    key = (str(database), str(model_dir))
    with _WORKERS_LOCK:
        if key not in _WORKERS:
            _WORKERS[key] = BackgroundScorer(*key)
        return _WORKERS[key]
