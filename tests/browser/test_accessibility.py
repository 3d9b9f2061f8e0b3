"""axe-core (served from the axe-playwright-python package, never a CDN) on the pages people
meet: the respondent form on a phone and a laptop in Dutch and English, the thank-you page,
the open link's department picker, the about page, sign-in and the dashboard overview. Serious
and critical violations fail; so does any horizontal scrolling. The laptop run also fills the
form as a person would and sends it."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from tests.browser.conftest import shoot, submit
from tests.browser.test_layout import PAGE_OVERFLOW_JS
from tests.browser.test_open_link import open_link_url
from tests.browser.test_phone_pulse import fresh_link

pytestmark = pytest.mark.browser

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
SIZES = {"phone": PHONE, "laptop": LAPTOP}
LOCALES = {"nl": "nl-BE", "en": "en-GB"}
BLOCKING = ("serious", "critical")


def violations(page) -> list[str]:
    """Serious and critical axe-core violations on the page, one line per element."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {node['target']}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def scrolls_sideways(page) -> int:
    return page.evaluate(PAGE_OVERFLOW_JS)


def checked_page(page) -> None:
    assert violations(page) == []
    assert scrolls_sideways(page) <= 0, f"{scrolls_sideways(page)}px of horizontal scrolling"


def opener(open_page, size: str, language: str, **options):
    # axe is injected as a script of its own; the app's CSP (script-src 'self') would refuse it.
    return open_page(**SIZES[size], locale=LOCALES[language], bypass_csp=True, **options)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_form_and_the_thank_you_page(open_page, live_server, demo_load, size, language):
    opened = opener(open_page, size, language)
    page, watch = opened.page, opened.watch
    page.goto(fresh_link(live_server, demo_load, language))
    assert page.locator("html").get_attribute("lang") == language
    checked_page(page)
    for group in page.locator(".answer-group.segmented").all():
        group.locator("label").nth(3).click()
    page.locator("textarea").first.fill("Een korte opleiding." if language == "nl" else "A demo.")
    checked_page(page)
    if size == "laptop":
        # The visible part only: after a full-page shot at this size, Chromium's next click on
        # Send focused the button without submitting (the layout moved under the pointer).
        shoot(page, f"respond-laptop-{language}")
    submit(page, "Versturen" if language == "nl" else "Send", "/s/thanks")
    checked_page(page)
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_open_link_department_picker(open_page, live_server, demo_load, size):
    opened = opener(open_page, size, "nl")
    page = opened.page
    page.goto(open_link_url(live_server, demo_load, "a11y"))
    assert page.get_by_role("group", name="Op welke afdeling werk je?").is_visible()
    checked_page(page)
    assert not opened.watch.problems(), opened.watch.problems()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", ["/about", "/login"])
def test_the_public_pages(open_page, live_server, path, language):
    opened = opener(open_page, "phone", language)
    opened.page.goto(live_server.url(f"{path}?lang={language}"))
    checked_page(opened.page)
    opened.page.set_viewport_size(LAPTOP["viewport"])
    checked_page(opened.page)


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_dashboard_overview(open_page, admin_state, live_server, size):
    opened = opener(open_page, size, "en", storage_state=admin_state)
    opened.page.goto(live_server.url("/dashboard/"))
    checked_page(opened.page)
    assert not opened.watch.problems(), opened.watch.problems()
