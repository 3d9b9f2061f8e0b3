"""`/healthz` for monitoring: 200 while the database answers a trivial query, else 503.

Public, so a load balancer or uptime check needs no account; it says nothing but the status.
"""

from __future__ import annotations

import logging
import sqlite3

from flask import Blueprint, Flask, Response, jsonify

from feedback.db import get_db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.route("/healthz")
def healthz() -> tuple[Response, int]:
    try:
        get_db().execute("SELECT 1").fetchone()
    except (sqlite3.Error, OSError) as exc:
        log.error("health check: the database does not answer: %s", exc)
        status, code = "unavailable", 503
    else:
        status, code = "ok", 200
    return jsonify(status=status), code  # no-store, like every page (feedback.security)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
