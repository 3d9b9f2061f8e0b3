"""Response and comment ids do not follow submission order; a response keeps its date only."""

from __future__ import annotations

import re
import sqlite3

import pytest

from feedback.rowids import insert_with_random_id, random_id
from tests.factories import invite, make_person
from tests.respond.conftest import make_setup, valid_answers


def test_response_ids_do_not_follow_submission_order(client, db):
    setup = make_setup(db)
    order = []
    for _ in range(24):
        token = invite(db, setup.wave_id, make_person(db))
        before = {r[0] for r in db.execute("SELECT id FROM responses")}
        assert client.post(f"/s/{token}", data=valid_answers(setup)).status_code == 302
        [new] = {r[0] for r in db.execute("SELECT id FROM responses")} - before
        order.append(new)
    assert order != sorted(order) and order != sorted(order, reverse=True)
    assert all(1 <= i <= 2**62 for i in order)
    assert max(order) > 2**40  # drawn from the whole range, not counted up
    comment_ids = [r[0] for r in db.execute("SELECT id FROM comments")]
    assert len(comment_ids) == 24 and max(comment_ids) > 2**40
    answers = db.execute("SELECT DISTINCT response_id FROM answers").fetchall()
    assert {r[0] for r in answers} == set(order)


def test_a_response_keeps_the_date_only(client, db, setup):
    assert client.post(setup.url, data=valid_answers(setup)).status_code == 302
    [row] = list(db.query("SELECT * FROM responses"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["submitted_on"])
    columns = {c.name for c in db.table("responses").columns}
    assert columns == {
        "id",
        "wave_id",
        "submitted_on",
        "department",
        "team",
        "location",
        "role",
        "tenure_band",
        "language",
        "ambassador_opt_in",
        "open_link",  # answered through an open link per location (feedback.openlinks)
    }


def test_a_colliding_id_is_drawn_again(monkeypatch):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    conn.execute("INSERT INTO t VALUES (7, 'old')")
    draws = iter([6, 6, 41, 98])  # randbits(62) + 1: 7 (taken), 7 again, then 42; then 99
    monkeypatch.setattr("feedback.rowids.secrets.randbits", lambda _bits: next(draws))
    assert insert_with_random_id(conn, "INSERT INTO t (id, v) VALUES (?, ?)", ["new"]) == 42
    assert conn.execute("SELECT v FROM t WHERE id = 42").fetchone() == ("new",)
    with pytest.raises(sqlite3.IntegrityError):  # other integrity errors are not retried
        insert_with_random_id(conn, "INSERT INTO t (id, v) VALUES (?, ?)", [None])


def test_random_ids_are_positive_63_bit():
    assert all(1 <= random_id() <= 2**62 for _ in range(1000))
