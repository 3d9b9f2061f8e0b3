"""The duplicate-vote guard and the rate limits of open links (docs/open-links.md).

A browser gets a random device cookie on its first visit. A submitted answer stores, per wave,
only SHA-256(wave id, cookie): a second answer from that browser is refused, and nothing
stored joins that hash to the response. Clearing cookies or another browser defeats the
cookie; the per-address limit on answers bounds how far, and the per-device limit on requests
keeps one browser from flooding.
"""

from __future__ import annotations

import secrets

from flask import Response, current_app, request

from feedback.ratelimit import client_key, hit
from feedback.tokens import hash_token

COOKIE = "goesting_device"
COOKIE_DAYS = 400  # longer than any wave; browsers cap cookie lifetimes at about this
COOKIE_SHAPE_LENGTH = 43  # secrets.token_urlsafe(32)

# name: (setting, default, window)
LIMITS = {
    "answers_per_address": ("OPENLINK_ANSWERS_PER_ADDRESS_PER_HOUR", 60, "hour"),
    "requests_per_device": ("OPENLINK_REQUESTS_PER_DEVICE_PER_MINUTE", 30, "minute"),
}


def device_id() -> str | None:
    """This browser's device cookie, if it sent a well-formed one."""
    value = request.cookies.get(COOKIE, "")
    if len(value) == COOKIE_SHAPE_LENGTH and value.replace("-", "").replace("_", "").isalnum():
        return value
    return None


def new_device_id() -> str:
    return secrets.token_urlsafe(32)


def set_device_cookie(response: Response, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=COOKIE_DAYS * 24 * 3600,
        path="/o/",
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )


def voter_hash(wave_id: int, device: str) -> str:
    """What the vote table keeps: a hash of the wave and the cookie, nothing else."""
    return hash_token(f"{wave_id}:{device}")


def over_limit(name: str, key: str) -> int:
    """Count one event; 0 if allowed, else the seconds to wait (feedback.ratelimit, off when
    rate limits are)."""
    setting, default, window = LIMITS[name]
    limit = f"{int(current_app.config.get(setting, default))} per {window}"
    return hit(f"openlink-{name}", limit, key)


def device_key(device: str | None) -> str:
    """The key of the per-device limit: the cookie, or the address for a browser without one."""
    return f"device:{device}" if device else f"address:{client_key()}"
