"""Nothing a signed-in user, an export or a survey link shows may stay in a browser's or a
proxy's cache: every such response says `Cache-Control: no-store` and `Pragma: no-cache`."""

from __future__ import annotations

import pytest

from tests.factories import invite, make_person, make_survey, make_wave


def no_store(response) -> bool:
    return (
        response.headers.get("Cache-Control") == "no-store"
        and response.headers.get("Pragma") == "no-cache"
    )


@pytest.fixture
def org(db):
    survey_id = make_survey(db)
    wave_id = make_wave(db, survey_id)
    person_id = make_person(db)
    return {"survey": survey_id, "wave": wave_id, "token": invite(db, wave_id, person_id)}


def test_every_page_for_a_signed_in_user_is_not_stored(app, admin_client, org):
    values = {
        "survey_id": org["survey"],
        "wave_id": org["wave"],
        "item_id": 1,
        "person_id": 1,
        "user_id": 1,
        "table": "results",
        "fmt": "csv",
    }
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "bootstrap.static"):
            continue
        if rule.endpoint.startswith(("respond.", "api.")):
            continue
        if not set(rule.arguments) <= set(values):
            continue
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
        response = admin_client.get(url, query_string={"survey": org["survey"]})
        assert no_store(response), (url, response.status_code, dict(response.headers))
        checked += 1
    assert checked >= 10


def test_survey_pages_are_not_stored(client, org):
    assert no_store(client.get(f"/s/{org['token']}"))
    assert no_store(client.get("/s/thanks"))
    assert no_store(client.get("/s/no-such-link-at-all-here"))


def test_downloads_are_not_stored(admin_client, org):
    assert no_store(admin_client.post(f"/admin/waves/{org['wave']}/links.csv"))
    response = admin_client.get(
        "/dashboard/export/results.csv", query_string={"survey": org["survey"]}
    )
    assert no_store(response), response.status_code


def test_static_files_may_be_cached(client):
    response = client.get("/static/goesting.css")
    response.close()
    assert "no-store" not in response.headers.get("Cache-Control", "")
