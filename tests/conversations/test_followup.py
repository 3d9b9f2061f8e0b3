"""The employee's side: a follow-up link once, replies, answers, deletion, and bad input."""

from __future__ import annotations

import re

import pytest

from feedback import create_app
from feedback.conversations import store
from feedback.conversations.forms import MAX_MESSAGE
from feedback.db import open_database
from feedback.tokens import hash_token
from tests.conversations.conftest import (
    Followup,
    answer_with_comment,
    count,
    form_fields,
    get_link,
)
from tests.respond.conftest import make_setup


def test_the_thank_you_page_offers_a_link_only_after_a_comment(db, client):
    setup = make_setup(db)
    answer_with_comment(client, setup, comment=None)
    assert "Get a private link for replies" not in client.get("/s/thanks?lang=en").text
    assert client.post("/s/thanks/follow-up").status_code == 409
    assert count(db, "conversations") == 0


def test_the_link_is_shown_once_and_stored_only_as_a_hash(db, client):
    setup = make_setup(db)
    answer_with_comment(client, setup)
    assert "Get a private link for replies" in client.get("/s/thanks?lang=en").text
    key = get_link(client)
    rows = list(db.query("SELECT * FROM conversations"))
    assert [r["key_hash"] for r in rows] == [hash_token(key)]
    assert "Get a private link for replies" not in client.get("/s/thanks?lang=en").text
    again = client.post("/s/thanks/follow-up")  # a reload of the link page
    assert again.status_code == 409 and key not in again.text
    assert count(db, "conversations") == 1


def test_a_replayed_offer_cookie_makes_no_second_conversation(db, client):
    setup = make_setup(db)
    answer_with_comment(client, setup)
    cookie = client.get_cookie("session")
    get_link(client)
    client.set_cookie("session", cookie.value)  # the old cookie, offer and all
    response = client.post("/s/thanks/follow-up")
    assert response.status_code == 409
    assert count(db, "conversations") == 1


def test_the_employee_reads_a_reply_and_answers(db, client, followup):
    (conversation,) = store.by_key(db, followup.key)
    page = client.get(followup.url + "?lang=en")
    assert page.status_code == 200
    assert "Een opleiding zou helpen." in page.text and "No reply yet" in page.text
    store.add_message(db, conversation.id, "manager", "Which training would you like?", "n" * 22)
    assert "Which training would you like?" in client.get(followup.url).text
    fields = form_fields(client, followup.url)
    sent = client.post(followup.url, data={**fields, "text": "Een over groepen.\r\nGraag!"})
    assert sent.status_code == 303
    assert [m["text"] for m in store.messages(db, conversation.id)] == [
        "Which training would you like?",
        "Een over groepen.\nGraag!",
    ]
    assert "Een over groepen." in client.get(followup.url).text


def test_a_replayed_answer_is_stored_once(db, client, followup):
    fields = form_fields(client, followup.url)
    data = {**fields, "text": "Dank je"}
    assert client.post(followup.url, data=data).status_code == 303
    replay = client.post(followup.url, data=data)
    assert replay.status_code == 409
    assert "stored once" in client.post(followup.url + "?lang=en", data=data).text
    assert count(db, "conversation_messages") == 1


@pytest.mark.parametrize(
    "text, status",
    [("x" * (MAX_MESSAGE + 1), 400), ("", 400), ("   ", 400), ("bad\x00byte", 400)],
)
def test_bad_answers_are_refused_and_nothing_is_stored(db, client, followup, text, status):
    fields = form_fields(client, followup.url)
    response = client.post(followup.url + "?lang=en", data={**fields, "text": text})
    assert response.status_code == status
    assert count(db, "conversation_messages") == 0
    if len(text) > MAX_MESSAGE:
        assert "nothing was cut off or stored" in response.text
        assert text in response.text  # the whole text comes back to be shortened


def test_exactly_the_limit_is_accepted(db, client, followup):
    fields = form_fields(client, followup.url)
    response = client.post(followup.url, data={**fields, "text": "é" * MAX_MESSAGE})
    assert response.status_code == 303


