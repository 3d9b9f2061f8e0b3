"""`/healthz`: public, 200 while the database answers, 503 when it does not; no data in it."""

from __future__ import annotations


def test_healthy_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_503_when_the_database_does_not_answer(app, client, tmp_path):
    app.config["DATABASE"] = str(tmp_path)  # a folder: SQLite cannot open it
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_it_tells_nothing_but_the_status(admin_client):
    response = admin_client.get("/healthz")
    assert response.get_json() == {"status": "ok"}
