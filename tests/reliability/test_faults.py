"""Faults: a locked database, a full disk, a server killed mid-load, a backup under load.

Fast tests drive the app in-process; the gunicorn runs (kill, backup under load) are slow.
In every case the respondent either gets an acknowledgement and the answer is stored once,
or gets "please try again" with nothing stored and a link that still works.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import feedback.db
from bench.load import (
    Server,
    build_database,
    drive,
    figures,
    integrity_errors,
    reconcile,
    server_env,
    warm_up,
)
from tests.reliability.conftest import Org

ROOT = Path(__file__).resolve().parents[2]


def form_data(org: Org, comment: str = "A short training would help.") -> dict[str, str]:
    data = {}
    for item in org.items:
        name = f"q{item['id']}"
        if item["kind"] == "likert":
            data[name] = "4"
        elif item["kind"] == "scale":
            data[name] = "7"
        elif item["key"] == "step_up":
            data[name] = comment
    return data


def totals(database) -> tuple[int, ...]:
    one = lambda sql: database.execute(sql).fetchone()[0]  # noqa: E731
    return (
        one("SELECT COUNT(*) FROM responses"),
        one("SELECT COUNT(*) FROM answers"),
        one("SELECT COUNT(*) FROM comments"),
        one("SELECT COUNT(*) FROM invitations WHERE used = 1"),
    )


def assert_consistent(database, items: int) -> None:
    """Every used invitation has a response; every response has all its answers."""
    responses, answers, _comments, used = totals(database)
    assert used == responses
    short = database.execute(
        "SELECT COUNT(*) FROM responses r WHERE "
        "(SELECT COUNT(*) FROM answers a WHERE a.response_id = r.id) != ?",
        [items],
    ).fetchone()[0]
    assert short == 0 and answers == responses * items


def scored_items(org: Org) -> int:
    return sum(1 for i in org.items if i["kind"] in ("likert", "scale"))


def test_locked_database_gives_please_try_again_and_keeps_the_link(app, db, org, monkeypatch):
    monkeypatch.setattr(feedback.db, "BUSY_TIMEOUT_MS", 200)
    client = app.test_client()
    url = f"/s/{org.unused_token}"
    before = totals(db)
    holder = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        response = client.post(url, data=form_data(org))
        assert time.monotonic() - started < 5
        assert response.status_code == 503
        html = response.get_data(as_text=True)
        assert "Nothing was stored" in html or "try again" in html
        assert "A short training would help." in html  # the typed answers are kept in the form
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert totals(db) == before
    retry = client.post(url, data=form_data(org))
    assert retry.status_code == 302
    assert totals(db)[0] == before[0] + 1
    assert_consistent(db, scored_items(org))


def full_disk(monkeypatch) -> None:
    """Every app connection may not grow the file: SQLite answers SQLITE_FULL, as on a full disk."""
    real_connect = feedback.db.connect

    def connect(path):
        database = real_connect(path)
        pages = database.execute("PRAGMA page_count").fetchone()[0]
        database.execute(f"PRAGMA max_page_count = {pages}")
        return database

    monkeypatch.setattr(feedback.db, "connect", connect)


def test_full_disk_gives_please_try_again_and_stores_nothing(app, db, org, monkeypatch):
    client = app.test_client()
    url = f"/s/{org.unused_token}"
    before = totals(db)
    # 1,500 euro signs are 4,500 bytes: more than a page holds, so the row needs a new page.
    big = "€" * 1500
    with monkeypatch.context() as patch:
        full_disk(patch)
        assert client.get(url).status_code == 200
        response = client.post(url, data=form_data(org, big))
        assert response.status_code == 503
        assert big in response.get_data(as_text=True)
    assert totals(db) == before
    assert_consistent(db, scored_items(org))
    retry = client.post(url, data=form_data(org, big))
    assert retry.status_code == 302
    stored = db.execute("SELECT text FROM comments WHERE text = ?", [big]).fetchall()
    assert len(stored) == 1
    assert integrity_errors(Path(db.conn.execute("PRAGMA database_list").fetchone()[2])) == []


def test_the_full_disk_simulation_really_refuses_growth(app, db, monkeypatch):
    full_disk(monkeypatch)
    database = feedback.db.connect(app.config["DATABASE"])
    try:
        with pytest.raises(sqlite3.OperationalError, match="full"):
            database.execute("CREATE TABLE filler (x)")
            database.execute("INSERT INTO filler VALUES (?)", ["€" * 5000])
    finally:
        database.conn.close()


# ------------------------------------------------------------------------- gunicorn runs


@pytest.fixture
def load_target(tmp_path):
    return build_database(tmp_path / "load.db", 6000)


@pytest.fixture
def server(load_target):
    """The real app under gunicorn; killed whatever happens in the test."""
    instance = Server("wsgi:app", server_env(load_target.path), workers=4)
    try:
        yield instance
    finally:
        instance.stop()
        instance.crash()


def in_background(target, *args):
    result: dict[str, object] = {}

    def run() -> None:
        result["records"] = target(*args)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def wait_for_responses(path: Path, n: int, limit: float = 120.0) -> None:
    """Block until the load has stored `n` responses (the clients take a while to start)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            if conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0] >= n:
                return
        finally:
            conn.close()
        time.sleep(0.1)
    raise AssertionError(f"fewer than {n} responses after {limit} s")


