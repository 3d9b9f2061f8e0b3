"""Invitations: one link per active person per wave, and lists of fresh links for a mail merge.

A list of links must never tell who has answered (docs/adoption-model.md, "Segments and
confidentiality"): one that left out those who answered would name them. So links are listed
only while the wave has no answer at all, and then for every invitee.
"""

from __future__ import annotations

import sqlite_utils

from feedback.tokens import hash_token, new_token


def issue_invitations(
    db: sqlite_utils.Database, wave_id: int, person_ids: list[int] | None = None
) -> dict[int, str]:
    """Create invitations for people who have none in this wave; returns {person_id: token}.

    Tokens exist only in the returned mapping: the database keeps their hashes.
    """
    if person_ids is None:
        person_ids = [r["id"] for r in db.query("SELECT id FROM people WHERE active = 1")]
    existing = {
        r["person_id"]
        for r in db.query("SELECT person_id FROM invitations WHERE wave_id = ?", [wave_id])
    }
    tokens = {pid: new_token() for pid in person_ids if pid not in existing}
    with db.conn:
        db.table("invitations").insert_all(
            {"wave_id": wave_id, "person_id": pid, "token_hash": hash_token(tok)}
            for pid, tok in tokens.items()
        )
    return tokens


class WaveHasAnswers(Exception):
    """The wave has answers: a list of links now could tell who has (not) answered."""


def reissue_all(
    db: sqlite_utils.Database, wave_id: int, mark_invited: bool = False
) -> list[tuple[str, str, str]]:
    """Fresh tokens for every invitation of the wave's active people: [(email, language,
    token)] by e-mail. The links sent before stop working. Raises WaveHasAnswers once the wave
    has an answer; the check and the new tokens are one transaction, so no answer slips in."""
    conn = db.conn
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        answered = conn.execute(
            "SELECT EXISTS(SELECT 1 FROM responses WHERE wave_id = ?) "
            "OR EXISTS(SELECT 1 FROM invitations WHERE wave_id = ? AND used = 1)",
            [wave_id, wave_id],
        ).fetchone()[0]
        if answered:
            raise WaveHasAnswers(wave_id)
        rows = conn.execute(
            "SELECT i.id, p.email, p.language FROM invitations i "
            "JOIN people p ON p.id = i.person_id WHERE i.wave_id = ? AND p.active = 1 "
            "ORDER BY p.email",
            [wave_id],
        ).fetchall()
        links = []
        invited = ", invited = 1" if mark_invited else ""
        for invitation_id, email, language in rows:
            token = new_token()
            conn.execute(
                f"UPDATE invitations SET token_hash = ?{invited} WHERE id = ?",
                [hash_token(token), invitation_id],
            )
            links.append((email, language, token))
    return links


def reissue_token(db: sqlite_utils.Database, invitation_id: int) -> str:
    """Replace an unused invitation's token (the old link stops working); returns the new one."""
    token = new_token()
    with db.conn:
        cur = db.execute(
            "UPDATE invitations SET token_hash = ? WHERE id = ? AND used = 0",
            [hash_token(token), invitation_id],
        )
    if cur.rowcount != 1:
        raise ValueError(f"invitation {invitation_id} does not exist or was used")
    return token
