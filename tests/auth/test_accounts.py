"""Accounts by e-mail: admins invite, users reset a forgotten password, through single-use,
expiring links whose tokens are stored only as SHA-256 hashes. Played through the HTTP client
and a real SMTP server on loopback."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from feedback.tokens import hash_token, new_token
from tests.admin.conftest import Inbox, free_port, token_in
from tests.conftest import PASSWORD, make_user, sign_in
from tests.factories import make_person

NEW = "a brand new password"
BOTH = {"new": NEW, "repeat": NEW}
SAID = "If this address has an account, a link to set a new password is on its way."


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app: Flask) -> Clock:
    clock = Clock()
    app.extensions["goesting.clock"] = clock
    return clock


def link_token(inbox: Inbox, email: str) -> str:
    (message,) = inbox.to(email)
    match = re.search(r"https://pulse\.example\.org/password/(\S+)", inbox.body(message))
    assert match, inbox.body(message)
    return match.group(1)


def invite(client, email="vera@example.org", language="en", role="admin", departments=()):
    data = {"email": email, "role": role, "language": language, "departments": list(departments)}
    return client.post("/admin/users", data=data)


def forgot(app: Flask, client, email: str, address: str = "127.0.0.1"):
    response = client.post(
        "/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address}
    )
    app.extensions["goesting.outbox"].drain()
    return response


def links(db) -> list[dict]:
    return list(db.query("SELECT * FROM account_links ORDER BY id"))


# Invitations


@pytest.mark.parametrize(
    ("language", "subject", "line"),
    [
        ("en", "Your Goesting account", "The link works once and for 72 hours."),
        ("nl", "Je account op Goesting", "De link werkt één keer en 72 uur lang."),
    ],
)
def test_an_invitation_arrives_in_the_language_chosen(admin_client, smtp, language, subject, line):
    assert invite(admin_client, language=language).status_code == 302
    (message,) = smtp.to("vera@example.org")
    assert message["Subject"] == subject
    assert message["From"] == "pulse@example.org"
    assert line in smtp.body(message)


def test_an_invited_user_sets_a_password_once_and_is_signed_in(admin_client, app, db, smtp):
    make_person(db, department="Sales")
    invite(admin_client, role="viewer", departments=["Sales"])
    token = link_token(smtp, "vera@example.org")
    vera = app.test_client()
    page = vera.get(f"/password/{token}")
    assert page.status_code == 200
    assert "vera@example.org" in page.get_data(as_text=True)
    assert vera.post(f"/password/{token}", data=BOTH).status_code == 302
    assert vera.get("/account").status_code == 200  # signed in
    assert sign_in(app.test_client(), "vera@example.org", NEW).status_code == 302
    # Second use, by the same browser or another: a clear 410 page, the password stays.
    for again in (
        vera.get(f"/password/{token}"),
        app.test_client().post(f"/password/{token}", data={"new": "x" * 12, "repeat": "x" * 12}),
    ):
        assert again.status_code == 410
        assert "This link was used already or has expired" in again.get_data(as_text=True)
    assert sign_in(app.test_client(), "vera@example.org", NEW).status_code == 302


def test_nobody_signs_in_as_an_invited_user_before_they_chose_a_password(admin_client, app, smtp):
    invite(admin_client)
    assert sign_in(app.test_client(), "vera@example.org", "").status_code != 302
    stored = open_hash(app, "vera@example.org")
    assert stored.startswith("$argon2")


def open_hash(app: Flask, email: str) -> str:
    from feedback.db import open_database

    db = open_database(app)
    try:
        return db.execute("SELECT password_hash FROM users WHERE email = ?", [email]).fetchone()[0]
    finally:
        db.conn.close()


def test_only_the_tokens_hash_is_stored(admin_client, db, smtp):
    invite(admin_client)
    token = link_token(smtp, "vera@example.org")
    (row,) = links(db)
    assert row["purpose"] == "invite"
    assert row["token_hash"] == hash_token(token) != token
    dump = "\n".join(db.conn.iterdump())
    assert token not in dump
    assert len(token) >= 43  # 256 bits, URL-safe base64


def test_a_failed_invitation_keeps_no_user(admin_client, app, db):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    response = invite(admin_client)
    assert response.status_code == 502
    assert "The invitation could not be sent" in response.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1
    assert links(db) == []


def test_an_invitation_expires_after_72_hours(admin_client, app, smtp, clock):
    invite(admin_client)
    token = link_token(smtp, "vera@example.org")
    clock.now += 72 * 3600 - 1
    assert app.test_client().get(f"/password/{token}").status_code == 200
    clock.now += 1
    response = app.test_client().post(f"/password/{token}", data=BOTH)
    assert response.status_code == 410
    assert sign_in(app.test_client(), "vera@example.org", NEW).status_code != 302


@pytest.mark.parametrize("forged", ["fresh", "x" * 43, "hash", "%2e%2e"])
def test_a_forged_token_is_refused(admin_client, app, db, smtp, forged):
    invite(admin_client)
    if forged == "fresh":  # well formed, but never issued
        forged = new_token()
    if forged == "hash":  # the stored hash is not a key to the link
        forged = links(db)[0]["token_hash"]
    response = app.test_client().post(f"/password/{forged}", data=BOTH)
    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)
    assert links(db)[0]["used"] == 0


def test_the_passwords_must_match_and_be_long_enough(admin_client, app, db, smtp):
    invite(admin_client)
    token = link_token(smtp, "vera@example.org")
    client = app.test_client()
    short = client.post(f"/password/{token}", data={"new": "short", "repeat": "short"})
    assert short.status_code == 400
    differ = client.post(f"/password/{token}", data={"new": NEW, "repeat": NEW + "!"})
    assert differ.status_code == 400
    assert "The two new passwords differ." in differ.get_data(as_text=True)
    assert links(db)[0]["used"] == 0


def test_a_deactivated_users_link_does_not_work(admin_client, app, db, smtp):
    invite(admin_client)
    token = link_token(smtp, "vera@example.org")
    db.execute("UPDATE users SET active = 0 WHERE email = 'vera@example.org'")
    db.conn.commit()
    assert app.test_client().post(f"/password/{token}", data=BOTH).status_code == 404


# Forgotten passwords


def test_the_sign_in_page_links_to_the_forgotten_password_page(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(app, client, smtp):
    make_user(app, "known@example.org", "admin")
    known = forgot(app, client, "known@example.org")
    unknown = forgot(app, client, "unknown@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert SAID in known.get_data(as_text=True)
    assert [m["To"] for m in smtp.messages] == ["known@example.org"]


def test_an_inactive_account_gets_no_mail_and_the_same_answer(app, client, db, smtp):
    make_user(app, "gone@example.org", "admin")
    db.execute("UPDATE users SET active = 0 WHERE email = 'gone@example.org'")
    db.conn.commit()
    assert SAID in forgot(app, client, "gone@example.org").get_data(as_text=True)
    assert smtp.messages == []


@pytest.mark.parametrize(
    ("language", "subject", "line"),
    [
        ("en", "Set a new Goesting password", "The link works once and for one hour."),
        (
            "nl",
            "Kies een nieuw wachtwoord voor Goesting",
            "De link werkt één keer en één uur lang.",
        ),
    ],
)
def test_the_reset_mail_speaks_the_users_language(app, client, db, smtp, language, subject, line):
    make_user(app, "u@example.org", "admin")
    db.execute("UPDATE users SET language = ? WHERE email = 'u@example.org'", [language])
    db.conn.commit()
    forgot(app, client, "u@example.org")
    (message,) = smtp.to("u@example.org")
    assert message["Subject"] == subject
    assert line in smtp.body(message)


def test_a_reset_ends_every_other_session_and_signs_in(app, client, db, smtp):
    make_user(app, "u@example.org", "admin")
    elsewhere = app.test_client()
    assert sign_in(elsewhere, "u@example.org").status_code == 302
    forgot(app, client, "u@example.org")
    token = link_token(smtp, "u@example.org")
    assert links(db)[0]["purpose"] == "reset"
    assert client.post(f"/password/{token}", data=BOTH).status_code == 302
    assert client.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302  # signed out
    assert sign_in(app.test_client(), "u@example.org", PASSWORD).status_code != 302
    assert client.get(f"/password/{token}").status_code == 410


def test_a_reset_link_expires_after_an_hour(app, client, smtp, clock):
    make_user(app, "u@example.org", "admin")
    forgot(app, client, "u@example.org")
    token = link_token(smtp, "u@example.org")
    clock.now += 3600
    assert client.post(f"/password/{token}", data=BOTH).status_code == 410


def test_a_new_reset_link_ends_the_earlier_one(app, client, smtp):
    make_user(app, "u@example.org", "admin")
    forgot(app, client, "u@example.org")
    first = link_token(smtp, "u@example.org")
    smtp.messages.clear()
    forgot(app, client, "u@example.org")
    second = link_token(smtp, "u@example.org")
    assert client.get(f"/password/{first}").status_code == 410
    assert client.get(f"/password/{second}").status_code == 200


def test_the_answer_does_not_wait_for_the_mail_server(app, client):
    """The mail goes out after the answer: a known address answers as an unknown one does,
    even when the mail server is down."""
    make_user(app, "known@example.org", "admin")
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), PUBLIC_URL="https://x")
    known = forgot(app, client, "known@example.org")
    unknown = forgot(app, client, "unknown@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()


# CSRF


def test_the_forms_refuse_a_post_without_a_csrf_token(csrf_app, csrf_smtp):
    make_user(csrf_app, "u@example.org", "admin")
    client = csrf_app.test_client()
    assert client.post("/password/forgot", data={"email": "u@example.org"}).status_code == 400
    csrf_app.extensions["goesting.outbox"].drain()
    assert csrf_smtp.messages == []
    page = client.get("/password/forgot").get_data(as_text=True)
    sent = client.post(
        "/password/forgot", data={"email": "u@example.org", "csrf_token": token_in(page)}
    )
    assert sent.status_code == 200
    csrf_app.extensions["goesting.outbox"].drain()
    token = link_token(csrf_smtp, "u@example.org")
    assert client.post(f"/password/{token}", data=BOTH).status_code == 400
    page = client.get(f"/password/{token}").get_data(as_text=True)
    done = client.post(f"/password/{token}", data={**BOTH, "csrf_token": token_in(page)})
    assert done.status_code == 302
