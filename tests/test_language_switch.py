"""The language changes by POST only (a small CSRF-protected form that works without
JavaScript); `?lang=` shows one page in that language and stores nothing."""

from __future__ import annotations

import re

from feedback.db import open_database
from tests.conftest import PASSWORD, make_user, sign_in
from tests.factories import invite, make_person, make_survey, make_wave

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def stored_language(app, email):
    database = open_database(app)
    try:
        return database.execute("SELECT language FROM users WHERE email = ?", [email]).fetchone()[0]
    finally:
        database.conn.close()


def test_get_with_lang_changes_no_stored_setting(app, admin_client):
    page = admin_client.get("/admin/surveys?lang=nl").get_data(as_text=True)
    assert "Nieuwe bevraging" in page  # this one page is in Dutch
    assert stored_language(app, "admin@example.org") == "en"
    with admin_client.session_transaction() as session:
        assert session.get("lang") == "en"
    assert "New survey" in admin_client.get("/admin/surveys").get_data(as_text=True)


def test_get_with_lang_before_sign_in_stores_nothing(client):
    assert "Aanmelden" in client.get("/login?lang=nl").get_data(as_text=True)
    with client.session_transaction() as session:
        assert "lang" not in session
    assert "Sign in" in client.get("/login").get_data(as_text=True)


def test_a_survey_link_with_lang_stores_nothing(app, client, db):
    token = invite(db, make_wave(db, make_survey(db)), make_person(db, language="nl"))
    assert client.get(f"/s/{token}?lang=en").status_code == 200
    with client.session_transaction() as session:
        assert "lang" not in session


def test_the_switcher_posts_with_csrf_and_stores_the_users_choice(csrf_app):
    make_user(csrf_app, "cm@example.org", "admin")
    client = csrf_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post(
        "/login", data={"email": "cm@example.org", "password": PASSWORD, "csrf_token": token}
    )
    page = client.get("/admin/surveys?x=1&lang=nl").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/language".*?</form>', page, re.S).group(0)
    assert 'name="next" value="/admin/surveys?x=1"' in form
    assert 'name="lang" value="nl"' in form and 'name="lang" value="en"' in form
    assert (
        client.post("/language", data={"lang": "nl", "next": "/admin/surveys"}).status_code == 400
    )
    response = client.post(
        "/language",
        data={"lang": "nl", "next": "/admin/surveys", "csrf_token": CSRF.search(form).group(1)},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/surveys"
    assert stored_language(csrf_app, "cm@example.org") == "nl"
    assert "Nieuwe bevraging" in client.get("/admin/surveys").get_data(as_text=True)


def test_the_switcher_works_before_sign_in(client):
    response = client.post("/language", data={"lang": "nl", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert "Aanmelden" in client.get("/login").get_data(as_text=True)


def test_the_switcher_sends_nobody_off_site_and_refuses_unknown_languages(client):
    response = client.post("/language", data={"lang": "nl", "next": "//evil.example"})
    assert response.headers["Location"] == "/login"
    assert client.post("/language", data={"lang": "fr"}).status_code == 400


def test_the_switcher_is_not_a_get(client):
    assert client.get("/language?lang=nl").status_code == 405


def test_a_viewer_switches_too(app):
    make_user(app, "v@example.org", "viewer", ["Sales"])
    client = app.test_client()
    sign_in(client, "v@example.org")
    client.post("/language", data={"lang": "nl", "next": "/account"})
    assert stored_language(app, "v@example.org") == "nl"
