"""Response rates per wave and segment; groups below the wave's k are never shown."""

from __future__ import annotations

import datetime as dt
import re

from feedback.admin import waves
from feedback.admin.rates import segment_rates
from feedback.analytics.refresh import prepare
from feedback.waves import get_wave
from tests.factories import make_person, make_response, make_survey

TODAY = dt.date.today()


def respond(db, wave_id, department, count):
    for _ in range(count):
        make_response(db, wave_id, TODAY.isoformat(), department=department)


def wave_with(db, sizes: dict[str, int]) -> int:
    survey_id = make_survey(db)
    for department, n in sizes.items():
        for _ in range(n):
            make_person(db, department=department)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    waves.open_wave(db, wave_id, TODAY)
    return wave_id


def test_rates_per_department_hide_small_groups(db):
    wave_id = wave_with(db, {"Sales": 10, "IT": 8, "HR": 4, "Legal": 6})
    respond(db, wave_id, "Sales", 6)
    respond(db, wave_id, "IT", 5)
    respond(db, wave_id, "HR", 2)
    respond(db, wave_id, "Legal", 4)
    prepare(db, wave_id)  # as after the last submission, or by tick
    rows = {r["value"]: r for r in segment_rates(db, wave_id, "department", 5)}
    assert rows["Sales"] == {"value": "Sales", "invited": 10, "n": 6, "rate": 60}
    assert rows["IT"] == {"value": "IT", "invited": 8, "n": 5, "rate": 62}
    assert rows["HR"] == {"value": "HR", "suppressed": True}
    assert rows["Legal"] == {"value": "Legal", "suppressed": True}


def test_a_single_small_group_takes_a_neighbour_with_it(db):
    wave_id = wave_with(db, {"Sales": 10, "IT": 8, "HR": 4})
    respond(db, wave_id, "Sales", 9)
    respond(db, wave_id, "IT", 5)
    respond(db, wave_id, "HR", 2)
    prepare(db, wave_id)  # as after the last submission, or by tick
    rows = {r["value"]: r for r in segment_rates(db, wave_id, "department", 5)}
    assert rows["HR"].get("suppressed") and rows["IT"].get("suppressed")
    assert rows["Sales"]["n"] == 9


def test_the_wave_page_shows_too_few_to_show_and_no_small_count(admin_client, db):
    wave_id = wave_with(db, {"Sales": 10, "IT": 8, "HR": 4, "Legal": 6})
    respond(db, wave_id, "Sales", 6)
    respond(db, wave_id, "IT", 5)
    respond(db, wave_id, "HR", 2)
    respond(db, wave_id, "Legal", 4)
    prepare(db, wave_id)
    page = admin_client.get(f"/admin/waves/{wave_id}").get_data(as_text=True)
    assert "too few to show" in page
    hr_row = re.search(r"<td>HR</td>(.*?)</tr>", page, re.S).group(1)
    assert "too few to show" in hr_row
    assert not re.search(r">[^<]*\d[^<]*<", hr_row)
    assert re.search(r"<td>Sales</td>\s*<td class=\"text-end\">10</td>", page)


def test_the_threshold_is_the_waves_own(db):
    wave_id = wave_with(db, {"Sales": 10, "IT": 10})
    db.execute("UPDATE waves SET k_scores = 7")
    db.conn.commit()
    respond(db, wave_id, "Sales", 6)
    respond(db, wave_id, "IT", 8)
    wave = get_wave(db, wave_id)
    from feedback.admin.rates import all_segment_rates

    rows = all_segment_rates(db, wave)["department"]
    assert all(r.get("suppressed") for r in rows)
