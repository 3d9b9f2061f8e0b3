"""Access control over every route of the app (app.url_map), so new routes are covered too.

Outside the respondent pages, sign-in, static files and the token-protected API, everything
demands sign-in; admin actions refuse viewers; a scoped viewer sees no other department.
Survey tokens cannot be guessed or enumerated: 256 random bits, looked up by hash, and the
respondent pages and sign-in are rate limited per client address.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from feedback.api.tokens import create_api_token
from feedback.auth import admin_required
from feedback.db import open_database
from feedback.tokens import hash_token, new_token
from tests.factories import invite, make_person, make_survey, make_wave
from tests.reliability.conftest import (
    Org,
    build_url,
    fresh_app,
    is_public,
    routes,
    signed_in,
    snapshot,
    url_values,
)

ADMIN_CHECK = admin_required(lambda: None).__code__
OUTSIDE_SCOPE = ("Logistics", "Legal", "Warehouse crew", "Contracts desk")


def guarded_by_admin_required(func: Any) -> bool:
    while func is not None:
        if getattr(func, "__code__", None) is ADMIN_CHECK:
            return True
        func = getattr(func, "__wrapped__", None)
    return False


def admin_only(app: Flask, endpoint: str) -> bool:
    """An /admin endpoint, or one whose view or blueprint hook is wrapped by admin_required."""
    blueprint = endpoint.rpartition(".")[0]
    hooks = app.before_request_funcs.get(blueprint, []) if blueprint else []
    return (
        blueprint == "admin"
        or guarded_by_admin_required(app.view_functions[endpoint])
        or any(guarded_by_admin_required(h) for h in hooks)
    )


def send(client, method: str, url: str, **kwargs: Any):
    """The response, read and closed (static files hold an open file until closed)."""
    response = client.open(url, method=method, **kwargs)
    response.get_data()
    response.close()
    return response


def test_every_private_route_demands_sign_in(app, db, org: Org):
    client = app.test_client()
    before = snapshot(db)
    wrong = []
    checked = 0
    for rule, method in routes(app):
        if is_public(rule.endpoint):
            continue
        url = build_url(app, rule, url_values(rule, org, db))
        response = send(client, method, url)
        checked += 1
        if rule.endpoint.startswith("api."):
            if response.status_code != 401 or not response.is_json:
                wrong.append((method, url, response.status_code, "API wants a token: 401"))
            continue
        location = response.headers.get("Location", "")
        if not (
            response.status_code == 401
            or (response.status_code == 302 and location.startswith("/login"))
        ):
            wrong.append((method, url, response.status_code, location))
    assert checked > 20, "the route enumeration found too few routes"
    assert wrong == []
    assert snapshot(db) == before


def test_viewer_gets_403_on_every_admin_action_and_writes_nothing(app, db, org: Org):
    viewer = signed_in(app, "viewer@example.org", "viewer")
    before = snapshot(db)
    admin_routes = [(r, m) for r, m in routes(app) if admin_only(app, r.endpoint)]
    assert any(r.rule.startswith("/admin/") for r, _m in admin_routes)
    assert any(not r.rule.startswith("/admin") for r, _m in admin_routes), (
        "admin-only dashboard actions (ambassador contacts, label corrections) are covered"
    )
    wrong = []
    for rule, method in admin_routes:
        url = build_url(app, rule, url_values(rule, org, db))
        status = send(viewer, method, url, query_string={"survey": org.survey_id}).status_code
        if status != 403:
            wrong.append((method, url, status))
    assert wrong == []
    assert snapshot(db) == before


def test_admin_reaches_every_page_without_a_server_error(app, db, org: Org):
    """The URL filler really exercises the routes: an admin gets no 401, 403 or 500."""
    admin = signed_in(app, "admin@example.org", "admin")
    wrong = []
    for rule, method in routes(app):
        if method != "GET" or rule.endpoint.startswith("api."):
            continue
        url = build_url(app, rule, url_values(rule, org, db))
        status = send(admin, "GET", url, query_string={"survey": org.survey_id}).status_code
        if status in (401, 403) or status >= 500:
            wrong.append((url, status))
    assert wrong == []


def viewer_pages(app: Flask, org: Org, db) -> list[str]:
    """Every GET page a viewer may open (exports included: their first table and format)."""
    return [
        build_url(app, rule, url_values(rule, org, db))
        for rule, method in routes(app)
        if method == "GET"
        and not is_public(rule.endpoint)
        and not rule.endpoint.startswith("api.")
        and not admin_only(app, rule.endpoint)
    ]


def test_scoped_viewer_sees_no_other_department_on_any_page(app, db, org: Org, sales_viewer):
    pages = viewer_pages(app, org, db)
    assert "/dashboard/comments" in pages
    leaks = []
    for url in pages:
        for by in ("department", "team", "location", "role"):
            response = sales_viewer.get(
                url, query_string={"survey": org.survey_id, "wave": org.wave_id, "by": by}
            )
            html = response.get_data(as_text=True)
            assert response.status_code < 500, (url, by)
            leaks += [(url, by, name) for name in OUTSIDE_SCOPE if name in html]
    assert leaks == []
    admin = signed_in(app, "admin@example.org", "admin")
    seen = admin.get(
        "/dashboard/heatmap", query_string={"survey": org.survey_id, "by": "department"}
    )
    assert "Logistics" in seen.get_data(as_text=True), "the check above could never fail"


def test_scoped_viewer_cannot_filter_into_another_department(app, db, org: Org, sales_viewer):
    hidden = org.comment_of["Logistics"] + org.comment_of["Legal"]
    for url in viewer_pages(app, org, db):
        for flt in ("department:Logistics", "team:Warehouse crew", "department:Legal"):
            response = sales_viewer.get(url, query_string={"survey": org.survey_id, "filter": flt})
            html = response.get_data(as_text=True)
            assert response.status_code < 500, (url, flt)
            assert not [t for t in hidden if t in html], (url, flt)
    shown = sales_viewer.get("/dashboard/comments", query_string={"survey": org.survey_id})
    assert org.comment_of["Sales"][0] in shown.get_data(as_text=True)


def test_scoped_viewer_api_results_hold_only_their_department(app, db, org: Org):
    make = signed_in(app, "sales.api@example.org", "viewer", ["Sales"])
    del make
    token = create_api_token(db, "sales.api@example.org")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for by in ("department", "team"):
        response = client.get(
            f"/api/v1/surveys/{org.survey_id}/results",
            query_string={"wave": org.wave_id, "by": by},
            headers=headers,
        )
        assert response.status_code == 200, response.get_json()
        text = response.get_data(as_text=True)
        assert not [name for name in OUTSIDE_SCOPE if name in text], text


def test_tokens_are_random_and_only_their_hash_is_stored(db, org: Org):
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(t) >= 43 for t in tokens)  # 32 random bytes, base64url
    stored = [r[0] for r in db.execute("SELECT token_hash FROM invitations")]
    assert hash_token(org.unused_token) in stored
    assert org.unused_token not in str(stored)
    dump = snapshot(db)
    assert org.unused_token not in dump and org.used_token not in dump


def test_near_miss_tokens_find_nothing(client, org: Org):
    token = org.unused_token
    variants = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token[:-1],
        token + "A",
        token.upper(),
        token[:20],
        "' OR 1=1 --",
        "%00",
        "../../etc/passwd",
    ]
    for guess in variants:
        response = client.get(f"/s/{guess}")
        assert response.status_code == 404, guess
    assert client.get(f"/s/{token}").status_code == 200


def test_guessing_survey_links_is_rate_limited_per_address(tmp_path):
    app = fresh_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_UNKNOWN_LINKS_PER_MINUTE=30)
    database = open_database(app)
    try:
        real_token = seed_small(database)
    finally:
        database.conn.close()
    client = app.test_client()
    statuses = [client.get(f"/s/{new_token()}").status_code for _ in range(30)]
    assert set(statuses) == {404}
    limited = client.get(f"/s/{new_token()}")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert "Please wait a minute" in limited.get_data(as_text=True)
    assert "Content-Security-Policy" in limited.headers
    # Everyone behind that address (an office NAT) still opens their own valid link.
    assert client.get(f"/s/{real_token}").status_code == 200
    assert client.get(f"/s/{new_token()}").status_code == 429, "the guessing stays limited"
    other = app.test_client()
    elsewhere = other.get(f"/s/{real_token}", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert elsewhere.status_code == 200
    assert client.get("/login").status_code == 200  # other pages are not limited


def test_unknown_links_from_an_address_never_block_its_valid_links(tmp_path):
    """31 unknown links from one address, then a valid link from that address: 200."""
    app = fresh_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_UNKNOWN_LINKS_PER_MINUTE=30)
    database = open_database(app)
    try:
        real_token = seed_small(database)
        closed_wave = make_wave(database, make_survey(database, "Later"), status="scheduled")
        not_yet = invite(database, closed_wave, make_person(database))
    finally:
        database.conn.close()
    client = app.test_client()
    statuses = [client.get(f"/s/{new_token()}").status_code for _ in range(31)]
    assert statuses == [404] * 30 + [429]
    assert client.get(f"/s/{real_token}").status_code == 200
    assert client.post(f"/s/{real_token}", data={}).status_code == 400  # judged, not limited
    # A valid link of a wave that has not opened answers 404 too, but is no guess: it does
    # not count towards the limit of another address.
    other = {"REMOTE_ADDR": "10.9.9.9"}
    for _ in range(40):
        assert client.get(f"/s/{not_yet}", environ_base=other).status_code == 404
    assert client.get(f"/s/{new_token()}", environ_base=other).status_code == 404


def test_many_real_respondents_behind_one_address_are_not_refused(tmp_path):
    """An office NAT: 60 page views of real links in a minute from one address all work."""
    app = fresh_app(tmp_path, RATELIMIT_ENABLED=True)
    database = open_database(app)
    try:
        token = seed_small(database)
    finally:
        database.conn.close()
    client = app.test_client()
    assert {client.get(f"/s/{token}").status_code for _ in range(60)} == {200}


def test_flooding_the_survey_pages_is_rate_limited(tmp_path):
    app = fresh_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_RESPOND_PER_MINUTE=5)
    database = open_database(app)
    try:
        token = seed_small(database)
    finally:
        database.conn.close()
    client = app.test_client()
    assert [client.get(f"/s/{token}").status_code for _ in range(6)] == [200] * 5 + [429]


def test_behind_a_proxy_the_forwarded_address_and_scheme_count(tmp_path):
    app = fresh_app(
        tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_UNKNOWN_LINKS_PER_MINUTE=2, PROXY_FIX=1
    )
    client = app.test_client()
    for n in range(2):
        assert (
            client.get(f"/s/{new_token()}", headers={"X-Forwarded-For": "198.51.100.7"}).status_code
            == 404
        ), n
    blocked = client.get(f"/s/{new_token()}", headers={"X-Forwarded-For": "198.51.100.7"})
    assert blocked.status_code == 429
    other = client.get(f"/s/{new_token()}", headers={"X-Forwarded-For": "198.51.100.8"})
    assert other.status_code == 404
    secure = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in secure.headers


def seed_small(database) -> str:
    survey = make_survey(database)
    wave = make_wave(database, survey)
    return invite(database, wave, make_person(database))


def test_sign_in_posts_are_rate_limited(tmp_path):
    app = fresh_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN_PER_MINUTE=10)
    client = app.test_client()
    for n in range(10):
        response = client.post("/login", data={"email": f"x{n}@example.org", "password": "x"})
        assert response.status_code in (200, 429)  # feedback.auth's failure throttle may say 429
    response = client.post("/login", data={"email": "new@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Retry-After" in response.headers


def test_rate_limit_is_off_in_tests_unless_asked(app):
    assert app.config["RATELIMIT_ENABLED"] is False
