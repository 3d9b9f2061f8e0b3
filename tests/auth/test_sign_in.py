from __future__ import annotations

from tests.conftest import make_user, sign_in


def test_pages_outside_the_respondent_flow_need_sign_in(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data


def test_sign_in_with_a_wrong_password_is_refused(app, client):
    make_user(app, "a@example.org", "admin")
    response = sign_in(client, "a@example.org", "wrong password!")
    assert response.status_code == 200
    assert b"Unknown e-mail address or wrong password." in response.data


def test_create_user_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "c@example.org",
            "--role",
            "viewer",
            "--department",
            "Sales",
            "--password-stdin",
        ],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert sign_in(client, "c@example.org", "a long password").status_code == 302


def test_create_user_refuses_a_duplicate(app, runner):
    make_user(app, "d@example.org", "admin")
    result = runner.invoke(
        args=["create-user", "d@example.org", "--role", "admin", "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 1
    assert "already exists" in result.output
