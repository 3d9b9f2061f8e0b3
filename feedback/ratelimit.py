"""Rate limits through Flask-Limiter: moving windows, one limiter per app.

Survey links carry 256 random bits, so guessing one is hopeless; the limits keep a client that
tries anyway (or that floods, or guesses passwords) from hammering the database:
- survey pages and sign-in posts, per client address and minute (`per_minute`, on the views);
- unknown survey links, counted after the look-up (`unknown_link_refused`), so a valid link is
  always served whatever others behind the same address (an office NAT) guessed;
- failed sign-ins per (address, e-mail) and per address, counted with `deduct_when`
  (feedback.auth); password-reset requests per address and per e-mail address (`hit`).

`RATELIMIT_ENABLED` switches them all (off under TESTING unless asked for). The store is
`RATELIMIT_STORAGE_URI` (`FEEDBACK_RATELIMIT_STORAGE_URI`; default `goesting-memory://`, kept
per process, so with several gunicorn workers the effective limit is workers × the setting;
any store of the `limits` library, e.g. `redis://…`, is shared). A moving window keeps at most
`limit` timestamps per key, and the default store forgets a key once its window has passed:
memory is bounded by the clients active within a window.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter, RequestLimit
from limits import parse
from limits.storage import MemoryStorage

LIMITER = "goesting.limiter"


class BoundedMemoryStorage(MemoryStorage):
    """The `limits` memory store, except that a key whose moving window has emptied is
    forgotten too: limits 5.8 keeps an empty list for every key it ever saw, so its memory grew
    with every address (and every e-mail address typed at sign-in) that was ever limited."""

    STORAGE_SCHEME = ["goesting-memory"]

    def _MemoryStorage__expire_events(self) -> None:  # noqa: N802 (the parent's periodic sweep)
        super()._MemoryStorage__expire_events()  # type: ignore[misc]
        for key in [k for k, events in list(self.events.items()) if not events]:
            with self.locks[key]:
                if not self.events.get(key):
                    self.events.pop(key, None)
                    self.locks.pop(key, None)


def client_key() -> str:
    return request.remote_addr or "unknown"


def limiter(app: Flask | None = None) -> Limiter:
    return (app or current_app).extensions[LIMITER]


def limit_view(app: Flask, endpoint: str, *limits: Callable[[Any], Any]) -> None:
    """Put Flask-Limiter limits (`limiter(app).limit(...)`, `.shared_limit(...)`) on a view
    already registered: the decorated view replaces it (Flask-Limiter checks a decorated
    limit in the view's wrapper, not before the request)."""
    view = app.view_functions[endpoint]
    for limit in limits:
        view = limit(view)
    app.view_functions[endpoint] = view


def per_minute(setting: str, default: int) -> Callable[[], str]:
    """A limit read from the app's settings at request time: "N per minute"."""
    return lambda: f"{int(current_app.config.get(setting, default))} per minute"


def seconds_until(reset_at: float) -> int:
    """Whole seconds for Retry-After, at least 1."""
    return max(1, math.ceil(reset_at - time.time()))


def too_many(seconds: int, response: Response | None = None) -> Response:
    """The 429 answer (the error page unless given another) with its Retry-After."""
    from feedback.errors import error_response

    response = response or current_app.make_response(error_response(429))
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds)
    return response


def _refused(limit: RequestLimit) -> Response:
    return too_many(seconds_until(limit.reset_at))


def hit(scope: str, limit: str, key: str) -> int:
    """Count one event of `key` in `scope` against `limit` ("30 per minute"): 0 when it is
    within the limit, else the seconds until it may come again (then it is not counted)."""
    ext = limiter()
    if not ext.enabled:
        return 0
    item = parse(limit)
    if ext.limiter.hit(item, scope, key):
        return 0
    return seconds_until(ext.limiter.get_window_stats(item, scope, key).reset_time)


def unknown_link_refused() -> Response | None:
    """Count a survey link that does not exist; a 429 answer once this address has sent too
    many of them in a minute, else None (the caller answers 404)."""
    limit = per_minute("RATELIMIT_UNKNOWN_LINKS_PER_MINUTE", 30)()
    wait = hit("unknown-link", limit, client_key())
    return too_many(wait) if wait else None


def init_app(app: Flask) -> None:
    # Off under TESTING unless asked for: other areas' tests send many requests from one
    # address; the tests of the limits turn it on.
    app.config.setdefault("RATELIMIT_ENABLED", not app.testing)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "goesting-memory://")
    app.config["RATELIMIT_STRATEGY"] = "moving-window"
    app.extensions[LIMITER] = Limiter(client_key, app=app, on_breach=_refused)
