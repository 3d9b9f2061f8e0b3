"""Change managers who sign in: admins (everything), viewers (dashboards, some departments)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils
from flask_login import UserMixin

from feedback.auth.passwords import hash_password

ROLES = ("admin", "viewer")


class UserExists(Exception):
    """A user with that e-mail address already exists."""


@dataclass
class User(UserMixin):
    id: int
    email: str
    role: str
    departments: list[str] | None
    language: str
    active: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def may_see(self, department: str) -> bool:
        return self.departments is None or department in self.departments

    @classmethod
    def from_row(cls, row: dict) -> User:
        deps = json.loads(row["departments"]) if row.get("departments") else None
        return cls(row["id"], row["email"], row["role"], deps, row["language"], bool(row["active"]))


def create_user(
    db: sqlite_utils.Database,
    email: str,
    password: str,
    role: str,
    departments: list[str] | None = None,
    language: str = "en",
) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
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
    return get_user(db, row_id)  # type: ignore[return-value]


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return User.from_row(rows[0]) if rows else None


def find_by_email(db: sqlite_utils.Database, email: str) -> dict | None:
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [email.strip().lower()]))
    return rows[0] if rows else None
