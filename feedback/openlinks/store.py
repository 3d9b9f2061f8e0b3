"""Store an open-link answer: the response (marked), its answers and comments, and the
browser's vote, in one transaction; the wave and the link must still take answers."""

from __future__ import annotations

import datetime as dt
import sqlite3

import sqlite_utils

from feedback.openlinks.links import OpenLink
from feedback.respond.lookup import AlreadyAnswered, WaveClosed
from feedback.respond.service import Submission, insert_response, response_row

STILL_OPEN = """
    SELECT 1 FROM open_links o JOIN waves w ON w.id = o.wave_id
    WHERE o.id = ? AND o.active = 1 AND w.status = 'open' AND w.opens_on <= ?
      AND w.closes_on >= ?"""


def submit_open_answer(
    db: sqlite_utils.Database,
    link: OpenLink,
    department: str,
    language: str,
    submission: Submission,
    voter: str,
    today: dt.date | None = None,
) -> list[int]:
    """Store the answer and the vote: all or nothing. Returns the new comment ids.
    Raises AlreadyAnswered (this browser's vote is there) or WaveClosed (the wave or the link
    stopped meanwhile)."""
    today = today or dt.date.today()
    invitation = link.as_invitation(department, language)
    row = response_row(invitation, submission, today, open_link=True)
    with db.conn:
        db.conn.execute("BEGIN IMMEDIATE")
        if not db.conn.execute(
            STILL_OPEN, [link.id, today.isoformat(), today.isoformat()]
        ).fetchone():
            raise WaveClosed
        try:
            db.conn.execute(
                "INSERT INTO open_link_votes (wave_id, voter_hash) VALUES (?, ?)",
                [link.wave_id, voter],
            )
        except sqlite3.IntegrityError as exc:
            raise AlreadyAnswered from exc
        return insert_response(db, row, submission, link.wave_id, link.survey_id)


def has_voted(db: sqlite_utils.Database, wave_id: int, voter: str) -> bool:
    row = db.conn.execute(
        "SELECT 1 FROM open_link_votes WHERE wave_id = ? AND voter_hash = ?", [wave_id, voter]
    ).fetchone()
    return row is not None
