"""An analyst tries to identify respondents; every attempt is refused or shows nothing below k.

The organisation: department Ops, all in team T1. Gent holds 17 employees (answer 4) and 3
managers (answer 1, the target: a group below k = 5); Brussel holds 6 employees (answer 3).
Every respondent leaves a comment naming their group and their order of answering.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import pytest
from flask_babel import format_date

from feedback.analytics.refresh import prepare_waves
from feedback.api.tokens import create_api_token
from feedback.respond.service import find_invitation, submit_response
from tests.conftest import make_user
from tests.factories import invite, make_person, make_survey, make_wave
from tests.reliability.conftest import answers_for, signed_in

NARROW = ["location:Gent", "role:employee"]  # Gent minus this = the 3 Gent managers
WIDE = ["location:Gent"]
DASHBOARD_PAGES = (
    "/dashboard/",
    "/dashboard/heatmap",
    "/dashboard/matrix",
    "/dashboard/managers",
    "/dashboard/ambassadors",
)
MANAGER_ANSWER = 1


@dataclass
class Office:
    survey_id: int
    wave_id: int
    opens_on: str
    order: list[str]  # comments in the order they were written


def build_office(db) -> Office:
    survey_id = make_survey(db)
    wave_id = make_wave(db, survey_id)
    items = list(db.query("SELECT * FROM items WHERE survey_id = ? ORDER BY position", [survey_id]))
    order = []
    groups = [
        ("Gent", "employee", 4, 17),
        ("Gent", "manager", MANAGER_ANSWER, 3),
        ("Brussel", "employee", 3, 6),
    ]
    for location, role, answer, people in groups:
        for _ in range(people):
            person = make_person(
                db, department="Ops", team="T1", location=location, role=role, language="en"
            )
            text = f"Remark {len(order):02d} from a {role} in {location}"
            submit_response(
                db,
                find_invitation(db, invite(db, wave_id, person)),
                answers_for(items, answer, text),
            )
            order.append(text)
    prepare_waves(db)  # as after the last submission
    opens_on = db.execute("SELECT opens_on FROM waves WHERE id = ?", [wave_id]).fetchone()[0]
    return Office(survey_id, wave_id, opens_on, order)


@pytest.fixture
def office(seeded) -> Office:
    return seeded("office", build_office)


@pytest.fixture
def analyst(app, office):
    """An admin signed in after the office's data is in place (the copy replaces users)."""
    return signed_in(app, "analyst@example.org", "admin")


def export(client, office: Office, filters: list[str], by: str = "department"):
    return client.get(
        "/dashboard/export/results.csv",
        query_string={
            "survey": office.survey_id,
            "wave": office.wave_id,
            "by": by,
            "filter": filters,
        },
    )


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_export_refuses_a_filter_pair_that_differences_out_the_managers(analyst, office):
    wide = export(analyst, office, WIDE)
    narrow = export(analyst, office, NARROW)
    assert wide.status_code == 200
    assert narrow.status_code == 400  # two filters are never asked for: one at most
    by_role = {r["segment"]: r for r in csv_rows(export(analyst, office, WIDE, by="role"))}
    employees = [v for k, v in by_role.items() if "employee" in k.lower()]
    # Gent's employees (17) next to Gent (20) would single out the 3 Gent managers
    assert employees and all(not v.get("n") for v in employees), by_role


def test_export_refuses_the_complement_filter_too(analyst, office):
    """Everyone but the Gent managers is not one filter, but role:employee leaves 3 out."""
    response = export(analyst, office, ["role:employee"])
    assert response.status_code == 422


@pytest.mark.parametrize("page", DASHBOARD_PAGES)
def test_dashboard_pages_refuse_the_differencing_filter_pair(analyst, office, page):
    """location:Gent (n=20) and location:Gent + role:employee (n=17): 20 - 17 = the 3 Gent
    managers, so one of the two views must be refused."""
    wide = analyst.get(page, query_string={"survey": office.survey_id, "filter": WIDE})
    narrow = analyst.get(page, query_string={"survey": office.survey_id, "filter": NARROW})
    assert wide.status_code != 200 or narrow.status_code != 200


def test_a_small_team_is_never_exported_with_figures(analyst, office):
    response = export(analyst, office, [], by="role")
    assert response.status_code == 200
    rows = {r["segment"]: r for r in csv_rows(response)}
    manager = rows.get("manager")
    assert manager is not None and manager.get("suppressed") in ("True", "true", "1", "yes")
    assert not manager.get("n") and not manager.get("scaling")
    employee = rows["employee"]
    assert employee.get("suppressed") in ("True", "true", "1", "yes"), (
        "the complement of a hidden group is hidden too, or total minus it gives it away"
    )
    assert export(analyst, office, ["role:manager"]).status_code == 422


def test_every_export_table_protects_the_managers(app, analyst, office):
    from feedback.dashboard.explorer.export_tables import EXPORTS

    for table in EXPORTS:
        for fmt in ("csv", "xlsx"):
            response = analyst.get(
                f"/dashboard/export/{table}.{fmt}",
                query_string={"survey": office.survey_id, "by": "role", "filter": ["role:manager"]},
            )
            assert response.status_code == 422, (table, fmt)
        response = analyst.get(
            f"/dashboard/export/{table}.csv",
            query_string={"survey": office.survey_id, "by": "role"},
        )
        assert response.status_code == 200, table
        for row in csv_rows(response):
            if row.get("segment") == "manager":
                filled = {k: v for k, v in row.items() if v and k not in ("segment", "suppressed")}
                assert filled == {}, (table, row)


