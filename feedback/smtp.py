"""One way to reach the mail server (smtplib), shared by the survey mailings and account links."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from typing import Any


class MailUnavailable(Exception):
    """The mail server could not be reached or refused to sign us in."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(f"{host}:{port}")
        self.host, self.port = host, port


def connect(config: Mapping[str, Any]) -> smtplib.SMTP:
    """A connection to the configured server (MAIL_SERVER, MAIL_PORT, TLS/SSL, sign-in)."""
    host, port = config.get("MAIL_SERVER") or "localhost", int(config.get("MAIL_PORT") or 25)
    try:
        if config.get("MAIL_USE_SSL"):
            conn: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=30)
        else:
            conn = smtplib.SMTP(host, port, timeout=30)
            if config.get("MAIL_USE_TLS"):
                conn.starttls()
        if config.get("MAIL_USERNAME"):
            conn.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except (OSError, smtplib.SMTPException) as exc:
        raise MailUnavailable(host, port) from exc
    return conn


def close(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (OSError, smtplib.SMTPException):
        conn.close()


def sender(config: Mapping[str, Any]) -> str:
    return config.get("MAIL_FROM") or "goesting@localhost"
