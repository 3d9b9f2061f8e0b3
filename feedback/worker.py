"""The life cycle shared by the process's background threads (scoring, preparing waves).

A worker owns at most one daemon thread per process and database. A nudge starts the thread
if there is none; the thread opens its own connection, runs a round each time it is woken, and
ends after IDLE_SECONDS without a nudge, so an idle process holds no thread. A nudge that
arrives while the thread is closing starts a new one. Nothing depends on the thread
surviving: the work stays in the database until a round, `tick` or a command has done it.
"""

from __future__ import annotations

import threading

import sqlite_utils

IDLE_SECONDS = 120.0


class BackgroundWorker:
    """A nudgeable thread over one database file; subclasses define `_round`."""

    thread_name = "goesting-worker"

    def __init__(self, database: str) -> None:
        self.database = str(database)
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until every nudge so far has been worked off (for commands and tests)."""
        return self._idle.wait(timeout)

    def busy(self) -> bool:
        """Nudged and not worked off yet."""
        return not self._idle.is_set()

    def _wake_up(self) -> None:
        """Mark work as pending and make sure a thread will run a round for it."""
        self._idle.clear()
        self._wake.set()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name=self.thread_name, daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        from feedback.db import connect

        db = connect(self.database)
        try:
            while self._wake.wait(IDLE_SECONDS):
                self._round(db)
        finally:
            with self._lock:
                self._thread = None
            db.conn.close()
            if self._wake.is_set():  # nudged while closing: go on in a new thread
                self._wake_up()

    def _round(self, db: sqlite_utils.Database) -> None:
        """Do the pending work; clear `_wake` before taking it and set `_idle` when none is
        left."""
        raise NotImplementedError
