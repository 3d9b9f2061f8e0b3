"""The request limiter's memory stays bounded, whatever number of addresses send."""

from __future__ import annotations

from feedback.ratelimit import SlidingWindow


def test_the_window_keeps_a_fixed_number_of_addresses_least_recent_first():
    now = [0.0]
    window = SlidingWindow(3, 60.0, clock=lambda: now[0], max_keys=100)
    for _ in range(3):
        window.hit("flooder")
    for n in range(5000):
        window.hit(f"10.0.{n // 256}.{n % 256}")
        if n % 50 == 0:
            window.full("flooder")  # seen recently: kept
    assert len(window) <= 100
    assert window.full("flooder")
    assert not window.full("10.0.0.0")  # the least recently seen were forgotten


def test_one_key_never_holds_more_than_its_limit_of_events():
    window = SlidingWindow(5, 60.0, clock=lambda: 0.0)
    for _ in range(10_000):
        window.record("a")
    assert len(window._events["a"]) == 5
    assert window.retry_after("a") == 60
