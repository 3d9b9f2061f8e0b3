"""A hurried employee on a phone (390x844), in Dutch and in English: open the personal link,
tap the segmented choices, switch language half-way and find the answers kept, see the progress
and the character counter, send. Every tap is counted: at most 15 for the demo's wave of six
statements and two 0-10 questions, all within a minute."""

from __future__ import annotations

import time

import pytest
import sqlite_utils

from feedback.invitations import reissue_token
from feedback.tokens import hash_token
from tests.browser.conftest import shoot, submit
from tests.browser.test_layout import PAGE_OVERFLOW_JS, STICKING_OUT_JS
from tests.browser.test_respondent import PHONE

pytestmark = pytest.mark.browser


WORDS = {
    "nl": {
        "switch": "Nederlands",
        "progress": "{n} van {total} beantwoord",
        "counter": "{n} van hoogstens 2000 tekens",
        "over": "2001 tekens: maak dit korter, tot hoogstens 2000.",
        "optional": "(optioneel)",
        "disagree": "Helemaal oneens",
        "agree": "Helemaal eens",
        "send": "Versturen",
        "thanks": "Cijfers worden alleen getoond voor groepen van minstens",
    },
    "en": {
        "switch": "English",
        "progress": "{n} of {total} answered",
        "counter": "{n} of at most 2000 characters",
        "over": "2001 characters: please shorten this to at most 2000.",
        "optional": "(optional)",
        "disagree": "Strongly disagree",
        "agree": "Strongly agree",
        "send": "Send",
        "thanks": "Figures are shown only for groups of at least",
    },
}
STEP_UP = {
    "nl": "Een korte video over posten in de groep van mijn team.",
    "en": "A short video on posting in my team's group.",
}
MAX_TAPS = 15
MAX_SECONDS = 60


def fresh_link(live_server, demo_load, language: str) -> str:
    """A new link for an unused invitation in the open wave, not one the demo printed (other
    tests use those)."""
    db = sqlite_utils.Database(demo_load.env["FEEDBACK_DATABASE"])
    try:
        printed = {hash_token(url.rsplit("/", 1)[1]) for _, url in live_server.links}
        rows = db.execute(
            """SELECT i.id, i.token_hash FROM invitations i
               JOIN people p ON p.id = i.person_id JOIN waves w ON w.id = i.wave_id
               WHERE w.status = 'open' AND i.used = 0 AND p.language = ?
               ORDER BY i.id DESC""",
            [language],
        ).fetchall()
        invitation_id = next(i for i, token_hash in rows if token_hash not in printed)
        return live_server.url(f"/s/{reissue_token(db, invitation_id)}")
    finally:
        db.conn.close()


class Taps:
    """Clicks as a person's taps, counted."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:
        self.count += 1
        locator.click()


def checked(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries(Array.from(
             document.querySelectorAll('.answer-group input:checked'), i => [i.name, i.value]))"""
    )


def fits_the_screen(page) -> list[str]:
    found = [f"sticks out: {e}" for e in page.evaluate(STICKING_OUT_JS)]
    overflow = page.evaluate(PAGE_OVERFLOW_JS)
    return found + ([f"{overflow}px wider than the screen"] if overflow > 0 else [])


