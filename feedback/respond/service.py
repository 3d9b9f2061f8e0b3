"""Store a response in one transaction: answers, comments, opt-in and the used invitation.

The response row gets the segment snapshot and the date only (no time of day), under a random
id, as do its comments (feedback.rowids); answers are keyed by (response, item). The ambassador
opt-in goes to its own table under a random key, with nothing that joins it to the response.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from feedback.respond.lookup import (
    INVITATION_SQL,
    AlreadyAnswered,
    Invitation,
    UnknownInvitation,
    WaveClosed,
    WaveNotOpen,
    check_wave,
    find_invitation,
    invitation_from_row,
    survey_items,
)
from feedback.rowids import insert_with_random_id
from feedback.segments import tenure_band

__all__ = [
    "AlreadyAnswered",
    "Ambassador",
    "Submission",
    "UnknownInvitation",
    "WaveClosed",
    "WaveNotOpen",
    "find_invitation",
    "insert_response",
    "response_row",
    "submit_response",
    "survey_items",
]

log = logging.getLogger(__name__)


@dataclass
class Ambassador:
    name: str
    email: str
    language: str


@dataclass
class Submission:
    """What a respondent sent: {item_id: value}, {item_id: text} and an optional opt-in."""

    answers: dict[int, int] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    ambassador: Ambassador | None = None


def submit_response(
    db: sqlite_utils.Database,
    invitation: Invitation,
    submission: Submission,
    today: dt.date | None = None,
) -> list[int]:
    """Store a response, its answers, comments and opt-in, and use up the invitation: all or
    nothing. Returns the new comment ids (the background scorer picks them up).
    Raises UnknownInvitation, AlreadyAnswered, WaveClosed or WaveNotOpen; a locked
    or full database raises sqlite3.OperationalError with nothing stored.
    """
    today = today or dt.date.today()
    row = response_row(invitation, submission, today, open_link=False)
    # The write lock is held from BEGIN IMMEDIATE to COMMIT; everything that can be read or
    # computed beforehand is, since the other workers wait (in sleeps) while it is held.
    with db.conn:
        db.conn.execute("BEGIN IMMEDIATE")
        marked = db.conn.execute(MARK_USED, [invitation.id, today.isoformat(), today.isoformat()])
        if marked.rowcount != 1:
            raise _refusal(db, invitation.id, today)
        return insert_response(db, row, submission, invitation.wave_id, invitation.survey_id)


def insert_response(
    db: sqlite_utils.Database,
    row: list[Any],
    submission: Submission,
    wave_id: int,
    survey_id: int,
) -> list[int]:
    """Insert a response row (as `response_row` builds it), its answers, comments and opt-in,
    inside the caller's transaction; returns the new comment ids."""
    response_id = _insert_response(db, row)
    _insert_answers(db, response_id, submission.answers)
    comment_ids = _insert_comments(db, response_id, wave_id, submission.comments)
    if submission.ambassador is not None:
        _insert_ambassador(db, survey_id, submission.ambassador)
    return comment_ids


# Use the invitation only if unused and its wave open today: one statement, so two submits
# of the same link cannot both pass (the second finds used = 1 and changes no row).
MARK_USED = """
    UPDATE invitations SET used = 1
    WHERE id = ? AND used = 0 AND EXISTS (
        SELECT 1 FROM waves w WHERE w.id = invitations.wave_id AND w.status = 'open'
        AND w.opens_on <= ? AND w.closes_on >= ?)"""


def _refusal(db: sqlite_utils.Database, invitation_id: int, today: dt.date) -> Exception:
    """Why MARK_USED changed nothing."""
    row = db.conn.execute(f"{INVITATION_SQL} WHERE i.id = ?", [invitation_id]).fetchone()
    if row is None:
        return UnknownInvitation()
    fresh = invitation_from_row(row)
    if fresh.used:
        return AlreadyAnswered()
    try:
        check_wave(fresh, today)
    except (WaveClosed, WaveNotOpen) as exc:
        return exc
    return AlreadyAnswered()


def response_row(
    invitation: Invitation, submission: Submission, today: dt.date, open_link: bool
) -> list[Any]:
    """The response row: the segment snapshot, the date, the opt-in and the open-link mark,
    nothing more."""
    return [
        invitation.wave_id,
        today.isoformat(),
        invitation.department,
        invitation.team,
        invitation.location,
        invitation.role,
        tenure_band(invitation.start_date, today),
        invitation.language,
        int(submission.ambassador is not None),
        int(open_link),
    ]


def _insert_response(db: sqlite_utils.Database, row: list[Any]) -> int:
    """The response under a random id (feedback.rowids): ids must not follow submission order."""
    return insert_with_random_id(
        db.conn,
        """INSERT INTO responses (id, wave_id, submitted_on, department, team, location, role,
                                  tenure_band, language, ambassador_opt_in, open_link)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        row,
    )


def _insert_answers(db: sqlite_utils.Database, response_id: int, answers: dict[int, int]) -> None:
    db.conn.executemany(
        "INSERT INTO answers (response_id, item_id, value) VALUES (?, ?, ?)",
        [(response_id, int(item_id), int(value)) for item_id, value in answers.items()],
    )


def _insert_comments(
    db: sqlite_utils.Database, response_id: int, wave_id: int, comments: dict[int, str]
) -> list[int]:
    return [
        insert_with_random_id(
            db.conn,
            "INSERT INTO comments (id, response_id, wave_id, item_id, text) VALUES (?, ?, ?, ?, ?)",
            [response_id, wave_id, int(item_id), text],
        )
        for item_id, text in comments.items()
    ]


def _insert_ambassador(db: sqlite_utils.Database, survey_id: int, ambassador: Ambassador) -> None:
    db.conn.execute(
        """INSERT INTO ambassadors (id, survey_id, name, email, language, consent)
           VALUES (?, ?, ?, ?, ?, 1)""",
        [secrets.token_hex(16), survey_id, ambassador.name, ambassador.email, ambassador.language],
    )
