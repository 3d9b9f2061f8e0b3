"""Open links in a browser: an admin makes one for a location and downloads its poster; a
respondent on a phone opens it, picks a department, answers, and cannot answer twice from the
same browser; the shared device keeps no draft."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from feedback.openlinks.links import create_link
from tests.browser.conftest import DEMO_ADMIN, shoot, submit
from tests.browser.test_layout import PAGE_OVERFLOW_JS

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def open_wave_and_locations(db) -> tuple[int, list[str]]:
    wave_id = db.execute("SELECT id FROM waves WHERE status = 'open' ORDER BY id").fetchone()[0]
    locations = [r[0] for r in db.execute("SELECT DISTINCT location FROM people ORDER BY 1")]
    return wave_id, locations


_made: dict[str, str] = {}


def open_link_url(live_server, demo_load, purpose: str) -> str:
    """An open link of the demo's open wave, one location per purpose (made once)."""
    if purpose not in _made:
        db = sqlite_utils.Database(demo_load.env["FEEDBACK_DATABASE"])
        try:
            wave_id, locations = open_wave_and_locations(db)
            taken = {
                r[0]
                for r in db.execute("SELECT location FROM open_links WHERE wave_id = ?", [wave_id])
            }
            location = next(loc for loc in locations if loc not in taken)
            _link_id, key = create_link(db, wave_id, location, all_departments=False)
        finally:
            db.conn.close()
        _made[purpose] = live_server.url(f"/o/{key}")
    return _made[purpose]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_colleague_on_the_floor_answers_once(open_page, live_server, demo_load, language):
    opened = open_page(**PHONE, locale="nl-BE" if language == "nl" else "en-GB")
    page, watch = opened.page, opened.watch
    url = open_link_url(live_server, demo_load, f"floor-{language}")
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate(PAGE_OVERFLOW_JS) <= 0
    assert not page.locator("#draft-note").is_visible(), "a shared device keeps no draft"
    picker = page.locator("#department-card")
    options = picker.locator("input[type=radio]")
    assert options.count() >= 1
    picker.locator("label").first.click()
    for group in page.locator(".answer-group.segmented").all():
        group.locator("label").nth(4).click()
    total = page.locator("[data-question]").count()
    answered = "{n} van {total} beantwoord" if language == "nl" else "{n} of {total} answered"
    assert page.locator("#progress").inner_text() == answered.format(n=total - 2, total=total), (
        "the department counts as a question; the two text questions are left open"
    )
    shoot(page, f"open-link-phone-{language}", full_page=True)
    drafts = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('goesting-draft:'))"
    )
    assert drafts == []
    submit(page, "Versturen" if language == "nl" else "Send", "/s/thanks")
    watch.allow(409, url)
    page.goto(url)
    again = "al een antwoord" if language == "nl" else "already sent from this browser"
    assert page.get_by_text(again).is_visible()
    assert not watch.problems(), watch.problems()


def test_an_admin_makes_an_open_link_and_prints_its_poster(open_page, live_server, demo_load):
    """Its own sign-in (after tests/browser/test_manager.py the shared session is gone, seen
    in a full run), driven by structure, not words: the admin's language may be switched."""
    opened = open_page(locale="en-GB")
    page, watch = opened.page, opened.watch
    page.goto(live_server.url("/login"))
    page.locator("#email").fill(DEMO_ADMIN[0])
    page.locator("#password").fill(DEMO_ADMIN[1])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    db = sqlite_utils.Database(demo_load.env["FEEDBACK_DATABASE"])
    try:
        wave_id, locations = open_wave_and_locations(db)
    finally:
        db.conn.close()
    page.goto(live_server.url(f"/admin/waves/{wave_id}"))
    section = page.locator(f"main a[href='/admin/waves/{wave_id}/open-links']")
    assert section.count() == 1, f"{page.url}:\n{page.locator('body').inner_text()[:800]}"
    with page.expect_navigation():
        page.locator(f"main a[href='/admin/waves/{wave_id}/open-links']").click()
    page.locator("#location").select_option(locations[-1])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    url = page.locator("code.open-link-url").inner_text()
    assert url.startswith(live_server.url("/o/"))
    assert page.locator(".poster-preview svg").is_visible()
    shoot(page, "open-link-admin")
    with page.expect_download() as download:
        page.locator("form[action$='/poster.pdf'] button").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes()[:8] == b"%PDF-1.4"
    # A response that becomes a download ends its navigation as "aborted": no failure.
    watch.failed[:] = [f for f in watch.failed if "/poster.pdf: net::ERR_ABORTED" not in f]
    assert not watch.problems(), watch.problems()
