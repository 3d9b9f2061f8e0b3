"""Conversations in the database: start one behind a fresh key, add messages, end or close.

The key is 256 random bits (feedback.tokens), handed to the browser once and kept only as
its hash. Messages are ordered by their position within the conversation, never by an id
or a date: a position says how a conversation went, not when.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from feedback.rowids import insert_with_random_id
from feedback.tokens import hash_token, new_token

AUTHORS = ("manager", "employee")


class AlreadyStarted(Exception):
    """A comment already has a conversation (its key was shown once)."""


class Replayed(Exception):
    """A form with this nonce was stored before."""


class NotOpen(Exception):
    """The conversation is closed, or its author ended it."""


@dataclass(frozen=True)
class Conversation:
    id: int
    comment_id: int
    status: str
    has_key: bool
    text: str
    wave_id: int
    survey_id: int
    opens_on: str

    @property
    def open(self) -> bool:
        return self.status == "open" and self.has_key


_SELECT = """
    SELECT v.id, v.comment_id, v.status, v.key_hash IS NOT NULL AS has_key, c.text,
           c.wave_id, w.survey_id, w.opens_on
    FROM conversations v JOIN comments c ON c.id = v.comment_id JOIN waves w ON w.id = c.wave_id"""


def _conversation(row: Sequence[Any]) -> Conversation:
    cid, comment_id, status, has_key, text, wave_id, survey_id, opens_on = row
    return Conversation(cid, comment_id, status, bool(has_key), text, wave_id, survey_id, opens_on)


def start(db: sqlite_utils.Database, comment_ids: Sequence[int]) -> str:
    """A conversation for each comment (one submission's), all behind one new key; returns the
    key, which is stored nowhere. AlreadyStarted if any comment has one already."""
    key = new_token()
    key_hash = hash_token(key)
    try:
        with db.conn:
            db.conn.execute("BEGIN IMMEDIATE")
            for comment_id in comment_ids:
                insert_with_random_id(
                    db.conn,
                    "INSERT INTO conversations (id, comment_id, key_hash) VALUES (?, ?, ?)",
                    [int(comment_id), key_hash],
                )
    except sqlite3.IntegrityError as exc:
        raise AlreadyStarted() from exc
    return key


def by_key(db: sqlite_utils.Database, key: str) -> list[Conversation]:
    """The conversations behind a key (none for an unknown, forged or deleted key)."""
    rows = db.execute(f"{_SELECT} WHERE v.key_hash = ? ORDER BY c.item_id", [hash_token(key)])
    return [_conversation(row) for row in rows.fetchall()]


def get(db: sqlite_utils.Database, conversation_id: int) -> Conversation | None:
    row = db.execute(f"{_SELECT} WHERE v.id = ?", [conversation_id]).fetchone()
    return None if row is None else _conversation(row)


def in_wave(db: sqlite_utils.Database, wave_id: int) -> dict[int, Conversation]:
    """The wave's conversations by comment id."""
    rows = db.execute(f"{_SELECT} WHERE c.wave_id = ?", [wave_id]).fetchall()
    return {conv.comment_id: conv for conv in map(_conversation, rows)}


def messages(db: sqlite_utils.Database, conversation_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT author, text FROM conversation_messages WHERE conversation_id = ? "
            "ORDER BY position",
            [conversation_id],
        )
    )


def add_message(
    db: sqlite_utils.Database, conversation_id: int, author: str, text: str, nonce: str
) -> int:
    """Store a message at the conversation's next position; its id. NotOpen when the
    conversation no longer takes messages, Replayed for a nonce seen before."""
    if author not in AUTHORS:
        raise ValueError(author)
    with db.conn:
        db.conn.execute("BEGIN IMMEDIATE")
        row = db.conn.execute(
            "SELECT status, key_hash IS NOT NULL FROM conversations WHERE id = ?",
            [conversation_id],
        ).fetchone()
        if row is None or row[0] != "open" or not row[1]:
            raise NotOpen()
        if db.conn.execute(
            "SELECT 1 FROM conversation_messages WHERE nonce = ?", [nonce]
        ).fetchone():
            raise Replayed()
        (position,) = db.conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM conversation_messages "
            "WHERE conversation_id = ?",
            [conversation_id],
        ).fetchone()
        return insert_with_random_id(
            db.conn,
            """INSERT INTO conversation_messages (id, conversation_id, position, author, text,
                                                  nonce) VALUES (?, ?, ?, ?, ?, ?)""",
            [conversation_id, position, author, text, nonce],
        )


def end_by_author(db: sqlite_utils.Database, key: str) -> int:
    """The employee deletes their side: their messages go, the key stops working, the
    conversations end. Returns how many conversations ended."""
    key_hash = hash_token(key)
    with db.conn:
        db.conn.execute("BEGIN IMMEDIATE")
        db.conn.execute(
            """DELETE FROM conversation_messages WHERE author = 'employee' AND conversation_id
               IN (SELECT id FROM conversations WHERE key_hash = ?)""",
            [key_hash],
        )
        ended = db.conn.execute(
            "UPDATE conversations SET key_hash = NULL, status = 'ended' WHERE key_hash = ?",
            [key_hash],
        )
    return ended.rowcount


def close(db: sqlite_utils.Database, conversation_id: int) -> bool:
    """An admin closes an open conversation: read-only on both sides. Whether it was open."""
    with db.conn:
        changed = db.conn.execute(
            "UPDATE conversations SET status = 'closed' WHERE id = ? AND status = 'open'",
            [conversation_id],
        )
    return changed.rowcount == 1