def comments_page(client, office: Office, **args) -> str:
    response = client.get("/dashboard/comments", query_string={"survey": office.survey_id, **args})
    assert response.status_code in (200, 422), response.status_code
    return response.get_data(as_text=True)


def shown_order(page: str, office: Office) -> list[str]:
    return sorted((t for t in office.order if t in page), key=page.index)


def test_comment_order_does_not_reveal_who_wrote_what(analyst, office):
    orders = [shown_order(comments_page(analyst, office), office) for _ in range(3)]
    assert all(sorted(o) == sorted(office.order) for o in orders), "all 26 are shown"
    assert all(o != office.order for o in orders), "not in the order they were written"
    assert len({tuple(o) for o in orders}) == 1, "a stable order: reloading reveals nothing"


def test_comments_carry_the_wave_date_not_the_day_written(analyst, office):
    page = comments_page(analyst, office)
    today = dt.date.today()
    opens = dt.date.fromisoformat(office.opens_on)
    assert opens != today
    with analyst.application.test_request_context():
        written = [format_date(today, f) for f in ("short", "medium", "long")]
        shown = [format_date(opens, f) for f in ("short", "medium", "long")]
    assert today.isoformat() not in page and not [w for w in written if w in page]
    assert office.opens_on in page or [d for d in shown if d in page]


def test_comments_of_a_small_group_are_never_shown(analyst, office):
    for args in (
        {"filter": "role:manager"},
        {"filter": "location:Brussel"},
        {"filter": "role:employee"},
    ):
        page = comments_page(analyst, office, **args)
        assert not [t for t in office.order if t in page], args


def api_get(app, db, path: str, **params):
    """GET with an admin's API token (one user and token per test)."""
    row = db.execute("SELECT 1 FROM users WHERE email = 'api@example.org'").fetchone()
    if row is None:
        make_user(app, "api@example.org", "admin")
        app.config["TEST_API_TOKEN"] = create_api_token(db, "api@example.org")
    headers = {"Authorization": f"Bearer {app.config['TEST_API_TOKEN']}"}
    return app.test_client().get(path, query_string=params, headers=headers)


CRAFTED_BY = [
    "submitted_on",
    "email",
    "id",
    "department; DROP TABLE x",
    "department' OR '1'='1",
    "",
    "team,role",
    "DEPARTMENT",
    "r.department",
]
CRAFTED_WAVE = ["1 OR 1=1", "-1", "0x1", "1.0", "", "999999", "1;--"]


def test_api_refuses_unknown_or_crafted_breakdowns(app, db, office):
    for by in CRAFTED_BY:
        response = api_get(
            app, db, f"/api/v1/surveys/{office.survey_id}/results", wave=office.wave_id, by=by
        )
        assert response.status_code == 400 and response.is_json, by
        assert "by" in response.get_json()["error"]
    assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 26


def test_api_refuses_crafted_waves(app, db, office):
    for wave in CRAFTED_WAVE:
        response = api_get(
            app, db, f"/api/v1/surveys/{office.survey_id}/results", wave=wave, by="role"
        )
        assert response.status_code == 400 and response.is_json, wave


def test_api_refuses_the_wave_of_another_survey(app, db, office):
    other_survey = make_survey(db, name="Other")
    other_wave = make_wave(db, other_survey)
    response = api_get(
        app, db, f"/api/v1/surveys/{office.survey_id}/results", wave=other_wave, by="role"
    )
    assert response.status_code == 400
    response = api_get(
        app, db, f"/api/v1/surveys/{other_survey}/results", wave=office.wave_id, by="role"
    )
    assert response.status_code == 400


def test_api_shows_nothing_below_k_by_any_segment(app, db, office):
    for by in ("department", "team", "location", "role", "tenure_band", "language"):
        response = api_get(
            app, db, f"/api/v1/surveys/{office.survey_id}/results", wave=office.wave_id, by=by
        )
        assert response.status_code == 200, by
        data = response.get_json()
        for group in [data["overall"], *data["groups"]]:
            if group.get("suppressed"):
                assert set(group) <= {"segment", "department", "suppressed"}, group
            else:
                assert group["n"] >= data["k"], group
        shown = [g for g in data["groups"] if not g.get("suppressed")]
        if not data["overall"].get("suppressed") and shown:
            hidden_n = data["overall"]["n"] - sum(g["n"] for g in shown)
            assert hidden_n == 0 or hidden_n >= data["k"], (by, data)
        text = json.dumps(data)
        assert '"manager"' not in text or all(
            g.get("suppressed") for g in data["groups"] if g.get("segment") == "manager"
        )


def test_api_ignores_parameters_it_does_not_know_and_guards_its_one_filter(app, db, office):
    """Smuggled parameters must not narrow the API's population; its one `filter=` goes
    through the same release as the pages (a small group answers 422)."""
    url = f"/api/v1/surveys/{office.survey_id}/results"
    plain = api_get(app, db, url, wave=office.wave_id, by="department").get_json()
    smuggled = api_get(
        app, db, url, wave=office.wave_id, by="department", filters="role:manager", department="Ops"
    ).get_json()
    assert smuggled["overall"] == plain["overall"]
    managers = api_get(app, db, url, wave=office.wave_id, by="department", filter="role:manager")
    assert managers.status_code == 422
    assert "small group" in managers.get_json()["error"]


def test_dashboard_refuses_the_wave_of_another_survey(analyst, db, office):
    other_survey = make_survey(db, name="Other")
    other_wave = make_wave(db, other_survey)
    for page in (*DASHBOARD_PAGES, "/dashboard/comments", "/dashboard/export/results.csv"):
        response = analyst.get(page, query_string={"survey": office.survey_id, "wave": other_wave})
        assert response.status_code in (400, 404), page
