"""Sign-in and password-reset limits (Flask-Limiter, moving windows): failures count per
(address, e-mail) and, more loosely, per address; nobody is locked out from another address;
a reset request answers the same whether or not a mail went out."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from feedback import create_app
from tests.auth.test_accounts import forgot
from tests.conftest import PASSWORD, make_user, sign_in

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
REAL_USER = {"REMOTE_ADDR": "198.51.100.10"}
WRONG = "wrong password!"
CSRF_VALUE = re.compile(r'name="csrf_token" value="[^"]*"')


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The test app with its rate limits on (they are off in other tests)."""
    yield create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE": str(tmp_path / "test.db"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_LOGIN_PER_MINUTE": 1000,
            "SIGN_IN_FAILURES_PER_ADDRESS": "20 per 15 minutes",
        }
    )


@pytest.fixture
def later(monkeypatch):
    """Moves the clock the limits read (time.time) forward by the given seconds."""
    real = time.time
    offset = [0.0]
    monkeypatch.setattr(time, "time", lambda: real() + offset[0])

    def move(seconds: float) -> None:
        offset[0] += seconds

    return move


def attempt(client, email, password, environ):
    return client.post("/login", data={"email": email, "password": password}, environ_base=environ)


def test_after_five_failures_the_pair_waits_even_with_the_right_password(app, client, later):
    make_user(app, "u@example.org", "admin")
    for _ in range(5):
        assert attempt(client, "u@example.org", WRONG, ATTACKER).status_code == 200
    blocked = attempt(client, "u@example.org", PASSWORD, ATTACKER)
    assert blocked.status_code == 429
    seconds = int(blocked.headers["Retry-After"])
    assert 1 <= seconds <= 61  # the window, rounded up to whole seconds
    assert f"wait {seconds} second" in blocked.get_data(as_text=True)
    later(seconds)  # the window has moved past the first failure
    assert attempt(client, "u@example.org", PASSWORD, ATTACKER).status_code == 302


def test_a_right_password_is_not_a_failure(app, client):
    make_user(app, "u@example.org", "admin")
    for _ in range(6):
        assert sign_in(app.test_client(), "u@example.org").status_code == 302


def test_the_real_user_from_another_address_is_never_locked_out(app):
    make_user(app, "u@example.org", "admin")
    attacker = app.test_client()
    for _ in range(10):
        attempt(attacker, "u@example.org", WRONG, ATTACKER)
    assert attempt(attacker, "u@example.org", PASSWORD, ATTACKER).status_code == 429
    real = app.test_client()
    assert attempt(real, "u@example.org", PASSWORD, REAL_USER).status_code == 302


def test_one_address_trying_many_e_mails_meets_the_looser_cap(app, client):
    make_user(app, "u@example.org", "admin")
    for n in range(20):
        assert attempt(client, f"x{n}@example.org", WRONG, ATTACKER).status_code == 200
    blocked = attempt(client, "u@example.org", PASSWORD, ATTACKER)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 60
    assert attempt(app.test_client(), "u@example.org", PASSWORD, REAL_USER).status_code == 302


def test_unknown_and_known_addresses_are_refused_alike(app, client):
    """No enumeration: the same answers for an address with and without an account."""
    make_user(app, "u@example.org", "admin")
    answers = {}
    for email, address in (("u@example.org", "192.0.2.1"), ("nobody@example.org", "192.0.2.2")):
        statuses = [attempt(client, email, WRONG, {"REMOTE_ADDR": address}) for _ in range(6)]
        answers[email] = [r.status_code for r in statuses]
    assert answers["u@example.org"] == answers["nobody@example.org"] == [200] * 5 + [429]


def test_guessing_the_current_password_of_a_stolen_session_is_limited(app, client):
    make_user(app, "u@example.org", "admin")
    assert sign_in(client, "u@example.org").status_code == 302
    wrong = {"current": WRONG, "new": "a brand new password", "repeat": "a brand new password"}
    statuses = [client.post("/account/password", data=wrong).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]


def test_mails_per_address_are_limited_without_changing_the_answer(app, client, smtp):
    make_user(app, "u@example.org", "admin")
    # The same page each time, but for the CSRF token of the language switcher, which is
    # signed with the second it was made in.
    answers = {
        CSRF_VALUE.sub("", forgot(app, client, "u@example.org").get_data(as_text=True))
        for _ in range(5)
    }
    assert len(answers) == 1
    assert len(smtp.to("u@example.org")) == 3  # FORGOT_PER_EMAIL_PER_HOUR


def test_one_client_asking_too_often_is_refused(app, client, smtp):
    app.config["FORGOT_PER_ADDRESS_PER_HOUR"] = 2
    for email in ("a@example.org", "b@example.org"):
        assert forgot(app, client, email).status_code == 200
    refused = forgot(app, client, "c@example.org")
    assert refused.status_code == 429
    assert 3000 < int(refused.headers["Retry-After"]) <= 3600
    assert forgot(app, client, "c@example.org", "198.51.100.7").status_code == 200
