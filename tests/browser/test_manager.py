"""A change manager on a laptop clicks through every page the navigation offers."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import BIN, PROJECT_ROOT, DemoLoad, Opened, shoot, submit

pytestmark = pytest.mark.browser

NAV = "nav.navbar a.nav-link"
TABS = ".dash-tabs a.nav-link"
# Pages the navigation must reach (path -> screenshot name); more links are visited too.
EXPECTED = {
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
FULL_PAGE = {"overview", "heatmap", "matrix", "managers"}
# An inline chart is named by aria-label, by aria-labelledby pointing at text, or by <title>.
CHART_NAME_JS = """svg => {
  const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const byIds = ids.map(id => document.getElementById(id))
                   .filter(Boolean).map(e => e.textContent).join(' ');
  const title = svg.querySelector(':scope > title');
  return [(svg.getAttribute('aria-label') || ''), byIds, title ? title.textContent : '']
    .join(' ').trim();
}"""


def screenshot_name(path: str) -> str:
    return EXPECTED.get(path) or path.strip("/").split("/")[-1] or "home"


def links(page, selector: str) -> list[str]:
    """Paths of the links under `selector`, in page order, without repeats."""
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    paths: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path
        if path and path not in paths:
            paths.append(path)
    return paths


def page_problems(opened: Opened) -> list[str]:
    """What is wrong with the page now open: status, heading, unnamed charts, watch records."""
    page, watch = opened.page, opened.watch
    found = [f"document {d.status}" for d in watch.documents if d.status != 200]
    if page.locator("h1").count() != 1 or not page.locator("h1").inner_text().strip():
        found.append("no single, non-empty <h1>")
    for index, svg in enumerate(page.locator("main svg:not([aria-hidden='true'])").all()):
        if not svg.evaluate(CHART_NAME_JS):
            found.append(f"chart #{index} has no accessible name (title or aria-label)")
    return found + watch.problems()


def visit(opened: Opened, selector: str, path: str) -> list[str]:
    """Click the link to `path` under `selector` as a user would; the page's problems."""
    page = opened.page
    opened.watch.clear()
    link = next(
        a
        for a in page.locator(selector).all()
        if urlsplit(a.get_attribute("href") or "").path == path
    )
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == path, f"clicked towards {path}, landed on {page.url}"
    name = screenshot_name(path)
    shoot(page, name, full_page=name in FULL_PAGE)
    return [f"{path}: {problem}" for problem in page_problems(opened)]


def test_navigation_reaches_every_page_and_each_is_sound(manager: Opened, live_server) -> None:
    page = manager.page
    page.goto(live_server.url("/dashboard/"))
    nav, tabs = links(page, NAV), links(page, TABS)
    missing = set(EXPECTED) - set(nav) - set(tabs)
    assert not missing, f"no navigation link to {sorted(missing)}"

    problems: list[str] = []
    for path in nav:
        problems += visit(manager, NAV, path)
    page.goto(live_server.url("/dashboard/"))
    for path in tabs:
        problems += visit(manager, TABS, path)
    assert not problems, "\n".join([*problems, "server log:", live_server.log_tail()])


def test_admin_pages_open_from_their_lists(manager: Opened, live_server) -> None:
    """Survey, wave, question and account pages, reached by clicking links in the content."""
    page = manager.page
    page.goto(live_server.url("/admin/surveys"))
    steps = [
        ("main table a[href^='/admin/surveys/']", "survey"),
        ("main table a[href^='/admin/waves/']", "wave"),
        ("main a[href^='/admin/surveys/']", "survey"),
        ("main a[href^='/admin/items/']", "item"),
    ]
    problems: list[str] = []
    for selector, name in steps:
        manager.watch.clear()
        with page.expect_navigation():
            page.locator(selector).first.click()
        page.wait_for_load_state()
        shoot(page, name)
        problems += [f"{name} ({page.url}): {p}" for p in page_problems(manager)]
    manager.watch.clear()
    with page.expect_navigation():
        page.locator("nav.navbar a[href='/account']").click()
    shoot(page, "account")
    problems += [f"account: {p}" for p in page_problems(manager)]
    assert not problems, "\n".join([*problems, "server log:", live_server.log_tail()])


