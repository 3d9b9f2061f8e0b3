"""Single sign-on with OpenID Connect: the settings, one Authlib client per app, and who may
come in once the provider has vouched for an e-mail address."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils
from flask import Flask

from feedback.auth.users import User, UserExists, create_user, find_by_email, update_user
from feedback.domain import LANGUAGES, USER_ROLES
from feedback.tokens import new_token

# Seconds of clock difference tolerated between this server and the provider.
LEEWAY = 60
# How long a call to the provider may take before sign-in gives up (seconds).
TIMEOUT = 10


class Refused(Exception):
    """The provider's answer does not let this person in; `reason` says why."""

    def __init__(self, reason: str, email: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.email = email


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    domains: tuple[str, ...]
    role: str | None
    name: str


def settings_from(config: Mapping[str, Any]) -> OidcSettings | None:
    """The sign-on settings, or None when issuer, client id and secret are not all given."""
    issuer = str(config.get("OIDC_ISSUER") or "").rstrip("/")
    client_id = str(config.get("OIDC_CLIENT_ID") or "")
    secret = str(config.get("OIDC_CLIENT_SECRET") or "")
    if not (issuer and client_id and secret):
        return None
    role = str(config.get("OIDC_ROLE") or "none").strip().lower()
    if role != "none" and role not in USER_ROLES:
        raise RuntimeError(f"FEEDBACK_OIDC_ROLE must be none or one of {', '.join(USER_ROLES)}")
    name = str(config.get("OIDC_NAME") or urlsplit(issuer).hostname or issuer)
    domains = _domains(config.get("OIDC_DOMAINS"))
    return OidcSettings(issuer, client_id, secret, domains, None if role == "none" else role, name)


def _domains(value: Any) -> tuple[str, ...]:
    """Allowed e-mail domains, given as a list or as text separated by commas or spaces."""
    items = value if isinstance(value, list | tuple) else re.split(r"[,\s]+", str(value or ""))
    return tuple(sorted({str(d).strip().lower().lstrip("@") for d in items if str(d).strip()}))


def register(app: Flask, settings: OidcSettings) -> Any:
    """The Authlib client for the provider: discovery, authorization code flow with state,
    nonce and PKCE (S256)."""
    # Imported only when sign-on is configured: Authlib and requests add ~0.3 s to every start.
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(app)
    return oauth.register(
        "goesting_sso",
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        server_metadata_url=f"{settings.issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )


def admit(
    db: sqlite_utils.Database, settings: OidcSettings, claims: Mapping[str, Any], language: str
) -> User:
    """The user these verified ID-token claims sign in as; a person from an allowed domain
    who is not known yet becomes a user with the configured role (or none: no access yet).
    Refused when the address is unverified, outside the allowed domains, or has no access."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email or not _verified(claims):
        raise Refused("unverified")
    if email.rsplit("@", 1)[1] not in settings.domains:
        raise Refused("domain", email)
    row = find_by_email(db, email)
    if row is None:
        row = _create(db, email, settings.role, _language(claims, language))
    if not row["active"]:
        raise Refused("no_access", email)
    return User.from_row(row)


def _verified(claims: Mapping[str, Any]) -> bool:
    """The provider vouches for the address: `email_verified: true`, or, from a provider that
    does not send `email_verified` at all (Microsoft Entra ID), its optional claim
    `xms_edov: true` ("email domain owner verified"). An explicit `email_verified: false`
    is never overruled, and Entra's `email` without `xms_edov` is not trusted: it is an
    editable attribute, so trusting it would let anyone who can edit it sign in as another."""
    if "email_verified" in claims and claims["email_verified"] is not None:
        return claims["email_verified"] is True
    return claims.get("xms_edov") is True


def _create(db: sqlite_utils.Database, email: str, role: str | None, language: str) -> dict:
    """A new sign-on user; with no role configured, a viewer kept inactive (and so without
    any access) until an admin activates them on the users page."""
    # Nobody knows this password (256 random bits): the account opens by sign-on or a link.
    try:
        user = create_user(db, email, new_token(), role or "viewer", None, language)
    except UserExists:  # a second tab signed the same person on at the same moment
        return find_by_email(db, email) or {}
    if role is None:
        update_user(db, user.id, "viewer", None, active=False)
    return find_by_email(db, email) or {}


def _language(claims: Mapping[str, Any], fallback: str) -> str:
    locale = str(claims.get("locale") or "")[:2].lower()
    return locale if locale in LANGUAGES else fallback
