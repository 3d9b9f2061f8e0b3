"""A new change manager finds the demo's story without knowing it (issue 11).

The overview's "where to act first" names Financiën (motivation) and the newcomers
(knowledge) in the latest wave, and the Werkplaats (access) in an earlier one, with its
recovery after the logged action; each line leads to a table that gives the same verdict,
and where comments are released, to the comments behind it. Screenshots of the overview,
the matrix and the actions page, laptop and phone, in Dutch and English.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import LAPTOP, Opened, shoot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def listed(page) -> dict[str, str]:
    """'by:segment' -> verdict of every line of "where to act first"."""
    out = {}
    for item in page.locator("ul.attention li").all():
        group = item.get_attribute("data-group")
        out[group] = item.locator("[data-verdict]").first.get_attribute("data-verdict")
    return out


def test_where_to_act_first_tells_the_story_and_every_link_agrees(manager: Opened, live_server):
    page = manager.page
    page.goto(live_server.url("/dashboard/"))
    latest = listed(page)
    assert latest.get("department:Financiën") == "motivation", latest
    assert latest.get("tenure_band:< 6 months") == "knowledge", latest

    line = page.locator("ul.attention li", has_text="Financiën").first
    with page.expect_navigation():
        line.locator("a").first.click()  # the heatmap by department
    row = page.locator("#heatmap tbody tr", has=page.locator("th", has_text="Financiën"))
    assert row.locator("[data-verdict]").get_attribute("data-verdict") == "motivation"

    page.goto(live_server.url("/dashboard/"))
    line = page.locator("ul.attention li", has_text="Financiën").first
    with page.expect_navigation():
        line.get_by_role("link", name="Read their comments").click()
    assert page.locator(".list-group-item").count() > 0, "no comments behind the line"

    page.goto(live_server.url("/dashboard/"))
    first = page.get_by_label("Wave", exact=True).locator("option").first.get_attribute("value")
    page.goto(live_server.url(f"/dashboard/?wave={first}"))
    assert listed(page).get("location:Werkplaats") == "access", listed(page)

    page.goto(live_server.url("/dashboard/actions"))  # the loop: the actions the story logged
    text = page.locator("main").inner_text()
    for segment in ("Location: Werkplaats", "Department: Financiën", "Tenure: < 6 months"):
        assert segment in text, f"no action for {segment} on the actions page"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("size", "viewport"), [("laptop", LAPTOP), ("phone", PHONE)])
def test_screenshots_of_the_story_pages(
    open_page, admin_state, live_server, language, size, viewport
):
    opened = open_page(storage_state=admin_state, viewport=viewport, locale=language)
    page = opened.page
    for path, name in (
        ("/dashboard/", "overview"),
        ("/dashboard/matrix", "matrix"),
        ("/dashboard/actions", "actions"),
    ):
        page.goto(live_server.url(f"{path}?lang={language}"))
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("[data-verdict]").count() > 0, f"no diagnosis on {path}"
        shoot(page, f"story-{name}-{size}-{language}", full_page=size == "laptop")