@pytest.mark.parametrize(("first", "then"), [("nl", "en"), ("en", "nl")])
def test_a_pulse_on_a_phone_in_a_minute(open_page, live_server, demo_load, first, then) -> None:
    link = fresh_link(live_server, demo_load, first)
    opened = open_page(**PHONE, locale="nl-BE" if first == "nl" else "en-GB")
    page, watch = opened.page, opened.watch
    tap = Taps()
    started = time.monotonic()

    page.goto(link)
    assert page.locator("html").get_attribute("lang") == first
    assert not fits_the_screen(page), fits_the_screen(page)
    groups = page.locator(".answer-group.segmented")
    questions = page.locator("[data-question]")
    rated, total = groups.count(), questions.count()
    assert rated == 8, "the demo's wave asks six statements and two 0-10 questions"
    assert total == rated + 2
    words = WORDS[first]
    progress = page.locator("#progress")
    assert progress.inner_text() == words["progress"].format(n=0, total=total)
    first_card = groups.first
    assert first_card.get_by_text(words["disagree"], exact=True).first.is_visible()
    assert first_card.locator("label").count() == 5
    assert page.locator("label", has_text=words["optional"]).count() >= 1
    assert page.locator("#draft-note").is_visible()

    # Half the questions in the first language (the fourth segment: "agree", or 3 on 0-10).
    for index in range(4):
        tap(groups.nth(index).locator("label").nth(3))
    assert progress.inner_text() == words["progress"].format(n=4, total=total)
    step_up = page.locator("textarea").first
    tap(step_up)
    step_up.press_sequentially(STEP_UP[first][:10])
    step_up.type(STEP_UP[first][10:])
    counter = page.locator(".char-count").first
    assert counter.inner_text() == words["counter"].format(n=len(STEP_UP[first]))
    before = checked(page)
    assert len(before) == 4

    # Switch language: a new page in the other language, with every answer kept.
    with page.expect_navigation():
        tap(page.locator("header").get_by_role("link", name=WORDS[then]["switch"]))
    words = WORDS[then]
    assert page.locator("html").get_attribute("lang") == then
    assert checked(page) == before
    assert page.locator("textarea").first.input_value() == STEP_UP[first]
    assert progress.inner_text() == words["progress"].format(n=5, total=total)
    assert counter.inner_text() == words["counter"].format(n=len(STEP_UP[first]))

    # The counter warns past the server's limit, and the draft survives a reload too.
    comment = page.locator("textarea").nth(1)
    comment_counter = page.locator(".char-count").nth(1)
    comment.fill("\U0001f605" * 2000)  # the server counts characters, not UTF-16 units
    assert comment_counter.inner_text() == words["counter"].format(n=2000)
    comment.fill("\U0001f605" * 2001)
    assert comment_counter.inner_text() == words["over"]
    comment.fill("")
    for index in range(4, rated):
        tap(groups.nth(index).locator("label").nth(3))
    assert progress.inner_text() == words["progress"].format(n=rated + 1, total=total)
    page.reload()
    assert len(checked(page)) == rated
    assert not fits_the_screen(page), fits_the_screen(page)
    shoot(page, f"respond-phone-{then}", full_page=True)

    tap.count += 1  # the Send button, pressed by submit()
    submit(page, words["send"], "/s/thanks")
    elapsed = time.monotonic() - started
    assert page.get_by_text(words["thanks"]).is_visible()
    assert page.locator("main a[href='/about']").is_visible()
    page.wait_for_load_state("load")
    drafts = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('goesting-draft:'))"
    )
    assert drafts == [], "the draft must go once the answers are stored"
    shoot(page, f"respond-thanks-{then}")

    assert tap.count <= MAX_TAPS, f"{tap.count} taps"
    assert elapsed < MAX_SECONDS, f"{elapsed:.1f} s"
    assert not watch.problems(), watch.problems()


def test_the_form_works_on_a_phone_without_javascript(open_page, live_server, demo_load) -> None:
    link = fresh_link(live_server, demo_load, "en")
    opened = open_page(**PHONE, locale="en-GB", java_script_enabled=False)
    page, watch = opened.page, opened.watch
    page.goto(link)
    assert not page.locator("#progress").is_visible(), "no progress line without its script"
    assert not page.locator("#draft-note").is_visible(), "no draft is kept without the script"
    assert page.get_by_text("At most 2000 characters.").first.is_visible()
    groups = page.locator(".answer-group.segmented")
    for index in range(groups.count()):
        groups.nth(index).locator("label").last.click()
    assert len(checked_without_script(page)) == groups.count()
    assert not fits_the_screen(page), fits_the_screen(page)
    submit(page, "Send", "/s/thanks")
    assert page.get_by_text("Figures are shown only for groups of at least").is_visible()
    assert not watch.problems(), watch.problems()


def checked_without_script(page) -> list[str]:
    """The checked radios, read through Playwright (page.evaluate needs no page script)."""
    return [
        box.get_attribute("value")
        for box in page.locator(".answer-group input[type=radio]").all()
        if box.is_checked()
    ]
