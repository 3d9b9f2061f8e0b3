"""Single-use links that let a user set their own password: an invitation or a reset.

A link carries a fresh 256-bit token (feedback.tokens); only its SHA-256 hash is stored, with
its purpose, its user, an expiry and whether it was used. A new link of one purpose ends the
user's earlier unused links of that purpose, and setting a password ends all of them.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from typing import Any

import sqlite_utils
from flask_babel import force_locale
from flask_babel import gettext as _

from feedback import smtp
from feedback.auth.users import create_user, set_password
from feedback.tokens import hash_token, new_token

LIFETIME = {"invite": 72 * 3600.0, "reset": 3600.0}  # seconds


class LinkUnknown(Exception):
    """No link has this token (mistyped, forged, or its user is gone or inactive)."""


class LinkSpent(Exception):
    """The link was used already or has expired."""


def issue(db: sqlite_utils.Database, user_id: int, purpose: str, now: float) -> str:
    """A fresh token for this user and purpose; earlier unused links of that purpose end."""
    token = new_token()
    with db.conn:
        db.execute(
            "UPDATE account_links SET used = 1 WHERE user_id = ? AND purpose = ? AND used = 0",
            [user_id, purpose],
        )
        db.execute(
            "INSERT INTO account_links (purpose, user_id, token_hash, expires_at) "
            "VALUES (?, ?, ?, ?)",
            [purpose, user_id, hash_token(token), now + LIFETIME[purpose]],
        )
    return token


def check(db: sqlite_utils.Database, token: str, now: float) -> dict[str, Any]:
    """The link and its user (`id`, `user_id`, `purpose`, `email`); LinkUnknown or LinkSpent."""
    rows = list(
        db.query(
            "SELECT l.id, l.user_id, l.purpose, l.used, l.expires_at, u.email, u.language "
            "FROM account_links l JOIN users u ON u.id = l.user_id "
            "WHERE l.token_hash = ? AND u.active = 1",
            [hash_token(token)],
        )
    )
    if not rows:
        raise LinkUnknown()
    link = rows[0]
    if link["used"] or now >= link["expires_at"]:
        raise LinkSpent()
    return link


def use(db: sqlite_utils.Database, token: str, password: str, now: float) -> int:
    """Set the password through this link, once; returns the user id. Every session of the
    user ends (the session version moves on), as with a password change."""
    link = check(db, token, now)
    with db.conn:
        cursor = db.execute(
            "UPDATE account_links SET used = 1 WHERE id = ? AND used = 0", [link["id"]]
        )
        if cursor.rowcount != 1:  # another request used it a moment ago
            raise LinkSpent()
        db.execute(
            "UPDATE account_links SET used = 1 WHERE user_id = ? AND used = 0",
            [link["user_id"]],
        )
    set_password(db, link["user_id"], password)
    return int(link["user_id"])


def password_link(config: Mapping[str, Any], token: str) -> str:
    return f"{config['PUBLIC_URL'].rstrip('/')}/password/{token}"


def compose(
    config: Mapping[str, Any], to: str, language: str, purpose: str, link: str
) -> EmailMessage:
    """The invitation or reset message, in the user's language."""
    with force_locale(language):
        if purpose == "invite":
            subject = _("Your Goesting account")
            lines = [
                _("An account on Goesting was made for you (%(email)s).", email=to),
                _("Choose your password here: %(link)s", link=link),
                _("The link works once and for 72 hours."),
            ]
        else:
            subject = _("Set a new Goesting password")
            lines = [
                _("Someone asked to set a new password for %(email)s.", email=to),
                _("Choose a new password here: %(link)s", link=link),
                _("The link works once and for one hour."),
                _("If you did not ask for this, ignore this message: your password stays."),
            ]
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = smtp.sender(config)
    message["To"] = to
    message.set_content("\n\n".join(lines) + "\n")
    return message


def send_now(config: Mapping[str, Any], message: EmailMessage) -> None:
    """Send one message; smtp.MailUnavailable or smtplib.SMTPException when it fails."""
    conn = smtp.connect(config)
    try:
        conn.send_message(message)
    finally:
        smtp.close(conn)


class Outbox:
    """Runs the work behind a reset request (making the link, sending the message) after the
    answer has gone, so that the answer for an address with an account takes as long as the
    answer for one without: no enumeration by timing."""

    def __init__(self) -> None:
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def submit(self, job: Callable[[], None]) -> None:
        thread = threading.Thread(target=self._run, args=(job,), daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def _run(self, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception:  # noqa: BLE001 (a background send has nobody to tell but the log)
            logging.getLogger(__name__).warning("a password-reset message was not sent")
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def drain(self, timeout: float = 10.0) -> None:
        """Wait for the work under way (tests; a clean shutdown)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)


class InviteNotSent(Exception):
    """The invitation could not be sent; the user it was for was not kept."""


def invite_user(
    db: sqlite_utils.Database,
    config: Mapping[str, Any],
    email: str,
    role: str,
    departments: list[str] | None,
    language: str,
    now: float,
) -> int:
    """Create a user with no usable password and e-mail them a link to choose one; returns
    the user's id. UserExists for a known address; InviteNotSent (nothing kept) on failure."""
    # Nobody knows this password (256 random bits): the account opens only through a link.
    user = create_user(db, email, new_token(), role, departments, language)
    token = issue(db, user.id, "invite", now)
    message = compose(config, user.email, language, "invite", password_link(config, token))
    try:
        send_now(config, message)
    except (smtp.MailUnavailable, smtplib.SMTPException) as exc:
        with db.conn:
            db.execute("DELETE FROM account_links WHERE user_id = ?", [user.id])
            db.execute("DELETE FROM users WHERE id = ?", [user.id])
        raise InviteNotSent() from exc
    return user.id
