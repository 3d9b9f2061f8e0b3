"""Security headers on every response; no inline scripts anywhere, so the CSP can forbid them.

Also: cookies marked Secure whenever the site is served over HTTPS, and request rate limits on
the survey links and on sign-in (feedback.ratelimit).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from feedback.logmask import install_werkzeug_filter
from feedback.ratelimit import SlidingWindow

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

# Per client address and minute. Everyone behind one office NAT (or a proxy without
# PROXY_FIX) shares an address, so the limit on all survey-page requests is generous; a link
# that does not exist is what guessing produces, and that is limited hard.
LIMITS = {
    "respond": ("RATELIMIT_RESPOND_PER_MINUTE", 300),
    "unknown_link": ("RATELIMIT_UNKNOWN_LINKS_PER_MINUTE", 30),
    "login": ("RATELIMIT_LOGIN_PER_MINUTE", 10),
}


# Only the package's own files may be kept by browsers and proxies: every other answer may
# hold a signed-in user's figures, an export, a survey link's page or its CSRF token.
CACHEABLE_ENDPOINTS = ("static", "bootstrap.static")


def add_headers(response: Response) -> Response:
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
        _secure_cookies(response)
    return response


def _secure_cookies(response: Response) -> None:
    """Mark every cookie set so far (e.g. Flask-Login's remember cookie) Secure."""
    cookies = response.headers.getlist("Set-Cookie")
    if not cookies:
        return
    response.headers.remove("Set-Cookie")
    for cookie in cookies:
        if "; secure" not in cookie.lower():
            cookie += "; Secure"
        response.headers.add("Set-Cookie", cookie)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when configured so or when this request came over HTTPS.

    The session is saved after the after_request hooks run, so it needs its own rule.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def client_key() -> str:
    return request.remote_addr or "unknown"


def windows() -> dict[str, SlidingWindow]:
    return current_app.extensions["goesting.ratelimit"]


def too_many(window: SlidingWindow) -> Response:
    from feedback.errors import error_response

    response = current_app.make_response(error_response(429))
    response.headers["Retry-After"] = str(window.retry_after(client_key()))
    return response


def rate_limit() -> Any:
    """Before a survey page or a sign-in attempt: 429 when this address is over a limit.

    Unknown survey links are limited by `unknown_link_refused`, after the look-up: a valid
    link is always served, whatever others behind the same address (an office NAT) guessed.
    """
    if not current_app.config["RATELIMIT_ENABLED"]:
        return None
    if request.endpoint == "respond.survey":
        window = windows()["respond"]
        if window.full(client_key()):
            return too_many(window)
        window.record(client_key())
    elif request.endpoint == "auth.login" and request.method == "POST":
        window = windows()["login"]
        if not window.hit(client_key()):
            return too_many(window)
    return None


def unknown_link_refused() -> Response | None:
    """Count a survey link that does not exist; a 429 response once this address has sent
    too many of them in a minute, else None (the caller answers 404)."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return None
    window = windows()["unknown_link"]
    if window.hit(client_key()):
        return None
    return too_many(window)


def init_app(app: Flask) -> None:
    if str(app.config.get("PUBLIC_URL", "")).startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.session_interface = HttpsAwareSessionInterface()
    install_werkzeug_filter()
    # Off under TESTING unless asked for: other areas' tests send many requests from one
    # address; tests/reliability turns it on.
    app.config.setdefault("RATELIMIT_ENABLED", not app.testing)
    app.extensions["goesting.ratelimit"] = {
        name: SlidingWindow(int(app.config.get(setting, default)), 60.0)
        for name, (setting, default) in LIMITS.items()
    }
    app.before_request(rate_limit)
    app.after_request(add_headers)
    hops = int(app.config.get("PROXY_FIX", 0) or 0)
    if hops:
        # Behind a reverse proxy: the client's address and scheme come from X-Forwarded-*
        # headers set by that many trusted proxies (rate limits, Secure cookies, HSTS).
        # Flask's documented way to wrap the WSGI app; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
