"""Results over the API and the `results` command: protected, scoped, and checked parameters."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.api.leaks import TINY_TEN, assert_no_small_group
from tests.api.orgdata import build_org
from tests.conftest import make_user


def api_client(app, runner, email, role, departments=None):
    make_user(app, email, role, departments)
    token = runner.invoke(args=["create-token", email]).output.strip()
    client = app.test_client()

    def get(path: str):
        return client.get(path, headers={"Authorization": f"Bearer {token}"})

    return get


@pytest.fixture
def org(db):
    return build_org(db)


@pytest.fixture
def api(app, runner):
    return api_client(app, runner, "admin@example.org", "admin")


def url(org, by="department", wave=None):
    return f"/api/v1/surveys/{org['survey_id']}/results?wave={wave or org['wave_ids'][0]}&by={by}"


def test_results_suppress_the_small_group_and_its_complement(api, org):
    response = api(url(org))
    assert response.status_code == 200
    data = response.get_json()
    assert_no_small_group(data, k=5)
    assert TINY_TEN not in json.dumps(data["groups"]).split('scaling": ')[1:]
    sales = next(g for g in data["groups"] if g["segment"] == "Sales")
    assert sales["n"] == 12 and sales["scaling"] == 8.0


def test_results_by_team_never_show_teams_of_tiny(api, org):
    data = api(url(org, by="team")).get_json()
    for group in data["groups"]:
        if group["segment"].startswith("Tiny"):
            assert group == {"segment": group["segment"], "department": "Tiny", "suppressed": True}


def test_viewer_sees_only_their_departments(app, runner, org):
    viewer = api_client(app, runner, "viewer@example.org", "viewer", ["Sales", "Support"])
    data = viewer(url(org)).get_json()
    assert {g["segment"] for g in data["groups"]} == {"Sales", "Support"}
    assert data["overall"]["n"] == 23
    only_tiny = api_client(app, runner, "tiny@example.org", "viewer", ["Tiny"])
    data = only_tiny(url(org)).get_json()
    assert data["overall"] == {"segment": "all", "suppressed": True}
    assert all(g.get("suppressed") for g in data["groups"])  # none, or all suppressed


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("by=department", "'wave' is required"),
        ("wave=abc&by=department", "whole number"),
        ("wave=9223372036854775808&by=department", "whole number"),
        ("wave=-9223372036854775809&by=department", "whole number"),
        ("wave=999&by=department", "is not a wave of survey"),
        ("wave={wave}", "'by' must be one of"),
        ("wave={wave}&by=salary", "'by' must be one of"),
    ],
)
def test_bad_parameters_are_400_with_a_message(api, org, query, message):
    path = f"/api/v1/surveys/{org['survey_id']}/results?" + query.format(wave=org["wave_ids"][0])
    response = api(path)
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_messages_follow_the_language_asked_for(app, runner, org):
    make_user(app, "nl@example.org", "admin")
    token = runner.invoke(args=["create-token", "nl@example.org"]).output.strip()
    response = app.test_client().get(
        f"/api/v1/surveys/{org['survey_id']}/results?by=department",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "nl"},
    )
    assert response.status_code == 400
    assert "verplicht" in response.get_json()["error"]


def test_cli_json_is_what_the_api_answers(api, runner, org):
    wave = str(org["wave_ids"][0])
    result = runner.invoke(
        args=["results", str(org["survey_id"]), "--wave", wave, "--by", "department"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == api(url(org)).get_json()


def test_cli_csv_has_no_figures_for_suppressed_groups(runner, org):
    wave = str(org["wave_ids"][0])
    result = runner.invoke(
        args=[
            "results",
            str(org["survey_id"]),
            "--wave",
            wave,
            "--by",
            "department",
            "--format",
            "csv",
        ]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["segment"] for r in rows] == ["all", "Sales", "Support", "Tiny"]
    tiny = rows[-1]
    assert tiny["suppressed"] == "yes"
    assert all(v == "" for k, v in tiny.items() if k not in ("segment", "suppressed"))
    assert rows[1]["n"] == "12" and rows[1]["scaling"] == "8.0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999", "--wave", "1", "--by", "department"], "no survey"),
        (["{survey}", "--wave", "999", "--by", "department"], "is not a wave"),
        (["{survey}", "--wave", "{wave}", "--by", "salary"], "must be one of"),
    ],
)
def test_cli_bad_input_is_a_clear_error(runner, org, args, message):
    values = {"survey": org["survey_id"], "wave": org["wave_ids"][0]}
    result = runner.invoke(args=["results", *(a.format(**values) for a in args)])
    assert result.exit_code != 0
    assert message in result.output
