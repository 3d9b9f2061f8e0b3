"""Attacks on the conversation's anonymity, as someone holding the database (or the logs, or
the browser's cookie) would play them: nothing joins a conversation, its key or a message to a
person, an invitation, or a time finer than the wave's date."""

from __future__ import annotations

import re

from feedback.conversations import store
from feedback.logmask import mask_tokens
from feedback.scoring.store import COLUMNS
from feedback.tokens import hash_token
from tests.conversations.conftest import answer_with_comment, form_fields
from tests.respond.conftest import make_setup

SCORES = {*COLUMNS, "model_version"}
ALLOWED_COLUMNS = {
    "conversations": {"id", "comment_id", "key_hash", "status"},
    "conversation_messages": {"id", "conversation_id", "position", "author", "text", "nonce"}
    | SCORES,
}


def dump(db) -> list[str]:
    return list(db.conn.iterdump())


def test_the_tables_hold_no_person_invitation_user_or_time(db):
    for table, allowed in ALLOWED_COLUMNS.items():
        columns = {c.name for c in db[table].columns}
        assert columns == allowed, table
        targets = {fk.other_table for fk in db[table].foreign_keys}
        assert targets <= {"comments", "conversations"}
    sql = " ".join(db[t].schema for t in ALLOWED_COLUMNS).lower()
    assert not re.search(r"_on\b|_at\b|\bdate|\btime|person|invitation|user|email|response", sql)


def test_starting_a_conversation_writes_only_the_conversation(db, client):
    setup = make_setup(db)
    answer_with_comment(client, setup)
    before = dump(db)
    response = client.post("/s/thanks/follow-up")
    key = re.search(r"/s/([A-Za-z0-9_-]{43})/replies", response.text).group(1)  # type: ignore[union-attr]
    added = [line for line in dump(db) if line not in before]
    assert len(added) == 1 and added[0].startswith('INSERT INTO "conversations"')
    assert hash_token(key) in added[0]
    assert not any(key in line for line in dump(db))  # the key itself is stored nowhere
    (row,) = db.execute("SELECT * FROM conversations").fetchall()
    comment_id = db.execute("SELECT id FROM comments").fetchone()[0]
    assert row[1:] == (comment_id, hash_token(key), "open")  # and a random id: nothing else


def test_ids_do_not_follow_the_order_of_creation(db, org):
    comment_ids = [r[0] for r in db.execute("SELECT id FROM comments ORDER BY id LIMIT 24")]
    started = [store.by_key(db, store.start(db, [c]))[0].id for c in comment_ids]
    assert started != sorted(started) and started != sorted(started, reverse=True)
    written = [
        store.add_message(db, started[0], "manager", f"m{i}", f"{i:022d}") for i in range(12)
    ]
    assert written != sorted(written) and written != sorted(written, reverse=True)
    assert [m["text"] for m in store.messages(db, started[0])] == [f"m{i}" for i in range(12)]


def test_the_cookie_forgets_the_comment_once_the_link_is_made(app, db, client):
    setup = make_setup(db)
    answer_with_comment(client, setup)
    serializer = app.session_interface.get_signing_serializer(app)
    assert "follow_up" in serializer.loads(client.get_cookie("session").value)
    client.post("/s/thanks/follow-up")
    assert "follow_up" not in serializer.loads(client.get_cookie("session").value)


def test_reading_the_page_writes_nothing_and_shows_only_the_wave_date(db, client, followup):
    (conversation,) = store.by_key(db, followup.key)
    store.add_message(db, conversation.id, "manager", "A reply", "r" * 22)
    before = dump(db)
    page = client.get(followup.url).text
    assert dump(db) == before  # no read receipt, no "last seen"
    opens_on = db.execute("SELECT opens_on FROM waves").fetchone()[0]
    assert set(re.findall(r"\d{4}-\d\d-\d\d", page)) == {opens_on}
    assert not re.search(r"\b\d\d:\d\d\b", page)


def test_an_answer_stores_no_time_and_no_session_link(db, client, followup):
    fields = form_fields(client, followup.url)
    before = dump(db)
    client.post(followup.url, data={**fields, "text": "Mijn antwoord"})
    (added,) = [line for line in dump(db) if line not in before]
    assert added.startswith('INSERT INTO "conversation_messages"')
    assert not re.search(r"\d{4}-\d\d-\d\d|\d\d:\d\d", added)


def test_logs_mask_the_key(followup):
    line = f'127.0.0.1 - - "GET /s/{followup.key}/replies HTTP/1.1" 200'
    assert followup.key not in mask_tokens(line)
    assert followup.key not in mask_tokens(f"POST /s/{followup.key}/replies/delete")
