from __future__ import annotations

import sqlite3
import threading

from feedback.backup import integrity_errors


def _count(path, table):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_backup_writes_a_verified_copy_that_restores(app, runner, db, tmp_path):
    db.execute("INSERT INTO surveys (name, created_on) VALUES ('Pulse', '2026-11-01')")
    db.conn.commit()
    target = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert integrity_errors(target) == []
    assert _count(target, "surveys") == 1
    restored = app.test_cli_runner()
    app.config["DATABASE"] = str(target)
    assert restored.invoke(args=["init-db"]).exit_code == 0
    assert _count(target, "surveys") == 1


def test_backup_is_consistent_while_writes_go_on(app, runner, db, tmp_path):
    stop = threading.Event()

    def write():
        conn = sqlite3.connect(app.config["DATABASE"], timeout=10)
        i = 0
        while not stop.is_set() and i < 5000:
            with conn:
                conn.execute(
                    "INSERT INTO surveys (name, created_on) VALUES (?, '2026-11-01')", [f"s{i}"]
                )
            i += 1
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        result = runner.invoke(args=["backup", str(tmp_path / "live.db")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert integrity_errors(tmp_path / "live.db") == []


def test_backup_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert target.read_text() == "keep me"


def test_backup_into_a_missing_folder_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "nope" / "x.db")])
    assert result.exit_code == 1
    assert "not a directory" in result.output
