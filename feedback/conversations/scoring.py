"""Messages are scored like comments, by the background worker (never in the request)."""

from __future__ import annotations

from flask import current_app

from feedback.scoring.background import worker_for


def nudge_scorer() -> None:
    worker_for(current_app.config["DATABASE"], current_app.config["MODEL_DIR"]).nudge()
