"""Tables of the conversations area: a conversation per comment, and its messages.

What is absent is the point (docs/confidentiality.md, "Conversations"): no date or time, no
person, invitation, response or e-mail, no user, and random ids (feedback.rowids), so
neither a column nor the row order ties a conversation to the moment it was started, nor
a message to the moment it was written. The follow-up key is kept only as its SHA-256 hash.
"""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.conversations")

# The score columns of `comments` (feedback/schema.py, written by feedback/scoring/store.py),
# written out: a migration must not change when a shared constant does later.
SCORE_COLUMNS = """
            language TEXT,
            flag TEXT,
            sentiment TEXT,
            sentiment_score REAL,
            barrier TEXT,
            p_knowledge REAL,
            p_motivation REAL,
            p_access REAL,
            p_none REAL,
            evidence TEXT,
            model_version TEXT"""


@migrations()
def m_conversations_001(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            comment_id INTEGER NOT NULL UNIQUE REFERENCES comments(id) ON DELETE CASCADE,
            key_hash TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'ended'))
        )""")
    db.execute(f"""
        CREATE TABLE conversation_messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            author TEXT NOT NULL CHECK (author IN ('manager', 'employee')),
            text TEXT NOT NULL,
            nonce TEXT NOT NULL UNIQUE,{SCORE_COLUMNS},
            UNIQUE (conversation_id, position)
        )""")
    db.execute(
        "CREATE INDEX idx_conversations_key ON conversations(key_hash) WHERE key_hash IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX idx_conversation_messages_unscored ON conversation_messages(id) "
        "WHERE model_version IS NULL"
    )


@migrations()
def m_conversations_002_confidence(db: sqlite_utils.Database) -> None:
    """The scorer's confidence, as on `comments` (feedback/scoring/schema.py)."""
    columns = db.table("conversation_messages").columns_dict
    for name, kind in (("confidence", "REAL"), ("confident", "INTEGER")):
        if name not in columns:
            db.execute(f"ALTER TABLE conversation_messages ADD COLUMN {name} {kind}")
