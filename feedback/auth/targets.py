"""Where to send a browser after sign-in or a language change: same-site paths only.

Browsers drop tabs, newlines and other control characters from URLs and read a backslash as
a slash, so `/%09/evil.example` and `/\\evil.example` both mean `//evil.example`: another site.
The target is judged as the browser will read it, after decoding; anything that is not a
plain path on this site is refused.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# C0 and C1 control characters and every kind of whitespace.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def safe_target(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None."""
    if not target or len(target) > 2000:
        return None
    if _INVISIBLE.search(target) or "\\" in target:
        return None
    # The path as the browser may decode it; a query may hold encoded spaces.
    decoded = unquote(re.split(r"[?#]", target, maxsplit=1)[0])
    if _INVISIBLE.search(decoded) or "\\" in decoded:
        return None
    for candidate in (target, decoded):
        if not candidate.startswith("/") or candidate.startswith("//"):
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return None
    return target
