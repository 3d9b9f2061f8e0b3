"""Users: admins manage accounts; every user picks their own language."""

from __future__ import annotations

import re

from tests.conftest import make_user, sign_in
from tests.factories import make_person


def user_row(db, email):
    return db.execute(
        "SELECT role, departments, language, active FROM users WHERE email = ?", [email]
    ).fetchone()


def test_an_admin_invites_a_viewer_limited_to_a_department(admin_client, app, db, smtp):
    make_person(db, department="Sales")
    make_person(db, department="IT")
    response = admin_client.post(
        "/admin/users",
        data={
            "email": "Vera@Example.org",
            "role": "viewer",
            "departments": ["Sales"],
            "language": "nl",
        },
    )
    assert response.status_code == 302
    assert user_row(db, "vera@example.org") == ("viewer", '["Sales"]', "nl", 1)
    (message,) = smtp.to("vera@example.org")
    token = re.search(r"/password/(\S+)", smtp.body(message)).group(1)
    other = app.test_client()
    data = {"new": "a long password", "repeat": "a long password"}
    assert other.post(f"/password/{token}", data=data).status_code == 302
    assert other.get("/admin/surveys").status_code == 403
    assert sign_in(app.test_client(), "vera@example.org", "a long password").status_code == 302


def test_a_duplicate_user_is_refused(admin_client, db):
    response = admin_client.post(
        "/admin/users",
        data={
            "email": "admin@example.org",
            "role": "admin",
            "language": "en",
            "password": "a long password",
        },
    )
    assert response.status_code == 400
    assert "A user with this e-mail address already exists." in response.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1


def test_an_unknown_department_is_refused(admin_client, db):
    response = admin_client.post(
        "/admin/users",
        data={
            "email": "x@example.org",
            "role": "viewer",
            "departments": ["Nowhere"],
            "language": "en",
            "password": "a long password",
        },
    )
    assert response.status_code == 400
    assert user_row(db, "x@example.org") is None


def test_an_admin_changes_a_role_and_deactivates_a_user(admin_client, app, db):
    user = make_user(app, "v@example.org", "viewer")
    response = admin_client.post(
        f"/admin/users/{user.id}", data={f"u{user.id}-role": "admin", f"u{user.id}-active": ""}
    )
    assert response.status_code == 302
    assert user_row(db, "v@example.org") == ("admin", None, "en", 0)
    assert sign_in(app.test_client(), "v@example.org").status_code == 200


def test_the_last_admin_cannot_be_demoted(admin_client, db):
    admin_id = db.execute("SELECT id FROM users").fetchone()[0]
    make_person(db, department="Sales")
    response = admin_client.post(
        f"/admin/users/{admin_id}",
        data={
            f"u{admin_id}-role": "viewer",
            f"u{admin_id}-departments": ["Sales"],
            f"u{admin_id}-active": "y",
        },
    )
    assert response.status_code == 409
    assert "The last active administrator" in response.get_data(as_text=True)
    assert user_row(db, "admin@example.org")[0] == "admin"


def test_each_user_chooses_their_language(admin_client, app, db):
    response = admin_client.post("/account", data={"language": "nl"}, follow_redirects=True)
    assert "Je taal is bewaard." in response.get_data(as_text=True)
    assert user_row(db, "admin@example.org")[2] == "nl"
    fresh = app.test_client()
    sign_in(fresh, "admin@example.org")
    assert "Bevragingen" in fresh.get("/admin/surveys").get_data(as_text=True)


def test_the_language_switch_is_remembered_per_user(admin_client, app, db):
    admin_client.post("/language", data={"lang": "nl", "next": "/admin/surveys"})
    assert user_row(db, "admin@example.org")[2] == "nl"
    fresh = app.test_client()
    sign_in(fresh, "admin@example.org")
    assert "Nieuwe bevraging" in fresh.get("/admin/surveys").get_data(as_text=True)


def test_a_viewer_may_set_their_own_language_but_not_manage_users(viewer_client, db):
    assert viewer_client.post("/account", data={"language": "nl"}).status_code == 302
    assert user_row(db, "viewer@example.org")[2] == "nl"
    assert (
        viewer_client.post(
            "/admin/users",
            data={
                "email": "y@example.org",
                "role": "admin",
                "language": "en",
                "password": "a long password",
            },
        ).status_code
        == 403
    )
    assert user_row(db, "y@example.org") is None


def test_an_unknown_language_is_refused(admin_client, db):
    response = admin_client.post("/account", data={"language": "fr"})
    assert response.status_code == 400
    assert user_row(db, "admin@example.org")[2] == "en"


def test_every_admin_endpoint_refuses_a_viewer(viewer_client, app, db):
    make_person(db)
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        url = rule.rule.replace("<id:", "<").replace("<key>", "k")
        url = url.replace("<survey_id>", "1").replace("<item_id>", "1").replace("<wave_id>", "1")
        url = url.replace("<person_id>", "1").replace("<user_id>", "1")
        for method in rule.methods & {"GET", "POST"}:
            response = viewer_client.open(url, method=method)
            assert response.status_code == 403, (method, url)
            checked += 1
    assert checked >= 20
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 1


def test_signing_in_starts_a_fresh_session(app, client):
    make_user(app, "s@example.org", "admin")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    assert sign_in(client, "s@example.org").status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id")
