"""Signing out or changing the password ends every session of that user, copied cookies too."""

from __future__ import annotations

from feedback.auth.users import find_by_email, set_password
from feedback.db import open_database
from tests.conftest import PASSWORD, make_user, sign_in


def signed_in(app, email="s@example.org"):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    assert client.get("/account").status_code == 200
    return client


def copy_session(app, source):
    """A second browser holding a copy of `source`'s session cookie (a stolen cookie)."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_copied_session_cookie_stops_working_after_sign_out(app):
    make_user(app, "s@example.org", "admin")
    browser = signed_in(app)
    thief = copy_session(app, browser)
    assert thief.get("/account").status_code == 200
    assert browser.post("/logout").status_code == 302
    assert thief.get("/account").status_code == 302  # back to sign-in
    assert thief.get("/admin/surveys").status_code == 302


def test_signing_out_ends_the_users_sessions_on_other_devices(app):
    make_user(app, "s@example.org", "admin")
    laptop, phone = signed_in(app), signed_in(app)
    laptop.post("/logout")
    assert phone.get("/account").status_code == 302
    assert signed_in(app).get("/account").status_code == 200  # signing in again works


def test_a_new_password_ends_every_session(app):
    make_user(app, "s@example.org", "admin")
    browser = signed_in(app)
    thief = copy_session(app, browser)
    database = open_database(app)
    try:
        set_password(database, find_by_email(database, "s@example.org")["id"], "another password")
    finally:
        database.conn.close()
    assert browser.get("/account").status_code == 302
    assert thief.get("/account").status_code == 302
    assert sign_in(app.test_client(), "s@example.org", "another password").status_code == 302


def test_another_users_sign_out_leaves_this_session_alone(app):
    make_user(app, "s@example.org", "admin")
    make_user(app, "t@example.org", "viewer", ["Sales"])
    mine, theirs = signed_in(app), signed_in(app, "t@example.org")
    theirs.post("/logout")
    assert mine.get("/account").status_code == 200


def test_a_forged_session_id_is_refused(app):
    user = make_user(app, "s@example.org", "admin")
    client = app.test_client()
    for forged in (str(user.id), f"{user.id}:x", f"{user.id}:99", "x:0", ""):
        with client.session_transaction() as session:
            session["_user_id"] = forged
            session["_fresh"] = True
        assert client.get("/account").status_code == 302, forged


def test_changing_the_password_on_the_account_page_signs_out_everywhere_else(app):
    make_user(app, "s@example.org", "admin")
    browser = signed_in(app)
    thief = copy_session(app, browser)
    other_device = signed_in(app)
    response = browser.post(
        "/account/password",
        data={"current": PASSWORD, "new": "a brand new secret", "repeat": "a brand new secret"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "every other session was signed out" in response.get_data(as_text=True)
    assert browser.get("/account").status_code == 200  # this browser got a fresh session
    assert thief.get("/account").status_code == 302
    assert other_device.get("/account").status_code == 302
    assert sign_in(app.test_client(), "s@example.org", "a brand new secret").status_code == 302


def test_a_wrong_current_password_changes_nothing(app):
    make_user(app, "s@example.org", "admin")
    browser = signed_in(app)
    other_device = signed_in(app)
    for lang, message in (
        ("en", "This is not your current password."),
        ("nl", "Dit is niet je huidige wachtwoord."),
    ):
        response = browser.post(
            f"/account/password?lang={lang}",
            data={"current": "not my password", "new": "x" * 12, "repeat": "x" * 12},
        )
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert other_device.get("/account").status_code == 200
    assert sign_in(app.test_client(), "s@example.org", PASSWORD).status_code == 302


def test_the_new_password_must_be_typed_twice_alike(app):
    make_user(app, "s@example.org", "admin")
    browser = signed_in(app)
    response = browser.post(
        "/account/password", data={"current": PASSWORD, "new": "x" * 12, "repeat": "y" * 12}
    )
    assert response.status_code == 400
    assert "The two new passwords differ." in response.get_data(as_text=True)
