"""Find the invitation behind a link token, whether its wave takes answers, and its items."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from feedback.tokens import hash_token

log = logging.getLogger(__name__)

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,128}")


class UnknownInvitation(Exception):
    """No invitation has this token."""


class AlreadyAnswered(Exception):
    """This invitation was already used for a response."""


class WaveClosed(Exception):
    """The invitation's wave is closed or past its closing date."""


class WaveNotOpen(Exception):
    """The invitation's wave has not opened yet."""


@dataclass(frozen=True)
class Invitation:
    id: int
    wave_id: int
    survey_id: int
    used: bool
    item_ids: str | None  # the WAVE's item set (feedback.admin.rotation), the same for all
    wave_status: str
    opens_on: str
    closes_on: str
    k_scores: int
    language: str
    # The person's segment, for the response's snapshot: read here, with the invitation.
    department: str | None = None
    team: str | None = None
    location: str | None = None
    role: str | None = None
    start_date: str | None = None


INVITATION_SQL = """
    SELECT i.id, i.wave_id, w.survey_id, i.used, w.item_ids, w.status AS wave_status,
           w.opens_on, w.closes_on, COALESCE(w.k_scores, s.k_scores) AS k_scores,
           p.language, p.department, p.team, p.location, p.role, p.start_date
    FROM invitations i
    JOIN waves w ON w.id = i.wave_id
    JOIN surveys s ON s.id = w.survey_id
    JOIN people p ON p.id = i.person_id"""


def find_invitation(db: sqlite_utils.Database, token: str) -> Invitation:
    """The invitation behind a link token; UnknownInvitation for any other string."""
    if not TOKEN_SHAPE.fullmatch(token):
        raise UnknownInvitation
    row = db.conn.execute(
        f"{INVITATION_SQL} WHERE i.token_hash = ?", [hash_token(token)]
    ).fetchone()
    if row is None:
        raise UnknownInvitation
    return invitation_from_row(row)


def invitation_from_row(row: tuple[Any, ...]) -> Invitation:
    invitation_id, wave_id, survey_id, used, *rest = row
    return Invitation(invitation_id, wave_id, survey_id, bool(used), *rest)


def check_wave(invitation: Invitation, today: dt.date) -> None:
    """WaveClosed or WaveNotOpen unless the wave is open today (closing day included)."""
    if invitation.wave_status == "closed" or today.isoformat() > invitation.closes_on:
        raise WaveClosed
    if invitation.wave_status != "open" or today.isoformat() < invitation.opens_on:
        raise WaveNotOpen


def survey_items(db: sqlite_utils.Database, invitation: Invitation) -> list[dict[str, Any]]:
    """The wave's item set if it has one, else the survey's active items."""
    ids = _item_ids(invitation)
    if ids:
        marks = ",".join("?" * len(ids))
        sql = f"SELECT * FROM items WHERE survey_id = ? AND id IN ({marks}) ORDER BY position"
        items = _rows(db, sql, [invitation.survey_id, *ids])
        if items:
            return [item for item in items if _askable(item)]
    sql = "SELECT * FROM items WHERE survey_id = ? AND active = 1 ORDER BY position"
    return [item for item in _rows(db, sql, [invitation.survey_id]) if _askable(item)]


def _askable(item: dict[str, Any]) -> bool:
    """False for a choice item whose options cannot be read: nobody could answer it."""
    if item["kind"] != "choice":
        return True
    try:
        choices = json.loads(item["choices"] or "[]")
        ok = bool(choices) and all(
            isinstance(c, dict) and int(c["value"]) == c["value"] for c in choices
        )
    except (ValueError, TypeError, KeyError):
        ok = False
    if not ok:
        log.error("item %s has unreadable choices; left out of the form", item["id"])
    return ok


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Rows as dicts with one statement (db.query adds a savepoint around each read)."""
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _item_ids(invitation: Invitation) -> list[int]:
    if not invitation.item_ids:
        return []
    try:
        ids = json.loads(invitation.item_ids)
    except ValueError:
        log.warning("wave %s has unreadable item_ids; using all items", invitation.wave_id)
        return []
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]


@dataclass(frozen=True)
class WaveTerms:
    """What the thank-you page tells about a wave: its thresholds and its closing date."""

    k_scores: int
    k_comments: int
    closes_on: str


def wave_terms(db: sqlite_utils.Database, wave_id: Any) -> WaveTerms | None:
    """The wave's thresholds (its own, else the survey's) and closing date; None if unknown."""
    if not isinstance(wave_id, int) or isinstance(wave_id, bool):
        return None
    row = db.conn.execute(
        "SELECT COALESCE(w.k_scores, s.k_scores), COALESCE(w.k_comments, s.k_comments), "
        "w.closes_on FROM waves w JOIN surveys s ON s.id = w.survey_id WHERE w.id = ?",
        [wave_id],
    ).fetchone()
    return WaveTerms(*row) if row else None