def test_charts_carry_accessible_text(manager: Opened, live_server) -> None:
    page = manager.page
    names = []
    for path in ("/dashboard/", "/dashboard/matrix", "/dashboard/managers"):
        page.goto(live_server.url(path))
        charts = page.locator("main svg:not([aria-hidden='true'])").all()
        assert charts, f"{path} shows no chart"
        names += [svg.evaluate(CHART_NAME_JS) for svg in charts]
    assert all(names), names
    assert any("Readiness index" in n for n in names), names
    assert any("Readiness matrix" in n for n in names), names


@pytest.fixture
def dutch_manager(manager: Opened, live_server) -> Iterator[Opened]:
    """The switcher is a per-user setting: give the shared demo admin English back after."""
    yield manager
    manager.page.goto(live_server.url("/dashboard/"))
    with manager.page.expect_navigation():
        manager.page.locator("nav.navbar button[name='lang'][value='en']").click()


def test_ui_switches_to_dutch(dutch_manager: Opened, live_server) -> None:
    manager = dutch_manager
    page = manager.page
    page.goto(live_server.url("/dashboard/"))
    assert page.locator("h1").inner_text() == "Overview"
    with page.expect_navigation():
        page.locator("nav.navbar button[name='lang'][value='nl']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Overzicht"
    assert page.locator(NAV).filter(has_text="Opmerkingen").count() == 1
    assert page.get_by_text("Drempelpunt van de organisatie").is_visible()
    shoot(page, "overview-nl")

    page.locator(TABS).filter(has_text="Heatmap").click()
    page.wait_for_load_state()
    headers = page.locator("#heatmap thead th").all_inner_texts()
    assert {"Afdeling", "Bewustzijn", "Willen", "Kunnen"} <= set(headers), headers
    assert not manager.watch.problems(), manager.watch.problems()


UI_TEXT = "main h1, main h2, main h3, main thead th, main label, main button, main legend"


def ui_strings(page) -> list[str]:
    """The interface's own words on the page (headings, column heads, labels, buttons)."""
    texts = (t.strip() for t in page.locator(UI_TEXT).all_inner_texts())
    return [t for t in texts if re.search(r"[A-Za-z]{3}", t)]


def test_every_page_speaks_dutch(dutch_manager: Opened, live_server) -> None:
    """At least two thirds of each page's interface words change when the UI turns Dutch."""
    page = dutch_manager.page
    untranslated = {}
    for path in EXPECTED:
        page.goto(live_server.url(path + "?lang=en"))
        english = ui_strings(page)
        page.goto(live_server.url(path + "?lang=nl"))
        assert page.locator("html").get_attribute("lang") == "nl", path
        dutch = ui_strings(page)
        same = sorted({t for t in dutch if t in english})
        if not dutch or len(same) > len(set(dutch)) / 3:
            untranslated[path] = same
    assert not untranslated, f"pages still mostly in English in Dutch: {untranslated}"


def test_sign_in_and_out(open_page, live_server, demo_load: DemoLoad) -> None:
    """Its own account: signing out ends every session of the user who signs out, so signing
    out as the demo admin would end the session the other tests share."""
    email, password = "leaving@goesting.demo", "a-password-of-our-own"
    created = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "create-user", email, "--role", "admin"]
        + ["--password-stdin"],
        input=password + "\n",
        cwd=PROJECT_ROOT,
        env=demo_load.env,
        capture_output=True,
        text=True,
    )
    assert created.returncode == 0, created.stdout + created.stderr
    opened = open_page()
    page = opened.page
    page.goto(live_server.url("/dashboard/"))
    assert urlsplit(page.url).path == "/login", "the dashboard needs a signed-in user"
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    submit(page, "Sign in", "/dashboard/")
    with page.expect_navigation():
        page.locator("nav.navbar form[action='/logout'] button").click()
    page.goto(live_server.url("/dashboard/"))
    assert urlsplit(page.url).path == "/login", "still signed in after signing out"
    assert not opened.watch.problems(), opened.watch.problems()
