"""Security headers on every response; no inline scripts anywhere, so the CSP can forbid them.

Also: cookies marked Secure whenever the site is served over HTTPS, and the client's address
from a trusted reverse proxy (which the rate limits of feedback.ratelimit count by).
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from feedback.logmask import install_werkzeug_filter

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

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


def init_app(app: Flask) -> None:
    if str(app.config.get("PUBLIC_URL", "")).startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.session_interface = HttpsAwareSessionInterface()
    install_werkzeug_filter()
    app.after_request(add_headers)
    hops = int(app.config.get("PROXY_FIX", 0) or 0)
    if hops:
        # Behind a reverse proxy: the client's address and scheme come from X-Forwarded-*
        # headers set by that many trusted proxies (rate limits, Secure cookies, HSTS).
        # Flask's documented way to wrap the WSGI app; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
