"""Security headers on every page, a CSP-clean template tree, Secure cookies over HTTPS, and
CSRF on every state-changing route (all enumerated from app.url_map)."""

from __future__ import annotations

import re
from pathlib import Path

from feedback import PROJECT_ROOT
from feedback.db import open_database
from feedback.security import CSP
from tests.conftest import PASSWORD, make_user
from tests.reliability.conftest import (
    CSRF_INPUT,
    Org,
    build_url,
    fresh_app,
    routes,
    seed_org,
    signed_in,
    snapshot,
    url_values,
)

TEMPLATES = PROJECT_ROOT / "templates"
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
SCRIPT_BODY = re.compile(r"<script\b[^>]*>(.+?)</script>", re.I | re.S)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
STYLE_TAG = re.compile(r"<style\b", re.I)
HANDLER_ATTR = re.compile(r"\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def markup(template: str) -> str:
    """The template's HTML with Jinja code blanked (a macro's `style=` argument is no attribute)."""
    return JINJA_CODE.sub("", template)


def header_problems(response) -> list[str]:
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    problems = []
    if "script-src 'self'" not in csp or "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"CSP: {csp!r}")
    if "frame-ancestors 'none'" not in csp or "style-src 'self'" not in csp:
        problems.append(f"CSP: {csp!r}")
    if h.get("X-Content-Type-Options") != "nosniff":
        problems.append("nosniff")
    if h.get("Referrer-Policy") not in ("no-referrer", "same-origin", "strict-origin"):
        problems.append("Referrer-Policy")
    return problems


def inline_code(html: str) -> list[str]:
    """Everything in a page or template that a CSP without 'unsafe-inline' would block."""
    found = [m.group(0) for m in INLINE_SCRIPT.finditer(html)]
    found += [m.group(1)[:60] for m in SCRIPT_BODY.finditer(html) if m.group(1).strip()]
    for pattern in (STYLE_ATTR, STYLE_TAG, HANDLER_ATTR, JS_URL):
        found += [m.group(0) for m in pattern.finditer(html)]
    return found


def fetch(client, url: str, **kwargs):
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def test_csp_forbids_inline_code():
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert "frame-ancestors 'none'" in CSP and "object-src 'none'" in CSP


def test_no_template_holds_inline_script_style_or_handler():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 10
    offenders = {
        str(p.relative_to(TEMPLATES)): inline_code(markup(p.read_text())) for p in templates
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_template_scan_can_fail():
    assert inline_code('<p style="color:red">') and inline_code("<a onclick='x()'>")
    assert inline_code("<script>alert(1)</script>") and inline_code("<style>p{}</style>")
    assert not inline_code('<script src="/static/a.js"></script><p class="onboard">')
    assert inline_code(markup('<p style="{{ colour }}">'))
    assert not inline_code(markup("{{ post_button(url, style='btn-primary') }}"))


def test_every_get_route_has_the_headers_and_no_inline_code(app, db, org: Org):
    admin = signed_in(app, "admin@example.org", "admin")
    anonymous = app.test_client()
    problems = {}
    for rule, method in routes(app):
        if method != "GET":
            continue
        url = build_url(app, rule, url_values(rule, org, db))
        for who, client in (("admin", admin), ("anonymous", anonymous)):
            response = fetch(client, url, query_string={"survey": org.survey_id})
            found = header_problems(response)
            if response.mimetype == "text/html":
                found += inline_code(response.get_data(as_text=True))
            if found:
                problems[(who, url, response.status_code)] = found
    assert problems == {}


def test_error_pages_have_the_headers(app, client):
    for response in (
        fetch(client, "/no/such/page"),
        client.open("/login", method="DELETE"),
        client.post("/login", data={"password": "x" * 100_000}),
    ):
        assert response.status_code in (404, 405, 413)
        assert header_problems(response) == []
        assert inline_code(response.get_data(as_text=True)) == []


def session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


def test_cookies_are_secure_over_https(app):
    make_user(app, "admin@example.org", "admin")
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": "admin@example.org", "password": PASSWORD},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    cookie = session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert all("Secure" in c for c in response.headers.getlist("Set-Cookie"))


def test_plain_http_development_keeps_working(app):
    make_user(app, "admin@example.org", "admin")
    response = app.test_client().post(
        "/login", data={"email": "admin@example.org", "password": PASSWORD}
    )
    assert "Secure" not in session_cookie(response)
    assert "Strict-Transport-Security" not in response.headers


def test_https_public_url_makes_cookies_secure_behind_a_proxy(tmp_path):
    app = fresh_app(tmp_path, PUBLIC_URL="https://pulse.example.org")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    make_user(app, "admin@example.org", "admin")
    response = app.test_client().post(
        "/login", data={"email": "admin@example.org", "password": PASSWORD}
    )
    assert "Secure" in session_cookie(response)


def csrf_signed_in_admin(app):
    make_user(app, "cm@example.org", "admin")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = CSRF_INPUT.search(page).group(1)
    response = client.post(
        "/login", data={"email": "cm@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return client


def test_every_state_changing_route_refuses_a_missing_csrf_token(csrf_app):
    database = open_database(csrf_app)
    try:
        org = seed_org(database)
        admin = csrf_signed_in_admin(csrf_app)
        anonymous = csrf_app.test_client()
        before = snapshot(database)
        wrong = []
        checked = 0
        for rule, method in routes(csrf_app):
            if method not in STATE_CHANGING or rule.endpoint.startswith("api."):
                continue
            url = build_url(csrf_app, rule, url_values(rule, org, database))
            for client in (admin, anonymous):
                checked += 1
                response = client.open(url, method=method, data={"anything": "1"})
                if response.status_code != 400:
                    wrong.append((method, url, response.status_code))
        assert checked >= 20
        assert wrong == []
        assert snapshot(database) == before
    finally:
        database.conn.close()


def test_a_wrong_csrf_token_is_refused_too(csrf_app):
    database = open_database(csrf_app)
    try:
        org = seed_org(database)
        client = csrf_app.test_client()
        client.get(f"/s/{org.unused_token}")
        response = client.post(f"/s/{org.unused_token}", data={"csrf_token": "forged"})
        assert response.status_code == 400
        used = database.execute("SELECT COUNT(*) FROM invitations WHERE used = 1").fetchone()[0]
        assert used == 26
    finally:
        database.conn.close()


def test_api_accepts_no_state_changing_method(app):
    for rule, method in routes(app):
        if rule.endpoint.startswith("api."):
            assert method == "GET", rule.rule


def test_templates_dir_is_the_one_the_app_uses(app):
    assert Path(app.template_folder) == TEMPLATES
