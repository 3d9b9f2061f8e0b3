"""CSV and XLSX of every dashboard table: a group of 3 never appears with figures, and the
visible groups never leave it as total minus the rest."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from feedback.dashboard.explorer.headers import HEADERS, column_label
from tests.api.orgdata import build_org
from tests.conftest import make_user, sign_in

TABLES = (
    "results",
    "heatmap",
    "response-rates",
    "barrier-mix",
    "diagnosis",
    "ambassadors-candidates",
)
BREAKDOWNS = ("results", "heatmap", "barrier-mix", "diagnosis", "ambassadors-candidates")


@pytest.fixture
def org(db):
    return build_org(db, waves=2)  # Sales 12, Support 11, Tiny 3 (answers 1 and 0); k 5


def download(client, org, table, fmt, **args) -> tuple[int, list[dict]]:
    query = {"survey": org["survey_id"], "wave": org["wave_ids"][-1], "by": "department", **args}
    response = client.get(f"/dashboard/export/{table}.{fmt}", query_string=query)
    if response.status_code != 200:
        return response.status_code, []
    if fmt == "csv":
        assert response.mimetype == "text/csv"
        return 200, list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    sheet = load_workbook(io.BytesIO(response.data)).active
    labels, *body = list(sheet.iter_rows(values_only=True))
    with client.application.test_request_context():  # the reader's headers, back to keys
        keys = {column_label(key): key for key in HEADERS}
    assert all(label in keys for label in labels), labels  # every column has a human header
    header = [keys[label] for label in labels]
    as_text = [
        {h: "" if v is None else str(v) for h, v in zip(header, row, strict=True)} for row in body
    ]
    return 200, as_text


def figures_of(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("segment", "department", "suppressed")}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("table", BREAKDOWNS)
def test_breakdowns_hide_the_small_group_and_its_complement(admin_client, org, table, fmt):
    status, rows = download(admin_client, org, table, fmt)
    assert status == 200
    groups = {r["segment"]: r for r in rows if r["segment"] != "all"}
    assert set(groups) == {"Sales", "Support", "Tiny"}
    hidden = [name for name, r in groups.items() if r["suppressed"] == "yes"]
    assert "Tiny" in hidden and len(hidden) >= 2
    for name in hidden:
        assert all(v == "" for v in figures_of(groups[name]).values()), name
    for row in rows:
        if row["suppressed"] != "yes":
            assert row.get("scaling") != "0.0" and row.get("dimensions.desire") != "1.0"
    overall = next((r for r in rows if r["segment"] == "all"), None)
    if overall and overall.get("n"):
        visible = sum(int(r["n"]) for r in groups.values() if r.get("n"))
        assert int(overall["n"]) - visible >= 5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_response_rates_per_wave(admin_client, org, fmt):
    status, rows = download(admin_client, org, "response-rates", fmt)
    assert status == 200
    assert [r["number"] for r in rows] == ["1", "2"]
    assert [r["responded"] for r in rows] == ["26", "26"]


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("department", ["Tiny", "Support"])
def test_a_filter_on_the_small_group_or_its_complement_is_refused(
    admin_client, org, table, department
):
    status, _rows = download(admin_client, org, table, "csv", filter=f"department:{department}")
    assert status == 422


def test_a_filter_on_a_large_group_is_allowed(admin_client, org):
    status, rows = download(
        admin_client, org, "results", "csv", filter="department:Sales", by="team"
    )
    assert status == 200
    assert {r["segment"] for r in rows} == {"all", "Sales-A", "Sales-B"}


def test_viewer_exports_only_their_departments(app, org):
    make_user(app, "sales@example.org", "viewer", ["Sales"])
    client = app.test_client()
    sign_in(client, "sales@example.org")
    status, rows = download(client, org, "results", "csv")
    assert status == 200
    assert [r["segment"] for r in rows] == ["all", "Sales"]
    assert rows[0]["n"] == "12"


@pytest.mark.parametrize("path", ["/dashboard/export/people.csv", "/dashboard/export/results.pdf"])
def test_unknown_table_or_format_is_404(admin_client, org, path):
    assert admin_client.get(path).status_code == 404


def test_exports_need_sign_in(client, org):
    response = client.get("/dashboard/export/results.csv")
    assert response.status_code in (302, 401)


def test_the_diagnosis_export_gives_the_verdicts_the_api_gives(admin_client, org, db):
    from feedback.analytics.query import Query
    from feedback.analytics.results import results

    status, rows = download(admin_client, org, "diagnosis", "csv")
    assert status == 200
    truth = results(db, Query.make(org["survey_id"], org["wave_ids"][-1], "department"))
    expected = {g["segment"]: g["diagnosis"]["verdict"] for g in truth["groups"] if "n" in g}
    assert expected and {r["segment"]: r["verdict"] for r in rows if r["verdict"]} == {
        "all": truth["overall"]["diagnosis"]["verdict"],
        **expected,
    }


@pytest.mark.parametrize(
    "page", ["/dashboard/", "/dashboard/heatmap", "/dashboard/matrix", "/dashboard/ambassadors"]
)
def test_every_dashboard_page_offers_its_tables_for_download(admin_client, org, page):
    html = admin_client.get(page, query_string={"survey": org["survey_id"]}).get_data(as_text=True)
    links = [line for line in html.split('href="') if line.startswith("/dashboard/export/")]
    assert links and all(".csv" in link or ".xlsx" in link for link in links)
    for link in links:
        url = link.split('"', 1)[0].replace("&amp;", "&")
        assert admin_client.get(url).status_code == 200, url


def test_spreadsheets_carry_headers_people_read_in_their_language(admin_client, org):
    query = {"survey": org["survey_id"], "by": "department", "lang": "nl"}
    response = admin_client.get("/dashboard/export/heatmap.xlsx", query_string=query)
    header = next(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert "Respondenten" in header and "Gereedheidsindex (0–100)" in header, header
    assert not any("." in str(h) for h in header), header  # no dotted keys
