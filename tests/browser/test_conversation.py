"""The anonymous conversation in a browser: a respondent on a phone answers with a comment and
takes the private follow-up link; a change manager finds "Reply" in the comment explorer and
replies; the author opens the link, reads the reply and answers back; the manager reads it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from feedback.conversations import store
from feedback.dashboard.explorer.comment_query import comment_handle
from feedback.db import connect
from tests.browser.conftest import shoot, submit
from tests.browser.test_phone_pulse import fits_the_screen, fresh_link
from tests.browser.test_respondent import PHONE, answer_every_question

pytestmark = pytest.mark.browser

COMMENT = "A short video on sharing files in a group would help me."
REPLY = "Thank you! Would a ten-minute video in the team meeting help?"
ANSWER = "Yes, and a one-page guide to keep next to my screen."


def test_a_respondent_takes_a_private_link(open_page, live_server, demo_load) -> None:
    opened = open_page(**PHONE, locale="en-GB")
    page, watch = opened.page, opened.watch
    page.goto(fresh_link(live_server, demo_load, "en"))
    answer_every_question(page)
    page.get_by_label(re.compile("What would take you one step higher")).fill(COMMENT)
    submit(page, "Send", "/s/thanks")
    offer = page.locator(".follow-up-offer")
    assert offer.get_by_text("Want to hear back about your comment?").is_visible()
    shoot(page, "followup-offer", full_page=True)
    submit(page, "Get a private link for replies", "/s/thanks/follow-up")
    link = page.get_by_label("Link to your conversation").input_value()
    assert re.fullmatch(re.escape(live_server.base_url) + r"/s/[A-Za-z0-9_-]{43}/replies", link)
    shoot(page, "followup-link")
    page.get_by_role("link", name="Open your conversation").click()
    page.wait_for_load_state()
    assert page.get_by_text(COMMENT).is_visible()
    assert page.get_by_text("No reply yet").is_visible()
    assert not fits_the_screen(page), fits_the_screen(page)
    assert not watch.problems(), watch.problems()


def _start_on_a_listed_comment(manager, live_server, demo_load) -> tuple[str, str]:
    """As if the author of the first comment the explorer lists had asked for a link: a
    conversation on it, its key for the test (the author's browser)."""
    page = manager.page
    page.goto(live_server.url("/dashboard/comments"))
    handle = page.locator('input[name="handle"]').first.get_attribute("value")
    wave = int(page.locator('input[name="wave"]').first.get_attribute("value") or 0)
    db = connect(demo_load.env["FEEDBACK_DATABASE"])
    try:
        secret = demo_load.env["FEEDBACK_SECRET_KEY"]
        comment_id = next(
            row[0]
            for row in db.execute("SELECT id FROM comments WHERE wave_id = ?", [wave])
            if comment_handle(secret, row[0]) == handle
        )
        return handle or "", store.start(db, [comment_id])
    finally:
        db.conn.close()


def test_a_manager_replies_and_the_author_answers(
    open_page, manager, live_server, demo_load
) -> None:
    handle, key = _start_on_a_listed_comment(manager, live_server, demo_load)
    page = manager.page
    page.reload()
    listed = page.locator("li.list-group-item", has=page.locator(f'input[value="{handle}"]'))
    listed.get_by_role("link", name="Reply", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Conversation"
    page.get_by_label("Your reply").fill(REPLY)
    assert page.get_by_text(f"{len(REPLY)} of at most 2000 characters").is_visible()
    submit(page, "Send reply", urlsplit(page.url).path)
    assert page.get_by_text(REPLY).is_visible()

    author = open_page(**PHONE, locale="nl-BE")
    phone = author.page
    phone.goto(live_server.url(f"/s/{key}/replies"))
    assert phone.locator("html").get_attribute("lang") == "nl"
    assert phone.get_by_text(REPLY).is_visible()
    phone.get_by_label("Jouw reactie").fill(ANSWER)
    assert phone.get_by_text(f"{len(ANSWER)} van hoogstens 2000 tekens").is_visible()
    submit(phone, "Reactie versturen", f"/s/{key}/replies")
    assert phone.locator(".conversation-message.employee").inner_text().endswith(ANSWER)
    assert not fits_the_screen(phone), fits_the_screen(phone)
    shoot(phone, "followup-page", full_page=True)
    assert not author.watch.problems(), author.watch.problems()

    page.reload()
    assert page.get_by_text(ANSWER).is_visible()
    shoot(page, "followup-manager", full_page=True)
    assert not manager.watch.problems(), manager.watch.problems()
