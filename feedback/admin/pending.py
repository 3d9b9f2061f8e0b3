"""Previewed roster uploads, kept server-side until the change manager confirms them."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import sqlite_utils
from flask_babel import lazy_gettext as _l

from feedback.admin.errors import NotFound
from feedback.admin.roster import apply_rows


def save_pending(
    db: sqlite_utils.Database, user_id: int | None, filename: str, rows: list[dict[str, str]]
) -> str:
    """Keep a checked file server-side until it is confirmed; old previews expire after a day."""
    now = dt.datetime.now(dt.UTC)
    key = secrets.token_urlsafe(16)
    with db.conn:
        db.execute(
            "DELETE FROM pending_imports WHERE created_on < ?",
            [(now - dt.timedelta(days=1)).isoformat()],
        )
        db.execute(
            "INSERT INTO pending_imports (id, user_id, created_on, filename, rows) "
            "VALUES (?, ?, ?, ?, ?)",
            [key, user_id, now.isoformat(), filename, json.dumps(rows)],
        )
    return key


def apply_pending(db: sqlite_utils.Database, key: str, user_id: int | None) -> dict[str, int]:
    row = db.execute(
        "SELECT rows FROM pending_imports WHERE id = ? AND user_id IS ?", [key, user_id]
    ).fetchone()
    if row is None:
        raise NotFound(
            _l("This preview has expired or was already applied. Upload the file again.")
        )
    return apply_rows(db, json.loads(row[0]), pending_key=key)
