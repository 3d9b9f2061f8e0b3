"""Sign-in throttling that slows a password guesser without locking the real user out.

Failures count per (client address, e-mail address) pair: the first few are free, then each
further attempt from that pair waits 1, 2, 4 … seconds (up to a cap) after the last failure.
A looser cap counts all failures of one address, whatever e-mail it tries. Nothing counts per
e-mail address alone, so someone failing from elsewhere never locks out the real user.

Kept in memory per process (several gunicorn workers each keep their own), in tables of a
fixed size that forget the least recently failed entries first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

FREE_FAILURES = 5  # per (address, e-mail) before the backoff starts
BASE_DELAY = 1.0  # seconds after the first failure beyond the free ones; doubles each time
MAX_DELAY = 300.0
FORGET_AFTER = 900.0  # a pair with no failure for this long starts afresh
ADDRESS_FAILURES = 50  # per address and ADDRESS_WINDOW, over all e-mail addresses
ADDRESS_WINDOW = 900.0
MAX_ENTRIES = 10_000  # per table


class Throttle:
    """Exponential backoff per (address, e-mail) and a failure cap per address; thread-safe."""

    def __init__(
        self,
        free: int = FREE_FAILURES,
        base: float = BASE_DELAY,
        cap: float = MAX_DELAY,
        address_limit: int = ADDRESS_FAILURES,
        address_window: float = ADDRESS_WINDOW,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.base, self.cap = free, base, cap
        self.address_limit, self.address_window = address_limit, address_window
        self.max_entries = max_entries
        self._clock = clock
        # (address, email) -> (failures, time of the last failure)
        self._pairs: OrderedDict[tuple[str, str], tuple[int, float]] = OrderedDict()
        # address -> (failures, start of its window)
        self._addresses: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, address: str, email: str) -> float:
        """Seconds this pair must wait before its next attempt (0: it may try now)."""
        now = self._clock()
        with self._lock:
            return max(self._pair_wait(address, email, now), self._address_wait(address, now))

    def fail(self, address: str, email: str) -> None:
        """Count a failed attempt of this pair (and of its address)."""
        now = self._clock()
        with self._lock:
            failures, last = self._pairs.pop((address, email), (0, now))
            if now - last >= FORGET_AFTER:
                failures = 0
            self._pairs[(address, email)] = (failures + 1, now)
            count, start = self._addresses.pop(address, (0, now))
            if now - start >= self.address_window:
                count, start = 0, now
            self._addresses[address] = (count + 1, start)
            for table in (self._pairs, self._addresses):
                while len(table) > self.max_entries:
                    table.popitem(last=False)  # the least recently failed

    def succeed(self, address: str, email: str) -> None:
        """A correct sign-in: this pair starts afresh (the address keeps its count)."""
        with self._lock:
            self._pairs.pop((address, email), None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._pairs) + len(self._addresses)

    def _pair_wait(self, address: str, email: str, now: float) -> float:
        failures, last = self._pairs.get((address, email), (0, now))
        if failures < self.free or now - last >= FORGET_AFTER:
            return 0.0
        delay = min(self.cap, self.base * 2 ** min(failures - self.free, 32))
        return max(0.0, last + delay - now)

    def _address_wait(self, address: str, now: float) -> float:
        count, start = self._addresses.get(address, (0, now))
        if count < self.address_limit or now - start >= self.address_window:
            return 0.0
        return max(0.0, start + self.address_window - now)
