"""Finishing a process's background work before it exits.

Scoring and preparing run in per-process threads (feedback.scoring.background,
feedback.analytics.background). Nothing is lost when a process dies (the next sweep, `tick`
and `analytics-refresh` catch up), but a planned stop, such as gunicorn restarting or
stopping a worker, should not leave the comments of the last minute unscored until then:
gunicorn's `worker_exit` hook (gunicorn.conf.py) calls `drain` first.
"""

from __future__ import annotations

import time

from flask import Flask

from feedback.analytics.background import preparer_for
from feedback.scoring.background import worker_for

DRAIN_SECONDS = 10.0


def drain(app: Flask, timeout: float = DRAIN_SECONDS) -> bool:
    """Wait (at most `timeout` seconds in all) until this process's scorer and preparer have
    nothing pending; True when they are both done."""
    deadline = time.monotonic() + timeout
    workers = (
        worker_for(app.config["DATABASE"], app.config["MODEL_DIR"]),
        preparer_for(app.config["DATABASE"]),
    )
    for worker in workers:
        if worker.busy() and not worker.wait_idle(max(0.0, deadline - time.monotonic())):
            return False
    return True
