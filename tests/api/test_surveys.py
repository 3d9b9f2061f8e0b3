"""Surveys and waves over the API, and the 404/400 answers for bad ids."""

from __future__ import annotations

import pytest

from tests.api.orgdata import build_org
from tests.conftest import make_user


@pytest.fixture
def api(app, runner):
    make_user(app, "admin@example.org", "admin")
    token = runner.invoke(args=["create-token", "admin@example.org"]).output.strip()
    client = app.test_client()

    def get(path: str, **kwargs):
        return client.get(path, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    return get


def test_survey_detail_and_waves(api, db):
    org = build_org(db, waves=2)
    survey = api(f"/api/v1/surveys/{org['survey_id']}").get_json()
    assert survey["name"] == "Pulse"
    assert "scaling" in [i["key"] for i in survey["items"]]
    waves = api(f"/api/v1/surveys/{org['survey_id']}/waves").get_json()["waves"]
    assert [w["id"] for w in waves] == org["wave_ids"]
    assert set(waves[0]) == {"id", "number", "opens_on", "closes_on", "status"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/surveys/999",
        "/api/v1/surveys/999/waves",
        "/api/v1/surveys/999/results?wave=1&by=department",
        "/api/v1/surveys/abc",
        "/api/v1/nothing",
    ],
)
def test_unknown_things_are_404_json(api, db, path):
    build_org(db)
    response = api(path)
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"]
