"""Open links of a wave: make one per location, switch it off or on, give it a new key, and
find the link behind a key. Only the key's SHA-256 hash is stored, as for survey links."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from feedback.domain import UNKNOWN_SEGMENT
from feedback.respond.lookup import TOKEN_SHAPE, Invitation
from feedback.tokens import hash_token


class UnknownKey(Exception):
    """No open link has this key."""


class LocationTaken(Exception):
    """The wave already has an open link for this location."""


class NotALocation(Exception):
    """No active person in the roster works at this location."""


@dataclass(frozen=True)
class OpenLink:
    id: int
    wave_id: int
    location: str
    all_departments: bool
    active: bool
    survey_id: int
    item_ids: str | None
    wave_status: str
    opens_on: str
    closes_on: str
    k_scores: int

    def as_invitation(self, department: str | None, language: str) -> Invitation:
        """What the respondent flow needs to know (wave, items, segment), as an invitation of
        nobody: location and the chosen department; every other segment unknown."""
        return Invitation(
            id=0,
            wave_id=self.wave_id,
            survey_id=self.survey_id,
            used=False,
            item_ids=self.item_ids,
            wave_status=self.wave_status,
            opens_on=self.opens_on,
            closes_on=self.closes_on,
            k_scores=self.k_scores,
            language=language,
            department=department,
            team=UNKNOWN_SEGMENT,
            location=self.location,
            role=UNKNOWN_SEGMENT,
            start_date=None,
        )


LINK_SQL = """
    SELECT o.id, o.wave_id, o.location, o.all_departments, o.active, w.survey_id, w.item_ids,
           w.status, w.opens_on, w.closes_on, COALESCE(w.k_scores, s.k_scores)
    FROM open_links o JOIN waves w ON w.id = o.wave_id JOIN surveys s ON s.id = w.survey_id"""


def new_key() -> str:
    """128 random bits, 22 characters: short enough to type from a poster."""
    return secrets.token_urlsafe(16)


def find_link(db: sqlite_utils.Database, key: str) -> OpenLink:
    """The open link behind a key; UnknownKey for any other string."""
    if not TOKEN_SHAPE.fullmatch(key):
        raise UnknownKey
    row = db.conn.execute(f"{LINK_SQL} WHERE o.key_hash = ?", [hash_token(key)]).fetchone()
    if row is None:
        raise UnknownKey
    return _link(row)


def get_link(db: sqlite_utils.Database, link_id: int) -> OpenLink | None:
    row = db.conn.execute(f"{LINK_SQL} WHERE o.id = ?", [link_id]).fetchone()
    return _link(row) if row else None


def wave_links(db: sqlite_utils.Database, wave_id: int) -> list[OpenLink]:
    rows = db.conn.execute(f"{LINK_SQL} WHERE o.wave_id = ? ORDER BY o.location", [wave_id])
    return [_link(row) for row in rows.fetchall()]


def _link(row: tuple[Any, ...]) -> OpenLink:
    link_id, wave_id, location, all_departments, active, *rest = row
    return OpenLink(link_id, wave_id, location, bool(all_departments), bool(active), *rest)


def roster_locations(db: sqlite_utils.Database) -> list[str]:
    rows = db.conn.execute("SELECT DISTINCT location FROM people WHERE active = 1 ORDER BY 1")
    return [row[0] for row in rows.fetchall()]


def departments(db: sqlite_utils.Database, link: OpenLink) -> list[str]:
    """The departments a respondent picks from: the roster's at the link's location (all of
    them if the link offers all, or if nobody active works there any more)."""
    sql = "SELECT DISTINCT department FROM people WHERE active = 1"
    if not link.all_departments:
        rows = db.conn.execute(f"{sql} AND location = ? ORDER BY 1", [link.location]).fetchall()
        if rows:
            return [row[0] for row in rows]
    return [row[0] for row in db.conn.execute(f"{sql} ORDER BY 1").fetchall()]


def create_link(
    db: sqlite_utils.Database, wave_id: int, location: str, all_departments: bool
) -> tuple[int, str]:
    """A new open link for the location; (its id, its key). The key is not stored."""
    if location not in roster_locations(db):
        raise NotALocation
    key = new_key()
    try:
        with db.conn:
            cursor = db.conn.execute(
                "INSERT INTO open_links (wave_id, location, key_hash, all_departments) "
                "VALUES (?, ?, ?, ?)",
                [wave_id, location, hash_token(key), int(all_departments)],
            )
    except sqlite3.IntegrityError as exc:
        raise LocationTaken from exc
    return int(cursor.lastrowid or 0), key


def renew_key(db: sqlite_utils.Database, link_id: int) -> str:
    """A fresh key for the link; the old key (and its printed posters) stop working."""
    key = new_key()
    with db.conn:
        db.conn.execute(
            "UPDATE open_links SET key_hash = ? WHERE id = ?", [hash_token(key), link_id]
        )
    return key


def set_active(db: sqlite_utils.Database, link_id: int, active: bool) -> None:
    with db.conn:
        db.conn.execute("UPDATE open_links SET active = ? WHERE id = ?", [int(active), link_id])


def key_matches(db: sqlite_utils.Database, link_id: int, key: str) -> bool:
    """Whether `key` is the link's current key (posters are made only from the key itself)."""
    try:
        return find_link(db, key).id == link_id
    except UnknownKey:
        return False
