"""You said, we did: a change manager publishes an action; an employee sees it at the top of
the next wave's form on a phone, on the thank-you page and on the survey's public page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import DEMO_ADMIN, LiveServer, Opened, shoot, submit
from tests.browser.test_respondent import PHONE, answer_every_question

pytestmark = pytest.mark.browser

TITLE = "Kompas-tip van de week in de nieuwsbrief"
NOTE_NL = "Jullie vroegen om voorbeelden: elke week staat er een Kompas-tip in de nieuwsbrief."
NOTE_EN = "You asked for examples: every week the newsletter carries a Kompas tip."


def unused_link(live_server: LiveServer) -> str:
    """A printed link no other browser test answers (they take the first of each language)."""
    firsts = {live_server.link(lang) for lang in ("nl", "en")}
    return next(url for _lang, url in live_server.links if url not in firsts)


def publish_for_everyone(manager, live_server: LiveServer) -> None:
    """Plan an action for the whole organisation and publish it with both notes."""
    page, watch = manager.page, manager.watch
    page.goto(live_server.url("/dashboard/actions"))
    form = page.locator("#new-action + form")
    form.locator("#segment_value").select_option(label="The whole organisation")
    form.get_by_label("Action").fill(TITLE)
    form.get_by_label("Owner").fill("Communicatie")
    form.get_by_label("Status").select_option(label="In progress")
    submit(page, "Save action", "/dashboard/actions")
    row = page.locator(f'input[name="title"][value="{TITLE}"]').locator(
        "xpath=ancestor::tr/following-sibling::tr[1]"
    )
    row.locator("summary").click()
    row.get_by_label("Note in Dutch").fill(NOTE_NL)
    row.get_by_label("Note in English").fill(NOTE_EN)
    with page.expect_navigation():
        row.get_by_role("button", name="Publish").click()
    assert page.get_by_text("The action is published for employees.").is_visible()
    assert row.get_by_text("Published for employees").is_visible()
    row.locator("summary").click()
    row.scroll_into_view_if_needed()
    shoot(page, "you-said-we-did-publish")
    assert not watch.problems(), watch.problems()


def signed_in_manager(open_page, live_server: LiveServer) -> Opened:
    """Its own sign-in: test_manager's sign-out ends every session of the demo admin, the
    shared `manager` fixture's too."""
    opened = open_page(locale="en-GB")
    opened.page.goto(live_server.url("/login"))
    opened.page.get_by_label("E-mail").fill(DEMO_ADMIN[0])
    opened.page.get_by_label("Password").fill(DEMO_ADMIN[1])
    submit(opened.page, "Sign in", "/dashboard/")
    return opened


def test_a_published_action_reaches_the_next_waves_respondent(
    open_page, live_server: LiveServer
) -> None:
    publish_for_everyone(signed_in_manager(open_page, live_server), live_server)

    opened = open_page(**PHONE, locale="en-GB")
    page, watch = opened.page, opened.watch
    page.goto(unused_link(live_server) + "?lang=en")
    block = page.locator("details#you-said")
    assert block.is_visible()
    summary = block.locator("summary").inner_text()
    assert summary.startswith("You said, we did (")
    assert not page.get_by_text(NOTE_EN).is_visible(), "folded on a phone until tapped"
    block.locator("summary").click()
    assert block.get_by_text(NOTE_EN).is_visible()
    assert block.get_by_text("In progress").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], f"the page scrolls sideways ({width} px)"
    shoot(page, "you-said-we-did-form-phone")

    answer_every_question(page)
    submit(page, "Send", "/s/thanks")
    thanks = page.locator("#you-said")
    assert thanks.get_by_text(NOTE_EN).is_visible()
    shoot(page, "you-said-we-did-thanks-phone", full_page=True)

    with page.expect_navigation():
        thanks.get_by_role("link", name="All updates").click()
    assert urlsplit(page.url).path.startswith("/updates/")
    assert page.locator("h1").inner_text() == "You said, we did"
    assert page.get_by_text(NOTE_EN).is_visible()
    shoot(page, "you-said-we-did-en")
    page.locator("header").get_by_role("link", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Jij zei, wij deden"
    assert page.get_by_text(NOTE_NL).is_visible()
    shoot(page, "you-said-we-did-nl")
    assert not watch.problems(), watch.problems()
