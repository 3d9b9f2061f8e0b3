"""The manager's pages fit a phone (390 px) and a laptop: nothing wider than the screen or
sticking out of the page column; the menu folds on a phone and opens with its button."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import LAPTOP, Opened, shoot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = {
    "/dashboard/": "overview",
    "/dashboard/heatmap": "heatmap",
    "/dashboard/matrix": "matrix",
    "/dashboard/managers": "managers",
    "/dashboard/ambassadors": "ambassadors",
    "/dashboard/comments": "comments",
    "/dashboard/actions": "actions",
    "/admin/surveys": "surveys",
    "/admin/roster": "roster",
    "/admin/users": "users",
}
LONG_LISTS = {"comments", "roster"}  # their phone screenshot shows the first screen only
# Elements wider than the page column, outside a sideways-scrolling table (or hidden text).
STICKING_OUT_JS = """() => {
  const column = document.querySelector('main').getBoundingClientRect();
  const found = [];
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('.table-responsive, .visually-hidden')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > column.right + 1) {
      const by = Math.round(box.right - column.right);
      found.push(`${el.tagName.toLowerCase()}.${el.className} by ${by}px`);
    }
  }
  return found.slice(0, 3);
}"""
PAGE_OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def admin_paths(opened: Opened, live_server) -> dict[str, str]:
    """A survey's page and one of its waves, found by following the links."""
    page = opened.page
    page.goto(live_server.url("/admin/surveys"))
    survey = page.locator("main table a[href^='/admin/surveys/']").first.get_attribute("href")
    page.goto(live_server.url(survey))
    wave = page.locator("main table a[href^='/admin/waves/']").first.get_attribute("href")
    return {urlsplit(survey).path: "survey", urlsplit(wave).path: "wave"}


def layout_problems(opened: Opened, url: str) -> list[str]:
    page = opened.page
    page.goto(url)
    page.wait_for_load_state()
    found = []
    overflow = page.evaluate(PAGE_OVERFLOW_JS)
    if overflow > 0:
        found.append(f"the page is {overflow}px wider than the screen")
    found += [f"sticks out: {e}" for e in page.evaluate(STICKING_OUT_JS)]
    return found


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("laptop", LAPTOP)])
def test_every_page_fits_the_screen(open_page, admin_state, live_server, size, viewport):
    opened = open_page(storage_state=admin_state, locale="en-GB", viewport=viewport)
    pages = {**PAGES, **admin_paths(opened, live_server)}
    problems = []
    for path, name in pages.items():
        found = layout_problems(opened, live_server.url(path))
        problems += [f"{size} {path}: {p}" for p in found]
        if size == "phone":
            shoot(opened.page, f"{name}-phone", full_page=name not in LONG_LISTS)
    assert not problems, "\n".join(problems)
    assert not opened.watch.problems(), opened.watch.problems()


def test_the_menu_folds_on_a_phone_and_opens_with_its_button(open_page, admin_state, live_server):
    opened = open_page(storage_state=admin_state, locale="en-GB", viewport=PHONE)
    page = opened.page
    page.goto(live_server.url("/dashboard/"))
    roster = page.locator("nav.navbar a.nav-link[href='/admin/roster']")
    assert not roster.is_visible()
    assert page.locator("nav.navbar button[name='lang'][value='nl']").is_visible()
    page.locator("nav.navbar .navbar-toggler").click()
    roster.wait_for(state="visible")
    with page.expect_navigation():
        roster.click()
    assert urlsplit(page.url).path == "/admin/roster"
    assert not opened.watch.problems(), opened.watch.problems()


def test_pages_carry_their_icon_so_the_browser_asks_for_no_other(open_page, live_server):
    """Inline (a data: URL), the icon needs no request; without one Chromium asks for
    /favicon.ico, which the app does not serve."""
    opened = open_page()
    page = opened.page
    page.goto(live_server.url("/login"))
    href = page.locator("link[rel='icon']").get_attribute("href")
    assert href.startswith("data:image/svg+xml,") and "%3Csvg" in href
    page.wait_for_timeout(500)
    assert not [u for u in opened.watch.routed if "favicon" in u], opened.watch.routed
    assert not opened.watch.problems(), opened.watch.problems()
