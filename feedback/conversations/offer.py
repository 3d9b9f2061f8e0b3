"""Which comments the thank-you page may offer a follow-up link for: only in the browser.

Why the browser's own signed session cookie and not the database: a table of offers, or a
key made at submit time, would sit next to the used invitation in the same moment, and
whoever holds the database could pair them by order or by time. The cookie holds the
comment ids for a short while (so a shared device does not offer the next person the
previous person's comment), one button press turns them into a conversation behind a fresh
key, and the offer is gone from the cookie. The server keeps no trace of it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from flask import session

OFFER = "follow_up"
LIFETIME_SECONDS = 15 * 60


def remember(comment_ids: Sequence[int]) -> None:
    """After a submission: offer a link for its comments, or withdraw an older offer."""
    if comment_ids:
        session[OFFER] = {
            "comments": [int(i) for i in comment_ids],
            "until": int(time.time()) + LIFETIME_SECONDS,
        }
    else:
        session.pop(OFFER, None)


def offered() -> bool:
    """Whether this browser may still ask for a follow-up link (for the thank-you page)."""
    return bool(_valid(session.get(OFFER)))


def take() -> list[int]:
    """The comments offered, removed from the session (a second press finds none)."""
    return _valid(session.pop(OFFER, None))


def _valid(offer: object) -> list[int]:
    if not isinstance(offer, dict) or not isinstance(offer.get("until"), int):
        return []
    if offer["until"] < time.time():
        return []
    comments = offer.get("comments")
    if not isinstance(comments, list):
        return []
    return [i for i in comments if isinstance(i, int)]