@pytest.mark.slow
def test_sigkill_mid_load_loses_no_acknowledged_submission(load_target, server):
    server.start()
    warm = warm_up(server.port, "real", load_target, server.workers)
    thread, result = in_background(drive, server.port, "real", load_target, 30, 60.0)
    wait_for_responses(load_target.path, len(warm) + 200)
    server.crash()
    thread.join(timeout=120)
    records = warm + result["records"]
    acknowledged = [r for r in records if r.acknowledged]
    cut_off = [r for r in records if r.status == 0]
    assert len(acknowledged) > 200, "the load ran before the kill"
    assert cut_off, "the kill interrupted submissions in flight"
    assert integrity_errors(load_target.path) == []

    server.start()  # restart on the same file: recovery of the WAL happens here
    check = reconcile(load_target.path, load_target.wave_id, load_target.items, records)
    assert check.ok, check.line()
    assert check.missing == [] and check.duplicated == []

    # Respondents whose page broke press Send again: stored once, or told it is done.
    attempted = {r.key for r in records}
    load_target.tokens = [t for t in load_target.tokens if t not in attempted]
    warm += warm_up(server.port, "real", load_target, server.workers)
    load_target.tokens = sorted({r.key for r in records if r.status == 0})[:300]
    again = drive(server.port, "real", load_target, 10, 60.0)
    statuses = {r.status for r in again}
    assert statuses <= {302, 409}, statuses
    final = reconcile(
        load_target.path,
        load_target.wave_id,
        load_target.items,
        records + warm + [r for r in again if r.acknowledged],
    )
    assert final.ok, final.line()
    assert final.duplicated == []


@pytest.mark.slow
def test_backup_during_load_is_consistent_and_restores(load_target, server, tmp_path):
    server.start()
    warm = warm_up(server.port, "real", load_target, server.workers)
    thread, result = in_background(drive, server.port, "real", load_target, 20, 15.0)
    wait_for_responses(load_target.path, len(warm) + 100)
    copy = tmp_path / "backup.db"
    env = server_env(load_target.path)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "backup", str(copy)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    thread.join(timeout=120)
    assert done.returncode == 0, done.stderr
    assert integrity_errors(copy) == []
    records = warm + result["records"]
    during = reconcile(copy, load_target.wave_id, load_target.items, [])
    assert during.used_invitations == during.responses == during.comments > 0
    assert during.incomplete_responses == 0 and during.duplicated == []
    final = reconcile(load_target.path, load_target.wave_id, load_target.items, records)
    assert final.ok, (final.line(), figures("load", records).line())
    assert during.responses < final.responses, "the backup was taken while the load ran"

    server.stop()
    restored = tmp_path / "restored.db"
    copy.rename(restored)
    attempted = {r.key for r in records}
    load_target.tokens = [t for t in load_target.tokens if t not in attempted][:100]
    assert load_target.tokens, "some invitations were left for after the restore"
    with Server("wsgi:app", server_env(restored, scoring=False), workers=2) as again:
        more = drive(again.port, "real", load_target, 5, 30.0)
    assert {r.status for r in more} == {302}
    after = reconcile(restored, load_target.wave_id, load_target.items, more)
    assert after.responses == during.responses + len(more)
    assert after.used_invitations == after.responses == after.comments
    assert after.integrity == [] and after.incomplete_responses == 0
