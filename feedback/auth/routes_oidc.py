"""Sign-in through the organisation's OpenID Connect provider (shown only when configured)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import login_user

from feedback.auth import bp
from feedback.auth.oidc import LEEWAY, OidcSettings, Refused, admit, register, settings_from
from feedback.auth.targets import safe_target
from feedback.db import get_db

log = logging.getLogger(__name__)
NEXT_KEY = "sso_next"


def _errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """What a forged or stale answer raises, and what an unreachable provider raises. Imported
    here, as the client is, only once sign-on is configured and used."""
    import requests
    from authlib.common.errors import AuthlibBaseError
    from joserfc.errors import JoseError

    return (AuthlibBaseError, JoseError), (requests.RequestException, ValueError)


def _client() -> tuple[OidcSettings, Any]:
    pair = current_app.extensions.get("goesting.oidc")
    if pair is None:
        abort(404)
    return pair


@bp.context_processor
def sso_button() -> dict[str, Any]:
    pair = current_app.extensions.get("goesting.oidc")
    return {"sso_name": pair[0].name if pair else None}


@bp.route("/login/sso")
def oidc_login() -> Any:
    """Off to the provider, with a fresh state, nonce and PKCE verifier kept in the session."""
    settings, client = _client()
    _, unreachable = _errors()
    session[NEXT_KEY] = safe_target(request.args.get("next")) or ""
    callback = current_app.config["PUBLIC_URL"].rstrip("/") + url_for("auth.oidc_callback")
    try:
        if client.load_server_metadata().get("issuer", "").rstrip("/") != settings.issuer:
            log.warning("sign-on: the discovery document names another issuer")
            return refused("unreachable", 502)
        return client.authorize_redirect(callback)
    except unreachable as exc:
        log.warning("sign-on: the provider cannot be reached: %s", type(exc).__name__)
        return refused("unreachable", 502)


@bp.route("/login/sso/callback")
def oidc_callback() -> Any:
    """Back from the provider: exchange the code, check the ID token (signature, issuer,
    audience, expiry, nonce), then sign the person in as password sign-in does."""
    settings, client = _client()
    if request.args.get("error"):  # the person cancelled, or the provider would not sign them in
        log.info("sign-on: the provider answered %s", request.args["error"][:100])
        return refused("cancelled", 400)
    forged, unreachable = _errors()
    try:
        token = client.authorize_access_token(claims_options=expected(settings), leeway=LEEWAY)
    except forged as exc:
        log.warning("sign-on refused: %s", type(exc).__name__)
        return refused("invalid", 400)
    except unreachable as exc:
        log.warning("sign-on: the provider cannot be reached: %s", type(exc).__name__)
        return refused("unreachable", 502)
    claims = token.get("userinfo")
    if not claims:
        return refused("invalid", 400)
    try:
        user = admit(get_db(), settings, claims, session.get("lang") or "en")
    except Refused as exc:
        return refused(exc.reason, 403, exc.email)
    target = safe_target(session.get(NEXT_KEY)) or _home()
    session.clear()  # a fresh session on every sign-in (no fixation)
    login_user(user)
    session["lang"] = user.language
    return redirect(target)


def expected(settings: OidcSettings) -> dict[str, Any]:
    """Issuer and audience must be ours (Authlib by default checks only the issuer and, for a
    foreign audience, the `azp` claim, which a token meant for another client may carry too)."""
    return {
        "iss": {"essential": True, "value": settings.issuer},
        "aud": {"essential": True, "value": settings.client_id},
    }


def refused(reason: str, status: int, email: str = "") -> Any:
    """A clear page, and nothing of the attempt left in the session."""
    session.pop(NEXT_KEY, None)
    for key in [k for k in session if k.startswith("_state_")]:
        session.pop(key)
    return render_template("auth/sso_refused.html", reason=reason, email=email), status


def _home() -> str:
    return url_for("dashboard.index") if "dashboard.index" in current_app.view_functions else "/"


def init_app(app: Flask) -> None:
    settings = settings_from(app.config)
    if settings is not None:
        app.extensions["goesting.oidc"] = (settings, register(app, settings))
