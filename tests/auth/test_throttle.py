"""Sign-in throttling: exponential backoff per (address, e-mail), a looser cap per address,
nobody locked out from another address, and memory that stays bounded."""

from __future__ import annotations

import pytest

from feedback.auth.throttle import Throttle
from tests.conftest import PASSWORD, make_user

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
REAL_USER = {"REMOTE_ADDR": "198.51.100.10"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app):
    clock = Clock()
    app.extensions["goesting.throttle"] = Throttle(address_limit=20, clock=clock)
    return clock


def attempt(client, email, password, environ):
    return client.post("/login", data={"email": email, "password": password}, environ_base=environ)


def test_after_five_failures_the_pair_waits_1_2_4_seconds(app, client, clock):
    make_user(app, "u@example.org", "admin")
    for _ in range(5):
        assert attempt(client, "u@example.org", "wrong password!", ATTACKER).status_code == 200
    for delay in (1, 2, 4, 8):
        blocked = attempt(client, "u@example.org", PASSWORD, ATTACKER)
        assert blocked.status_code == 429
        assert blocked.headers["Retry-After"] == str(delay)
        assert f"wait {delay} second" in blocked.get_data(as_text=True)
        clock.now += delay
        assert attempt(client, "u@example.org", "wrong password!", ATTACKER).status_code == 200
    clock.now += 16
    assert attempt(client, "u@example.org", PASSWORD, ATTACKER).status_code == 302


def test_the_wait_is_capped(clock):
    throttle = Throttle(cap=300, clock=clock)
    for _ in range(40):
        throttle.fail("a", "u@example.org")
    assert throttle.wait("a", "u@example.org") == 300


def test_the_real_user_from_another_address_is_never_locked_out(app, clock):
    make_user(app, "u@example.org", "admin")
    attacker = app.test_client()
    for _ in range(30):
        attempt(attacker, "u@example.org", "wrong password!", ATTACKER)
        clock.now += 0.1
    assert attempt(attacker, "u@example.org", PASSWORD, ATTACKER).status_code == 429
    real = app.test_client()
    assert attempt(real, "u@example.org", PASSWORD, REAL_USER).status_code == 302


def test_one_address_trying_many_e_mails_meets_the_looser_cap(app, client, clock):
    make_user(app, "u@example.org", "admin")
    for n in range(20):
        assert attempt(client, f"x{n}@example.org", "wrong password!", ATTACKER).status_code == 200
    blocked = attempt(client, "u@example.org", PASSWORD, ATTACKER)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 60
    assert attempt(app.test_client(), "u@example.org", PASSWORD, REAL_USER).status_code == 302


def test_a_sign_in_clears_the_pairs_failures(clock):
    throttle = Throttle(clock=clock)
    for _ in range(5):
        throttle.fail("a", "u@example.org")
    assert throttle.wait("a", "u@example.org") > 0
    throttle.succeed("a", "u@example.org")
    assert throttle.wait("a", "u@example.org") == 0


def test_memory_stays_bounded_and_the_oldest_entries_go_first(clock):
    throttle = Throttle(max_entries=100, clock=clock)
    for _ in range(5):
        throttle.fail("recent", "u@example.org")
    for n in range(10_000):
        clock.now += 0.001
        throttle.fail(f"10.0.{n // 256}.{n % 256}", f"user{n}@example.org")
    assert len(throttle) <= 200
    assert throttle.wait("recent", "u@example.org") == 0  # evicted: the oldest went first
    for _ in range(5):
        throttle.fail("latest", "u@example.org")
    assert throttle.wait("latest", "u@example.org") > 0
