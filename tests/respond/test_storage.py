"""Storage: one transaction per response, one response per link, nothing that joins to a person."""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest

from feedback.respond import service
from feedback.respond.service import (
    AlreadyAnswered,
    Submission,
    WaveClosed,
    find_invitation,
    submit_response,
)
from feedback.scoring.background import worker_for
from feedback.tokens import hash_token
from tests.factories import invite, make_person
from tests.respond.conftest import count, csrf_token, stored_nothing, valid_answers

LOCKED = "database is locked"
FULL = "database or disk is full"


def fail_with(message: str):
    def failing(*_args, **_kwargs):
        raise sqlite3.OperationalError(message)

    return failing


@pytest.mark.parametrize("step", ["_insert_answers", "_insert_comments", "_insert_ambassador"])
@pytest.mark.parametrize("message", [LOCKED, FULL])
def test_a_failing_database_gives_503_and_stores_nothing(
    client, db, setup, monkeypatch, step, message
):
    monkeypatch.setattr(service, step, fail_with(message))
    data = valid_answers(setup) | {
        "amb_name": "An",
        "amb_email": "an@example.org",
        "amb_consent": "y",
    }
    response = client.post(f"{setup.url}?lang=en", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "could not be saved just now. Nothing was stored." in html
    assert 'value="4"' in html and " checked" in html
    assert stored_nothing(db)
    monkeypatch.undo()
    assert client.post(setup.url, data=data).status_code == 302
    assert count(db, "responses") == 1 and count(db, "ambassadors") == 1


def test_a_database_locked_by_another_writer_gives_503(client, app, db, setup, monkeypatch):
    monkeypatch.setattr("feedback.db.BUSY_TIMEOUT_MS", 200)
    blocker = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        response = client.post(f"{setup.url}?lang=en", data=valid_answers(setup))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert response.status_code == 503
    assert stored_nothing(db)
    assert client.post(setup.url, data=valid_answers(setup)).status_code == 302


def test_one_link_submitted_from_many_threads_stores_one_response(csrf_app, csrf_db, csrf_setup):
    threads_n = 8
    clients = [csrf_app.test_client() for _ in range(threads_n)]
    payloads = [
        valid_answers(csrf_setup) | {"csrf_token": csrf_token(c, csrf_setup.url)} for c in clients
    ]
    barrier = threading.Barrier(threads_n)
    statuses: list[int] = []

    def submit(i: int) -> None:
        barrier.wait()
        statuses.append(clients[i].post(csrf_setup.url, data=payloads[i]).status_code)

    workers = [threading.Thread(target=submit, args=(i,)) for i in range(threads_n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert sorted(statuses) == [302] + [409] * (threads_n - 1)
    assert count(csrf_db, "responses") == 1
    assert count(csrf_db, "answers") == 12
    assert count(csrf_db, "comments") == 1


def test_the_service_refuses_a_second_submit(db, setup):
    invitation = find_invitation(db, setup.token)
    submission = Submission(answers={setup.item("desire_want")["id"]: 3})
    submit_response(db, invitation, submission)
    with pytest.raises(AlreadyAnswered):
        submit_response(db, invitation, submission)
    assert count(db, "responses") == 1


def test_the_service_refuses_a_closed_wave(db, setup):
    invitation = find_invitation(db, setup.token)
    db.execute("UPDATE waves SET status = 'closed'")
    with pytest.raises(WaveClosed):
        submit_response(db, invitation, Submission())
    assert stored_nothing(db)


def unscored(db) -> int:
    return db.execute("SELECT COUNT(*) FROM comments WHERE model_version IS NULL").fetchone()[0]


def scorer_of(app):
    return worker_for(app.config["DATABASE"], app.config["MODEL_DIR"])


def test_new_comments_are_scored_in_the_background(app, client, db, setup):
    data = valid_answers(setup) | {f"q{setup.item('comment')['id']}": "Mail volstaat."}
    response = client.post(setup.url, data=data)
    assert response.status_code == 302
    assert scorer_of(app).wait_idle(120)
    rows = list(db.query("SELECT barrier, sentiment, model_version FROM comments"))
    assert len(rows) == 2
    assert all(r["model_version"] and r["sentiment"] for r in rows)


def test_a_failing_scorer_never_fails_the_submission(app, client, db, setup, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("model broken")

    monkeypatch.setattr("feedback.scoring.store.score_pending", broken)
    response = client.post(setup.url, data=valid_answers(setup))
    assert response.status_code == 302
    assert scorer_of(app).wait_idle(60)
    assert unscored(db) == 1


def test_pending_comments_are_picked_up_by_the_next_sweep(app, client, db, setup, monkeypatch):
    """A comment left unscored (a crash, a failing model) is scored at the next nudge."""
    monkeypatch.setattr("feedback.scoring.store.score_pending", lambda *a, **k: 0)
    client.post(setup.url, data=valid_answers(setup))
    assert scorer_of(app).wait_idle(60)
    monkeypatch.undo()
    scorer_of(app).nudge()
    assert scorer_of(app).wait_idle(120)
    assert unscored(db) == 0


def test_without_a_model_scoring_is_left_to_rescore(app, client, db, setup, tmp_path):
    app.config["MODEL_DIR"] = str(tmp_path / "no-model")
    response = client.post(setup.url, data=valid_answers(setup))
    assert response.status_code == 302
    assert scorer_of(app).wait_idle(60)
    assert unscored(db) == 1


FORBIDDEN_COLUMN = re.compile(
    r"(^|_)(token|hash|e?mail|person|people|invitation|user|session|ip|time|timestamp|datetime"
    r"|created|at|ts)(_|$)|token|hash|mail"
)


def columns(db, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}


def test_a_response_cannot_be_joined_to_a_token_or_an_email(client, db, setup):
    email = db.execute("SELECT email FROM people").fetchone()[0]
    other = make_person(db, email="second@example.org")
    second = invite(db, setup.wave_id, other)
    for token, name in ((setup.token, "An"), (second, "Bo")):
        data = valid_answers(setup) | {
            "amb_name": name,
            "amb_email": f"{name}@example.org",
            "amb_consent": "y",
        }
        assert client.post(f"/s/{token}", data=data).status_code == 302

    for table in ("responses", "answers", "comments"):
        assert not {c for c in columns(db, table) if FORBIDDEN_COLUMN.search(c)}, table
    assert columns(db, "ambassadors") == {"id", "survey_id", "name", "email", "language", "consent"}
    with pytest.raises(sqlite3.OperationalError):
        db.execute("SELECT rowid FROM ambassadors")
    ids = [r["id"] for r in db.query("SELECT id FROM ambassadors")]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and ids[0] != ids[1]
    assert all(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["submitted_on"])
        for r in db.query("SELECT submitted_on FROM responses")
    )

    secrets_ = {
        setup.token,
        second,
        hash_token(setup.token),
        hash_token(second),
        email,
        "second@example.org",
    }
    for table in ("responses", "answers", "comments", "ambassadors"):
        for row in db.query(f"SELECT * FROM {table}"):
            for value in row.values():
                assert not any(s.lower() in str(value).lower() for s in secrets_), (table, row)
    dump = "\n".join(db.conn.iterdump())
    assert setup.token not in dump and second not in dump
