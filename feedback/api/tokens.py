"""Per-user API tokens: shown once, stored only as a SHA-256 hash, found by that hash."""

from __future__ import annotations

import datetime as dt
import hmac

import sqlite_utils

from feedback.auth.users import User, get_user
from feedback.tokens import hash_token, new_token


class UnknownUser(Exception):
    """No active user has that e-mail address."""


def create_api_token(db: sqlite_utils.Database, email: str, label: str | None = None) -> str:
    """A new token for the user with `email`; the caller shows it once, we keep its hash."""
    rows = list(
        db.query("SELECT id FROM users WHERE email = ? AND active = 1", [email.strip().lower()])
    )
    if not rows:
        raise UnknownUser(email)
    token = new_token()
    with db.conn:
        db.table("api_tokens").insert(
            {
                "user_id": rows[0]["id"],
                "token_hash": hash_token(token),
                "label": label,
                "created_on": dt.date.today().isoformat(),
                "last_used_on": None,
            }
        )
    return token


def user_for_token(db: sqlite_utils.Database, token: str) -> User | None:
    """The active user a token belongs to, or None; records the day it was last used."""
    if not token or len(token) > 200:
        return None
    digest = hash_token(token)
    rows = list(
        db.query(
            "SELECT id, user_id, token_hash, last_used_on FROM api_tokens WHERE token_hash = ?",
            [digest],
        )
    )
    if not rows or not hmac.compare_digest(rows[0]["token_hash"], digest):
        return None
    user = get_user(db, rows[0]["user_id"])
    if user is None or not user.is_active:
        return None
    today = dt.date.today().isoformat()
    if rows[0]["last_used_on"] == today:  # a read-only request writes nothing
        return user
    with db.conn:
        db.execute(
            "UPDATE api_tokens SET last_used_on = ? WHERE id = ? "
            "AND coalesce(last_used_on, '') != ?",
            [today, rows[0]["id"], today],
        )
    return user
