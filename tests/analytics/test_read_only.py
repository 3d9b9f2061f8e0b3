"""Reading never writes: every dashboard page, export and API answer is served by a database
connection that refuses writes (`PRAGMA query_only`), once the waves were prepared the way a
submission, `tick` or `analytics-refresh` prepare them."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from flask import Flask, request

from feedback.analytics.background import preparer_for
from feedback.analytics.guard import get_release
from feedback.analytics.refresh import prepare_waves
from feedback.api.tokens import create_api_token
from feedback.db import get_db, open_database
from feedback.domain import SEGMENTS
from tests.analytics import builders
from tests.api.orgdata import build_org
from tests.conftest import make_user, sign_in
from tests.factories import invite, make_person, make_survey, make_wave
from tests.reliability.orgs import Answers, form_data

TABLES = ("results", "heatmap", "response-rates", "barrier-mix", "diagnosis")
PAGES = ("/", "/heatmap", "/matrix", "/managers", "/ambassadors", "/comments", "/actions")


@pytest.fixture
def read_only(app: Flask) -> dict[str, bool]:
    """Switch {"on": True} to serve every GET from a connection that refuses writes."""
    state = {"on": False}

    @app.before_request
    def refuse_writes() -> None:
        if state["on"] and request.method == "GET":
            get_db().execute("PRAGMA query_only = ON")

    return state


@pytest.fixture
def prepared_org(app: Flask):
    db = open_database(app)
    try:
        org = build_org(db, waves=2, barrier="motivation")
        prepare_waves(db)
        token = create_api_token(db, make_user(app, "admin@example.org", "admin").email)
        with db.conn:  # the token's day of use is recorded already (a GET writes nothing)
            db.execute("UPDATE api_tokens SET last_used_on = ?", [dt.date.today().isoformat()])
    finally:
        db.conn.close()
    make_user(app, "viewer@example.org", "viewer", ["Sales"])
    return org, token


def signed_in(app: Flask, email: str):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def dashboard_urls(org: dict) -> list[str]:
    out = []
    for wave in org["wave_ids"]:
        for by in ("department", "team"):
            args = f"survey={org['survey_id']}&wave={wave}&by={by}"
            out += [f"/dashboard{page}?{args}" for page in PAGES]
            out += [f"/dashboard/export/{t}.csv?{args}" for t in TABLES]
        out.append(f"/dashboard/matrix?survey={org['survey_id']}&wave={wave}&filter=role:employee")
    out.append(f"/dashboard/export/ambassadors-candidates.xlsx?survey={org['survey_id']}")
    return [*out, f"/dashboard/ambassadors.csv?survey={org['survey_id']}"]


def api_urls(org: dict) -> list[str]:
    survey = f"/api/v1/surveys/{org['survey_id']}"
    out = ["/api/v1/surveys", survey, f"{survey}/waves"]
    for wave in org["wave_ids"]:
        out += [f"{survey}/results?wave={wave}&by={by}" for by in SEGMENTS[:3]]
        out.append(f"{survey}/results?wave={wave}&by=team&filter=department:Sales")
    return out


def test_the_guard_really_refuses_writes(app, read_only, prepared_org):
    read_only["on"] = True
    with app.test_request_context("/healthz"):
        app.preprocess_request()
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            get_db().execute("DELETE FROM analytics_cache")


def test_every_page_export_and_api_answer_reads_only(app, read_only, prepared_org):
    org, token = prepared_org
    admin, viewer = signed_in(app, "admin@example.org"), signed_in(app, "viewer@example.org")
    read_only["on"] = True
    failed = []
    for client, urls in ((admin, dashboard_urls(org)), (viewer, dashboard_urls(org)[:20])):
        failed += [(u, r.status_code) for u in urls if (r := client.get(u)).status_code != 200]
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for url in api_urls(org):
        response = api.get(url, headers=headers)
        if response.status_code != 200:
            failed.append((url, response.status_code))
    for url in (f"/admin/waves/{org['wave_ids'][0]}", f"/admin/surveys/{org['survey_id']}"):
        if (response := admin.get(url)).status_code != 200:
            failed.append((url, response.status_code))
    assert not failed
    overview = admin.get(f"/dashboard/?survey={org['survey_id']}").get_data(as_text=True)
    assert 'data-figure="unclear"' in overview  # the share the scorer was unsure of


def test_a_wave_nothing_was_decided_for_is_shown_as_being_prepared(app, read_only, prepared_org):
    org, token = prepared_org
    db = open_database(app)
    try:  # answers stored without a submission's preparation (as if it had failed)
        wave = builders.wave(db, org["survey_id"], number=3, status="open")
        builders.group(db, wave, 8, builders.uniform(4), department="Sales")
    finally:
        db.conn.close()
    admin = signed_in(app, "admin@example.org")
    read_only["on"] = True
    page = admin.get(f"/dashboard/heatmap?survey={org['survey_id']}&wave={wave}")
    assert page.status_code == 200 and 'data-state="preparing"' in page.get_data(as_text=True)
    api = app.test_client().get(
        f"/api/v1/surveys/{org['survey_id']}/results?wave={wave}&by=department",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 503 and api.headers["Retry-After"]
    export = admin.get(f"/dashboard/export/results.csv?survey={org['survey_id']}&wave={wave}")
    assert export.status_code == 503
    read_only["on"] = False
    db = open_database(app)
    try:
        prepare_waves(db)  # what tick does
    finally:
        db.conn.close()
    read_only["on"] = True
    page = admin.get(f"/dashboard/heatmap?survey={org['survey_id']}&wave={wave}")
    assert page.status_code == 200 and "Sales" in page.get_data(as_text=True)


def test_a_submission_prepares_its_wave_for_the_pages(app, read_only):
    app.config["PREPARE_ON_SUBMIT"] = True  # as in production: in the background
    db = open_database(app)
    try:
        survey_id = make_survey(db, k_scores=5)
        wave_id = make_wave(db, survey_id)
        items = list(db.query("SELECT * FROM items WHERE survey_id = ?", [survey_id]))
        tokens = [invite(db, wave_id, make_person(db, department="Sales")) for _ in range(6)]
    finally:
        db.conn.close()
    for token in tokens:
        answered = app.test_client().post(f"/s/{token}?lang=en", data=form_data(items, Answers()))
        assert answered.status_code == 302
    assert preparer_for(app.config["DATABASE"]).wait_idle(60)  # prepared in the background
    db = open_database(app)
    try:
        released = get_release(db, wave_id)
        assert released.shows(None, ()) and released.snapshot >= 1
    finally:
        db.conn.close()
    read_only["on"] = True
    admin = signed_in_admin(app)
    page = admin.get(f"/dashboard/?survey={survey_id}&wave={wave_id}").get_data(as_text=True)
    assert 'data-state="preparing"' not in page


def signed_in_admin(app: Flask):
    make_user(app, "admin@example.org", "admin")
    return signed_in(app, "admin@example.org")
