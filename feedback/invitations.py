"""Invitations: one link per active person per wave."""

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
