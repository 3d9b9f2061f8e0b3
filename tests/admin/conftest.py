"""Fixtures for the admin area: a real SMTP server on loopback, a signed-in CSRF client."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, make_user


class Inbox:
    """Keeps every message the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refused: set[str] = set()

    def refuse(self, email: str) -> None:
        """Refuse every message to this address (a full mailbox, say)."""
        self.refused.add(email)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.refused & set(envelope.rcpt_tos):
            return "550 mailbox unavailable"
        message = message_from_bytes(envelope.content)
        message["X-Rcpt"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, email: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == email]

    def body(self, message: Message) -> str:
        return message.get_payload(decode=True).decode("utf-8")

    def link(self, message: Message) -> str:
        return re.search(r"https?://\S+/s/(\S+)", self.body(message)).group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _inbox(app: Flask) -> Iterator[Inbox]:
    """A real SMTP server on loopback, with the app's mail settings pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=controller.port,
        MAIL_FROM="pulse@example.org",
        PUBLIC_URL="https://pulse.example.org",
    )
    yield inbox
    controller.stop()


@pytest.fixture
def smtp(app: Flask) -> Iterator[Inbox]:
    yield from _inbox(app)


@pytest.fixture
def csrf_smtp(csrf_app: Flask) -> Iterator[Inbox]:
    yield from _inbox(csrf_app)


def token_in(html: str) -> str:
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    assert match, "no csrf_token in the page"
    return match.group(1)


@pytest.fixture
def csrf_admin(csrf_app: Flask) -> FlaskClient:
    """A client signed in as an admin through the real, CSRF-protected sign-in form."""
    make_user(csrf_app, "cm@example.org", "admin")
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        data={"email": "cm@example.org", "password": PASSWORD, "csrf_token": token_in(page)},
    )
    assert response.status_code == 302
    return client
