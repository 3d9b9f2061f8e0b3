"""Open-link answers have no invitation: rates count invited answers only and never pass
100 %, and the split into open-link and invited answers is shown only for parts of 0 or >= k."""

from __future__ import annotations

import csv
import datetime as dt
import io

from feedback.admin import waves
from feedback.admin.rates import segment_rates, wave_totals
from feedback.analytics.refresh import prepare
from feedback.openlinks.links import create_link, find_link
from feedback.openlinks.store import submit_open_answer
from feedback.respond.service import Submission
from tests.factories import make_person, make_survey

TODAY = dt.date.today()


def respond(db, wave_id: int, count: int, open_link: bool, ready: bool = True) -> None:
    """`count` answers, then (when `ready`) the wave prepared as a submission would: rates
    count released answers, and a later small batch would wait for its snapshot."""
    with db.conn:
        for _ in range(count):
            db.table("responses").insert(
                {
                    "wave_id": wave_id,
                    "submitted_on": TODAY.isoformat(),
                    "department": "Sales",
                    "team": "unknown" if open_link else "T",
                    "location": "Gent",
                    "role": "unknown" if open_link else "employee",
                    "tenure_band": "unknown",
                    "language": "nl",
                    "open_link": int(open_link),
                }
            )
    if ready:
        prepare(db, wave_id)


def wave_of(db, invited: int) -> int:
    survey_id = make_survey(db)
    for _ in range(invited):
        make_person(db, department="Sales", location="Gent")
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    waves.open_wave(db, wave_id, TODAY)
    return wave_id


def test_open_answers_do_not_push_the_rate_past_100(db):
    wave_id = wave_of(db, 6)
    respond(db, wave_id, 6, open_link=False, ready=False)
    respond(db, wave_id, 10, open_link=True)
    totals = wave_totals(db, wave_id)
    assert (totals["n"], totals["open"], totals["rate"]) == (16, 10, 100)
    [sales] = segment_rates(db, wave_id, "department", 5)
    assert (sales["n"], sales["invited"], sales["rate"]) == (16, 6, 100)


def test_a_small_split_shows_neither_the_split_nor_the_rate(db):
    wave_id = wave_of(db, 10)
    respond(db, wave_id, 8, open_link=False, ready=False)
    respond(db, wave_id, 2, open_link=True)
    totals = wave_totals(db, wave_id)
    assert (totals["n"], totals["open"], totals["rate"]) == (10, None, None)
    [sales] = segment_rates(db, wave_id, "department", 5)
    assert sales["rate"] is None


def test_without_open_answers_rates_are_as_before(db):
    wave_id = wave_of(db, 10)
    respond(db, wave_id, 6, open_link=False)
    assert wave_totals(db, wave_id)["open"] == 0
    assert wave_totals(db, wave_id)["rate"] == 60


def test_the_wave_page_shows_the_open_answers_apart(admin_client, db):
    wave_id = wave_of(db, 6)
    respond(db, wave_id, 6, open_link=False)
    link_id, key = create_link(db, wave_id, "Gent", all_departments=False)
    link = find_link(db, key)
    for n in range(5):
        submit_open_answer(db, link, "Sales", "nl", Submission(), f"voter{n}")
    prepare(db, wave_id)
    page = admin_client.get(f"/admin/waves/{wave_id}?lang=en").get_data(as_text=True)
    assert 'of which through open links (no invitation)</th><td class="text-end">5' in page
    listing = admin_client.get(f"/admin/waves/{wave_id}/open-links?lang=en")
    assert "<strong>5</strong>" in listing.get_data(as_text=True)


def overview_rates(client, db, wave_id: int) -> dict[str, str]:
    """The dashboards' response-rate export of the wave (the overview's trend)."""
    survey_id = db.table("waves").get(wave_id)["survey_id"]
    response = client.get(
        "/dashboard/export/response-rates.csv", query_string={"survey": survey_id, "wave": wave_id}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    return row


def test_the_overview_rate_counts_invited_answers_only(admin_client, db):
    wave_id = wave_of(db, 10)
    respond(db, wave_id, 6, open_link=False, ready=False)
    respond(db, wave_id, 5, open_link=True)
    row = overview_rates(admin_client, db, wave_id)
    assert (row["invited"], row["responded"], row["response_rate"]) == ("10", "11", "60.0")


def test_the_overview_shows_no_rate_when_the_split_would_name_a_small_group(admin_client, db):
    wave_id = wave_of(db, 10)
    respond(db, wave_id, 8, open_link=False, ready=False)
    respond(db, wave_id, 2, open_link=True)
    row = overview_rates(admin_client, db, wave_id)
    assert (row["responded"], row["response_rate"]) == ("10", "")
