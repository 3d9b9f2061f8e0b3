"""API tokens: created by the command, shown once, stored hashed; no token, no data."""

from __future__ import annotations

from feedback.tokens import hash_token
from tests.api.orgdata import build_org
from tests.conftest import make_user


def token_for(runner, email: str) -> str:
    result = runner.invoke(args=["create-token", email, "--label", "reporting"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_create_token_prints_it_once_and_stores_only_its_hash(app, runner, db):
    make_user(app, "admin@example.org", "admin")
    token = token_for(runner, "admin@example.org")
    rows = list(db.query("SELECT * FROM api_tokens"))
    assert len(rows) == 1
    assert rows[0]["token_hash"] == hash_token(token)
    assert rows[0]["label"] == "reporting"
    assert token not in str(rows[0])


def test_create_token_for_unknown_user_fails_cleanly(runner, db):
    result = runner.invoke(args=["create-token", "nobody@example.org"])
    assert result.exit_code != 0
    assert "No active user" in result.output
    assert db.execute("SELECT count(*) FROM api_tokens").fetchone()[0] == 0


def test_no_token_is_401_json(client, db):
    build_org(db)
    response = client.get("/api/v1/surveys")
    assert response.status_code == 401
    assert response.is_json and "token" in response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_wrong_token_and_wrong_scheme_are_401(app, client, runner, db):
    make_user(app, "admin@example.org", "admin")
    token = token_for(runner, "admin@example.org")
    for header in (f"Bearer {token}x", "Bearer ", f"Basic {token}", token):
        response = client.get("/api/v1/surveys", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.is_json


def test_signed_in_session_is_not_enough(admin_client, db):
    assert admin_client.get("/api/v1/surveys").status_code == 401


def test_good_token_lists_surveys_and_records_the_day(app, client, runner, db):
    org = build_org(db)
    make_user(app, "admin@example.org", "admin")
    token = token_for(runner, "admin@example.org")
    response = client.get("/api/v1/surveys", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [s["id"] for s in response.get_json()["surveys"]] == [org["survey_id"]]
    assert db.execute("SELECT last_used_on FROM api_tokens").fetchone()[0] is not None


def test_token_of_a_deactivated_user_stops_working(app, client, runner, db):
    build_org(db)
    make_user(app, "admin@example.org", "admin")
    token = token_for(runner, "admin@example.org")
    with db.conn:
        db.execute("UPDATE users SET active = 0")
    response = client.get("/api/v1/surveys", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_commands_have_help_and_are_in_the_readme(runner):
    from feedback import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for command, options in (
        ("create-token", ["--label"]),
        ("results", ["--wave", "--by", "--format"]),
    ):
        output = runner.invoke(args=[command, "--help"]).output
        assert all(option in output for option in options)
        assert f"| `{command} " in readme
