"""A viewer always has an explicit scope: a viewer without departments sees nothing, and
neither the users page nor `create-user` makes one. Admins see every department."""

from __future__ import annotations

import pytest

from feedback.analytics.population import scope_of
from feedback.auth.users import get_user, update_user
from tests.api.orgdata import build_org
from tests.conftest import make_user
from tests.factories import make_person


def api_get(app, runner, email, path):
    token = runner.invoke(args=["create-token", email]).output.strip()
    return app.test_client().get(path, headers={"Authorization": f"Bearer {token}"})


def test_a_viewer_stored_without_departments_sees_nothing(app, runner, db):
    org = build_org(db)
    viewer = make_user(app, "unscoped@example.org", "viewer")
    assert viewer.departments == ()
    assert scope_of(viewer) == ()
    assert not viewer.may_see("Sales")
    path = f"/api/v1/surveys/{org['survey_id']}/results?wave={org['wave_ids'][0]}&by=department"
    data = api_get(app, runner, "unscoped@example.org", path).get_json()
    assert data["overall"] == {"segment": "all", "suppressed": True}
    assert all(group.get("suppressed") for group in data["groups"])
    admin = make_user(app, "boss@example.org", "admin")
    assert admin.departments is None and scope_of(admin) is None
    everything = api_get(app, runner, "boss@example.org", path).get_json()
    assert everything["overall"]["n"] == 26


def test_an_admin_sees_all_even_with_departments_stored(app, db):
    admin = make_user(app, "boss@example.org", "admin", ["Sales"])
    assert get_user(db, admin.id).departments is None


def test_a_viewer_demoted_from_admin_without_departments_sees_nothing(app, db):
    user = make_user(app, "was.admin@example.org", "admin")
    update_user(db, user.id, "viewer", None, True)
    assert get_user(db, user.id).departments == ()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Choose at least one department for a viewer."),
        ("nl", "Kies minstens één afdeling voor een lezer."),
    ],
)
def test_the_users_page_refuses_a_viewer_without_departments(admin_client, db, lang, message):
    make_person(db, department="Sales")
    response = admin_client.post(
        "/admin/users",
        query_string={"lang": lang},
        data={
            "email": "nobody@example.org",
            "role": "viewer",
            "language": "en",
            "password": "a long password",
        },
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.execute("SELECT 1 FROM users WHERE email = 'nobody@example.org'").fetchone() is None


def test_the_users_page_refuses_to_make_a_viewer_of_everything(admin_client, app, db):
    make_person(db, department="Sales")
    user = make_user(app, "v@example.org", "viewer", ["Sales"])
    response = admin_client.post(
        f"/admin/users/{user.id}", data={f"u{user.id}-role": "viewer", f"u{user.id}-active": "y"}
    )
    assert response.status_code == 400
    assert get_user(db, user.id).departments == ("Sales",)


def test_create_user_refuses_a_viewer_without_departments(runner, db):
    result = runner.invoke(
        args=["create-user", "v@example.org", "--role", "viewer", "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 1
    assert "give at least one --department" in result.output
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0
    result = runner.invoke(
        args=[
            "create-user",
            "v@example.org",
            "--role",
            "viewer",
            "--department",
            "Sales",
            "--password-stdin",
        ],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
