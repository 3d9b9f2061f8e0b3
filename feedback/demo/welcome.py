"""What `demo` prints at the end: where to go, how to sign in, and three links to try."""

from __future__ import annotations

import sqlite_utils

from feedback.auth.users import create_user, find_by_email
from feedback.invitations import reissue_token

DEMO_ADMIN_EMAIL = "admin@goesting.demo"
# Documented in the README: a demo's sign-in, not a secret.
DEMO_ADMIN_PASSWORD = "kompas-demo-2026"  # noqa: S105
SAMPLE_LINKS = 3


def ensure_demo_admin(db: sqlite_utils.Database) -> bool:
    """Create the demo admin unless it exists; True when it was created."""
    if find_by_email(db, DEMO_ADMIN_EMAIL):
        return False
    create_user(db, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, "admin")
    return True


def sample_links(db: sqlite_utils.Database, public_url: str) -> list[tuple[str, str]]:
    """(language, link) for up to three unused invitations of the latest open wave.

    Only token hashes are stored, so these invitations get fresh tokens: links printed by an
    earlier run stop working. Both languages come first, then a third person elsewhere.
    """
    waves = list(
        db.query("SELECT id FROM waves WHERE status = 'open' ORDER BY opens_on DESC, id DESC")
    )
    if not waves:
        return []
    unused = list(
        db.query(
            """SELECT i.id, p.language, p.department FROM invitations i
               JOIN people p ON p.id = i.person_id
               WHERE i.wave_id = ? AND i.used = 0 ORDER BY i.id""",
            [waves[0]["id"]],
        )
    )
    picked: list[dict] = []
    for language in ("nl", "en"):
        picked += [row for row in unused if row["language"] == language][:1]
    seen = {row["department"] for row in picked}
    rest = [row for row in unused if row not in picked]
    picked += [row for row in rest if row["department"] not in seen][:1]
    picked += [row for row in rest if row not in picked][: SAMPLE_LINKS - len(picked)]
    base = public_url.rstrip("/")
    return [(row["language"], f"{base}/s/{reissue_token(db, row['id'])}") for row in picked]


def welcome_lines(public_url: str, links: list[tuple[str, str]]) -> list[str]:
    lines = [
        f"Goesting runs at {public_url}",
        f"Sign in as {DEMO_ADMIN_EMAIL} with password {DEMO_ADMIN_PASSWORD}",
    ]
    if not links:
        return [*lines, "No open wave with unused invitations, so no sample survey links."]
    lines.append("Sample survey links (each works once; a new `demo` run replaces them):")
    return lines + [f"  [{language}] {link}" for language, link in links]
