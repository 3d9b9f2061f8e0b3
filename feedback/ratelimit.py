"""Request rate limits per client address: a sliding window kept in memory, per process.

Survey links carry 256 random bits, so guessing one is hopeless; the limits on `/s/…` and on
sign-in keep a client that tries anyway (or that floods) from hammering the database. With
several gunicorn workers each keeps its own windows, so the effective limit is workers × the
setting.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_KEYS = 50_000  # addresses remembered per window; the least recently seen go first


class SlidingWindow:
    """At most `limit` events per `window` seconds per key; thread-safe."""

    def __init__(
        self,
        limit: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()
        self._calls = 0

    def hit(self, key: str) -> bool:
        """Count one event for `key`; False when it is over the limit (and not counted)."""
        with self._lock:
            events = self._recent(key)
            if len(events) >= self.limit:
                return False
            events.append(self._clock())
            return True

    def full(self, key: str) -> bool:
        """Whether `key` has used up its events, without counting one."""
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def record(self, key: str) -> None:
        """Count one event for `key`, whatever the limit."""
        with self._lock:
            self._recent(key).append(self._clock())

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may send again."""
        with self._lock:
            events = self._recent(key)
            if len(events) < self.limit:
                return 0
            oldest = events[len(events) - self.limit]
            return max(1, int(self.window - (self._clock() - oldest) + 0.999))

    def _recent(self, key: str) -> deque[float]:
        now = self._clock()
        self._calls += 1
        if self._calls % 1000 == 0:
            self._forget_idle(now)
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque(maxlen=max(1, self.limit))
            while len(self._events) > self.max_keys:
                self._events.popitem(last=False)
        else:
            self._events.move_to_end(key)
        while events and now - events[0] >= self.window:
            events.popleft()
        return events

    def _forget_idle(self, now: float) -> None:
        """Drop keys with no recent events, so memory stays bounded by active clients."""
        idle = [k for k, ev in self._events.items() if not ev or now - ev[-1] >= self.window]
        for key in idle:
            del self._events[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._events)
