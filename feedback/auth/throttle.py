"""Sign-in limits that slow a password guesser without locking the real user out.

Failed attempts (a wrong password at sign-in, a wrong current password when changing it) count
per (client address, e-mail address) pair, in moving windows that stack into a back-off: a few
a minute, more an hour. A looser limit counts all failures of one address, whatever e-mail it
tries. Nothing counts per e-mail address alone, so someone failing from elsewhere never locks
out the real user. Every sign-in post also counts per address and minute.

Flask-Limiter checks the failure limits before the view and counts a request only when the
view marked it failed (`g.sign_in_failed`, read by `deduct_when`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, render_template, request
from flask_limiter import RequestLimit
from flask_login import current_user

from feedback.ratelimit import (
    client_key,
    limit_view,
    limiter,
    per_minute,
    seconds_until,
    too_many,
)

PAIR_FAILURES = "5 per minute; 15 per hour"  # setting SIGN_IN_FAILURES_PER_PAIR
ADDRESS_FAILURES = "50 per 15 minutes"  # setting SIGN_IN_FAILURES_PER_ADDRESS


def failed(_response: Any) -> bool:
    return bool(g.get("sign_in_failed"))


def address_and_email() -> str:
    """The pair a failure counts for: the signed-in user's address when changing a password,
    else the e-mail address typed at sign-in."""
    if request.endpoint == "auth.change_password" and current_user.is_authenticated:
        email = current_user.email
    else:
        email = request.form.get("email", "")
    return f"{client_key()} {email.strip().lower()}"


def refused(limit: RequestLimit) -> Any:
    """At sign-in, the sign-in page says how long to wait; elsewhere the error page does."""
    seconds = seconds_until(limit.reset_at)
    if request.endpoint != "auth.login":
        return too_many(seconds)
    from feedback.auth.forms import LoginForm

    page = render_template("auth/login.html", form=LoginForm(), throttled=seconds)
    return too_many(seconds, current_app.make_response(page))


def _setting(name: str, default: str) -> Callable[[], str]:
    return lambda: str(current_app.config.get(name, default))


def init_app(app: Flask) -> None:
    """Limit the sign-in and password-change views of this app (registered before)."""
    ext = limiter(app)
    posts = ext.limit(per_minute("RATELIMIT_LOGIN_PER_MINUTE", 10), methods=["POST"])
    failures = [
        ext.shared_limit(
            _setting(setting, default),
            scope=scope,
            key_func=key,
            deduct_when=failed,
            methods=["POST"],
            on_breach=refused,
        )
        for setting, default, scope, key in (
            ("SIGN_IN_FAILURES_PER_PAIR", PAIR_FAILURES, "sign-in-failures", address_and_email),
            ("SIGN_IN_FAILURES_PER_ADDRESS", ADDRESS_FAILURES, "sign-in-failures-ip", client_key),
        )
    ]
    limit_view(app, "auth.login", posts, *failures)
    limit_view(app, "auth.change_password", *failures)
