"""Preparing waves outside the request: one thread per process and database.

A submission stores its response and nudges this thread with its wave; the respondent gets
the thank-you page at once. The thread waits until submissions have been quiet for
QUIET_SECONDS (at most MAX_DELAY_SECONDS after the first nudge), then prepares every nudged
wave once (`feedback.analytics.refresh.prepare`): a burst of answers costs one snapshot and
one release decision, not one per answer, and never holds the database's write lock while a
respondent waits. A wave that cannot be prepared (the database busy) stays pending for the
next round; nothing is lost if the process dies, because `tick` and `analytics-refresh`
prepare every wave too.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time

import sqlite_utils

from feedback.analytics.refresh import prepare
from feedback.worker import BackgroundWorker

log = logging.getLogger(__name__)
QUIET_SECONDS = 1.0
MAX_DELAY_SECONDS = 10.0


class BackgroundPreparer(BackgroundWorker):
    """A nudgeable preparer over one database file."""

    thread_name = "goesting-preparer"

    def __init__(self, database: str, quiet: float = QUIET_SECONDS) -> None:
        super().__init__(database)
        self.quiet = quiet
        self._pending: set[int] = set()
        self._first_nudge = 0.0
        self._last_nudge = 0.0

    def nudge(self, wave_id: int) -> None:
        """Ask for `wave_id` to be prepared soon (starts the thread on first use)."""
        with self._lock:
            now = time.monotonic()
            if not self._pending:
                self._first_nudge = now
            self._pending.add(int(wave_id))
            self._last_nudge = now
        self._wake_up()

    def _due(self) -> float:
        """Seconds to wait before the next round (0: now)."""
        with self._lock:
            now = time.monotonic()
            quiet_at = self._last_nudge + self.quiet
            latest = self._first_nudge + MAX_DELAY_SECONDS
            return max(0.0, min(quiet_at, latest) - now)

    def _take(self) -> set[int]:
        with self._lock:
            waves, self._pending = self._pending, set()
            self._wake.clear()
            return waves

    def _round(self, db: sqlite_utils.Database) -> None:
        while (wait := self._due()) > 0:
            time.sleep(wait)
        failed = {w for w in self._take() if not self.prepare(db, w)}
        with self._lock:
            if failed:
                self._pending |= failed
                self._first_nudge = self._last_nudge = time.monotonic()
                self._wake.set()
            elif not self._pending:
                self._idle.set()

    @staticmethod
    def prepare(db: sqlite_utils.Database, wave_id: int) -> bool:
        """Prepare one wave; False when the database was busy and it should be tried again
        (any other failure is logged and left to `tick`)."""
        try:
            prepare(db, wave_id)
            return True
        except sqlite3.OperationalError:
            log.warning("wave %s not prepared yet (database busy); trying again", wave_id)
            return False
        except Exception:
            log.exception("wave %s could not be prepared", wave_id)
            return True
        finally:
            if db.conn.in_transaction:
                db.conn.rollback()


_PREPARERS: dict[str, BackgroundPreparer] = {}
_PREPARERS_LOCK = threading.Lock()


def preparer_for(database: str) -> BackgroundPreparer:
    """The process's preparer thread for this database."""
    with _PREPARERS_LOCK:
        if database not in _PREPARERS:
            _PREPARERS[database] = BackgroundPreparer(str(database))
        return _PREPARERS[database]
