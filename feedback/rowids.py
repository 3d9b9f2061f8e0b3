"""Random row ids for what a respondent stores, so that no id reveals the order of answers.

An autoincrementing id numbers the responses in the order they came in; next to the invited
list and the moment of one person's link click, that order ties a response to a person
(docs/adoption-model.md, "Segments and confidentiality"). Responses and comments therefore
get ids drawn from 1 … 2**62 (positive in SQLite's signed 64 bits), set explicitly at insert.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Sequence
from typing import Any

ATTEMPTS = 8  # a collision among 2**62 ids is already beyond belief; a retry is cheap


def random_id() -> int:
    """A random positive 63-bit id (1 … 2**62)."""
    return secrets.randbits(62) + 1


def insert_with_random_id(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> int:
    """Run an INSERT whose first placeholder is the row's id, with a fresh random id (again on
    the rare collision); returns the id. Works inside the caller's transaction."""
    for _ in range(ATTEMPTS):
        row_id = random_id()
        try:
            conn.execute(sql, [row_id, *params])
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc) and ".id" in str(exc):
                continue  # the id is taken: draw another
            raise
        return row_id
    raise sqlite3.IntegrityError("no free random id after several attempts")
