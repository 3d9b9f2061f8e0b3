"""Survey-link tokens: 256 random bits in the link, only a SHA-256 hash in the database."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Hash a token for storage and look-up (a fast hash is right for 256-bit random secrets)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
