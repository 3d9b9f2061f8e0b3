"""Change managers who sign in: admins (everything), viewers (dashboards, some departments)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import cast

import sqlite_utils
from flask_login import UserMixin

from feedback.analytics.refresh import prepare_waves
from feedback.auth.passwords import hash_password
from feedback.domain import USER_ROLES


class UserExists(Exception):
    """A user with that e-mail address already exists."""


@dataclass
class User(UserMixin):
    id: int
    email: str
    role: str
    # The departments this user may see: None (all) only for an admin; a viewer always has
    # an explicit scope, and a viewer stored without one sees nothing (fail closed).
    departments: tuple[str, ...] | None
    language: str
    active: bool = True
    session_version: int = 0

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        """What a session keeps: the id and the session version, so that bumping the version
        (sign-out, a new password) ends every session of this user, copied cookies too."""
        return f"{self.id}:{self.session_version}"

    def may_see(self, department: str) -> bool:
        return self.departments is None or department in self.departments

    @classmethod
    def from_row(cls, row: dict) -> User:
        deps = None if row["role"] == "admin" else _scope(row.get("departments"))
        return cls(
            row["id"],
            row["email"],
            row["role"],
            deps,
            row["language"],
            bool(row["active"]),
            int(row.get("session_version") or 0),
        )


def _scope(stored: str | None) -> tuple[str, ...]:
    """A viewer's departments as stored (a JSON list); nothing readable means no department."""
    try:
        departments = json.loads(stored) if stored else []
    except ValueError:
        return ()
    if not isinstance(departments, list):
        return ()
    return tuple(d for d in departments if isinstance(d, str))


def create_user(
    db: sqlite_utils.Database,
    email: str,
    password: str,
    role: str,
    departments: list[str] | None = None,
    language: str = "en",
) -> User:
    if role not in USER_ROLES:
        raise ValueError(f"role must be one of {', '.join(USER_ROLES)}")
    email = email.strip().lower()
    if list(db.query("SELECT 1 FROM users WHERE email = ?", [email])):
        raise UserExists(email)
    row = {
        "email": email,
        "password_hash": hash_password(password),
        "role": role,
        "departments": json.dumps(sorted(departments)) if departments else None,
        "language": language,
        "active": 1,
    }
    row_id = db.table("users").insert(row).last_pk
    if departments:  # a new viewer's scope: its releases are decided now, not on a page view
        prepare_waves(db)
    return cast(User, get_user(db, cast(int, row_id)))


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return User.from_row(rows[0]) if rows else None


def find_by_email(db: sqlite_utils.Database, email: str) -> dict | None:
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [email.strip().lower()]))
    return rows[0] if rows else None


def list_users(db: sqlite_utils.Database) -> list[User]:
    return [User.from_row(r) for r in db.query("SELECT * FROM users ORDER BY email")]


def update_user(
    db: sqlite_utils.Database,
    user_id: int,
    role: str,
    departments: list[str] | None,
    active: bool,
) -> None:
    if role not in USER_ROLES:
        raise ValueError(f"role must be one of {', '.join(USER_ROLES)}")
    db.table("users").update(
        user_id,
        {
            "role": role,
            "departments": json.dumps(sorted(departments)) if departments else None,
            "active": 1 if active else 0,
        },
    )
    if departments:
        prepare_waves(db)


def end_sessions(db: sqlite_utils.Database, user_id: int) -> None:
    """End every session of this user, on every device (sign-out, new password)."""
    with db.conn:
        db.execute("UPDATE users SET session_version = session_version + 1 WHERE id = ?", [user_id])


def set_password(db: sqlite_utils.Database, user_id: int, password: str) -> None:
    """Store a new password and end every session of this user."""
    with db.conn:
        db.execute(
            "UPDATE users SET password_hash = ?, session_version = session_version + 1 "
            "WHERE id = ?",
            [hash_password(password), user_id],
        )


def user_for_session(db: sqlite_utils.Database, session_id: str) -> User | None:
    """The active user whose session id (`id:version`, from User.get_id) is still current."""
    user_id, sep, version = session_id.partition(":")
    if not sep or not user_id.isdigit() or not version.isdigit():
        return None
    user = get_user(db, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def set_language(db: sqlite_utils.Database, user_id: int, language: str) -> None:
    if language not in ("nl", "en"):
        raise ValueError("language must be nl or en")
    db.table("users").update(user_id, {"language": language})


def count_active_admins(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[
        0
    ]
