"""A respondent on a phone: open the personal link, answer by tapping, send, and come back."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shoot, submit

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1,
}
STEP_UP = "A short video on posting in my team's group would help me."


def answer_every_question(page) -> int:
    """Tap the second-highest choice of every radio group; returns how many groups."""
    groups = page.locator(".answer-group")
    count = groups.count()
    for index in range(count):
        labels = groups.nth(index).locator("label")
        labels.nth(labels.count() - 2).click()
    return count


def test_respondent_answers_on_a_phone(open_page, live_server) -> None:
    opened = open_page(**PHONE)
    page, watch = opened.page, opened.watch
    link = live_server.link("nl")

    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Korte bevraging"
    assert page.get_by_text("Ik begrijp waarom onze organisatie Kompas invoert.").is_visible()

    page.locator("header").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Pulse survey"
    assert page.get_by_text("I understand why our organisation is introducing Kompas.").is_visible()

    groups = answer_every_question(page)
    assert groups >= 7, "one statement per readiness dimension and two 0-10 questions expected"
    assert page.locator(".answer-group input:checked").count() == groups
    page.get_by_label("What would take you one step higher?").fill(STEP_UP)
    shoot(page, "respond-form", full_page=True)

    submit(page, "Send", "/s/thanks")
    assert page.locator("h1").inner_text() == "Thank you!"
    assert page.get_by_text("Your answers are stored.").is_visible()
    shoot(page, "respond-thanks")
    assert not watch.problems(), watch.problems()

    watch.allow(409, link)
    response = page.goto(link)
    assert response.status == 409
    # The bare link speaks the person's roster language again.
    assert page.get_by_text("Je hebt deze ronde al beantwoord").is_visible()
    assert page.locator("form").count() == 0, "a used link must not offer the form again"
    shoot(page, "respond-already-answered")
    assert not watch.problems(), watch.problems()
