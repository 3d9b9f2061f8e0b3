"""Scoring outside the request: one daemon thread per process scores stored comments.

A submission stores its comments unscored (in the same transaction as the response) and
nudges this thread; the thread loads the model once, then scores every comment that has no
model version yet. Nothing is lost if the process dies: unscored comments stay in the
table, and the next sweep (at the next nudge, or `flask rescore`) picks them up. The thread
ends after IDLE_SECONDS without a nudge and the next nudge starts a new one, so an idle
process holds no thread. The respondent's worker never waits for the model.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)
IDLE_SECONDS = 120.0


class BackgroundScorer:
    """A nudgeable sweeper over one database file and one model directory."""

    def __init__(self, database: str, model_dir: str | Path) -> None:
        self.database = database
        self.model_dir = Path(model_dir)
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def nudge(self) -> None:
        """Ask for a sweep soon (starts the thread on first use)."""
        self._idle.clear()
        self._wake.set()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="goesting-scorer", daemon=True
                )
                self._thread.start()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until the queue of nudges is swept (for commands and tests)."""
        return self._idle.wait(timeout)

    def busy(self) -> bool:
        """Nudged and not swept yet."""
        thread = self._thread
        return thread is not None and thread.is_alive() and not self._idle.is_set()

    def _run(self) -> None:
        from feedback.db import connect

        db = connect(self.database)
        try:
            while self._wake.wait(IDLE_SECONDS):
                self._wake.clear()
                self.sweep(db)
                if not self._wake.is_set():
                    self._idle.set()
        finally:
            with self._lock:
                self._thread = None
            db.conn.close()
            if self._wake.is_set():  # nudged while closing: go on in a new thread
                self.nudge()

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