@pytest.mark.parametrize(
    "change",
    [{"nonce": "short"}, {"thread": "1"}, {"thread": "99999999999999999999"}, {"nonce": ""}],
)
def test_a_forged_form_is_refused(db, client, followup, change):
    fields = {**form_fields(client, followup.url), "text": "hallo", **change}
    assert client.post(followup.url, data=fields).status_code == 400
    assert count(db, "conversation_messages") == 0


def test_an_unknown_or_forged_key_is_a_plain_404(db, client, followup):
    for key in ("A" * 43, "short", "A" * 44, "%00" * 3, "thanks", followup.key[:-1] + "x"):
        for method in ("get", "post"):
            response = getattr(client, method)(f"/s/{key}/replies?lang=en")
            assert response.status_code == 404
            assert "We do not know this link" in response.text
        assert client.post(f"/s/{key}/replies/delete").status_code == 404
    assert count(db, "conversation_messages") == 0
    assert db.execute("SELECT status FROM conversations").fetchone()[0] == "open"


def test_unknown_keys_are_rate_limited_like_unknown_survey_links(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE": str(tmp_path / "limited.db"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_UNKNOWN_LINKS_PER_MINUTE": 3,
        }
    )
    db = open_database(app)
    client = app.test_client()
    setup = make_setup(db)
    answer_with_comment(client, setup)
    followup = Followup(setup, get_link(client))
    statuses = [client.get(f"/s/{'B' * 43}/replies").status_code for _ in range(5)]
    assert statuses[:3] == [404] * 3 and statuses[-1] == 429
    assert client.get(followup.url).status_code == 200  # a real key is always served
    db.conn.close()


def test_deleting_my_side_removes_my_answers_and_the_key(db, client, followup):
    (conversation,) = store.by_key(db, followup.key)
    store.add_message(db, conversation.id, "manager", "Thanks for this", "m" * 22)
    fields = form_fields(client, followup.url)
    client.post(followup.url, data={**fields, "text": "Mijn antwoord"})
    response = client.post(followup.url + "/delete?lang=en")
    assert response.status_code == 200 and "deleted" in response.text
    assert [m["author"] for m in store.messages(db, conversation.id)] == ["manager"]
    assert db.execute("SELECT key_hash, status FROM conversations").fetchone() == (None, "ended")
    assert client.get(followup.url).status_code == 404
    assert client.post(followup.url, data={**fields, "text": "nog eens"}).status_code == 404
    assert count(db, "conversation_messages") == 1


def test_a_closed_conversation_is_read_only_for_the_employee(db, client, followup):
    (conversation,) = store.by_key(db, followup.key)
    fields = form_fields(client, followup.url)
    store.close(db, conversation.id)
    page = client.get(followup.url + "?lang=en")
    assert "This conversation is closed" in page.text and 'name="nonce"' not in page.text
    assert client.post(followup.url, data={**fields, "text": "hallo"}).status_code == 403
    assert count(db, "conversation_messages") == 0


def test_the_page_speaks_dutch(client, followup):
    page = client.get(followup.url + "?lang=nl")
    assert "Jouw gesprek" in page.text


def test_the_offer_expires(db, client, monkeypatch):
    from feedback.conversations import offer

    setup = make_setup(db)
    answer_with_comment(client, setup)
    monkeypatch.setattr(offer.time, "time", lambda: 10**12)
    assert "Get a private link" not in client.get("/s/thanks?lang=en").text
    assert client.post("/s/thanks/follow-up").status_code == 409
    assert count(db, "conversations") == 0


def test_the_offer_and_the_link_keep_the_respondents_language(db, client):
    setup = make_setup(db)
    answer_with_comment(client, setup)
    thanks = client.get("/s/thanks?lang=nl", headers={"Accept-Language": "en"}).text
    assert "Vraag een privélink voor antwoorden" in thanks
    assert 'action="/s/thanks/follow-up?lang=nl"' in thanks
    made = client.post("/s/thanks/follow-up?lang=nl", headers={"Accept-Language": "en"}).text
    assert "Jouw privélink" in made
    assert re.search(r'href="http://[^"]+/s/[A-Za-z0-9_-]{43}/replies\?lang=nl"', made)
