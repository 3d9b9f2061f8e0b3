from __future__ import annotations


def test_an_unknown_page_is_a_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"This page does not exist" in response.data
    assert response.mimetype == "text/html"


def test_a_client_asking_for_json_gets_json(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_errors_speak_dutch(client):
    response = client.get("/no/such/page?lang=nl")
    assert "Deze pagina bestaat niet" in response.get_data(as_text=True)


def test_an_unexpected_error_is_a_friendly_500(app):
    def boom():
        raise RuntimeError("boom")

    app.add_url_rule("/boom", endpoint="errors.boom", view_func=boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data


def test_every_page_carries_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
