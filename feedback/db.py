"""The SQLite store: one connection per app context, opened lazily, with the schema applied."""

from __future__ import annotations

import fcntl
import sqlite3
import threading
from pathlib import Path

import click
import sqlite_utils
from flask import Flask, current_app, g
from flask.cli import with_appcontext

# Modules that each hold one `migrations = sqlite_utils.Migrations(...)` set, applied in order.
SCHEMA_MODULES = (
    "feedback.schema",
    "feedback.auth.schema",
    "feedback.admin.schema",
    "feedback.scoring.schema",
    "feedback.analytics.schema",
    "feedback.api.schema",
    "feedback.dashboard.schema",
    "feedback.conversations.schema",
    "feedback.updates.schema",
    "feedback.openlinks.schema",
)

BUSY_TIMEOUT_MS = 10_000


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the database with WAL, a busy timeout and foreign keys on."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)


def migrate(db: sqlite_utils.Database) -> None:
    """Apply every pending migration of every schema module (idempotent)."""
    import importlib

    modules = [importlib.import_module(name) for name in SCHEMA_MODULES]
    for module in modules:
        adopt(db, module.migrations, getattr(module, "ADOPTED_FROM", None))
    for module in modules:
        module.migrations.apply(db)


def adopt(db: sqlite_utils.Database, migrations: sqlite_utils.Migrations, old: str | None) -> None:
    """Migrations that moved from the set `old` to `migrations` keep their names: where `old`
    recorded one as applied, the record moves to the new set, so it does not run again."""
    table = sqlite_utils.Migrations.migrations_table
    if old is None or table not in db.table_names():
        return
    names = [m.name for m in migrations.pending(db)]
    marks = ", ".join("?" for _ in names)
    with db.atomic():
        db.execute(
            f"UPDATE [{table}] SET migration_set = ? WHERE migration_set = ? AND name IN ({marks})",
            [migrations.name, old, *names],
        )


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        _keep_one_open(current_app.config["DATABASE"])
        g.db = connect(current_app.config["DATABASE"])
    return g.db


_idle: dict[str, sqlite3.Connection] = {}
_idle_lock = threading.Lock()


def _keep_one_open(path: str) -> None:
    """Hold one idle connection per process, so a request's close is never the last one.

    On the last close SQLite checkpoints and deletes the WAL (with an fsync): that made
    opening and closing a request's connection cost ~25 ms here instead of ~0.5 ms
    (measured for bench/submit.py).
    """
    if path in _idle:
        return
    with _idle_lock:
        if path in _idle:
            return
        for old in _idle.values():
            old.close()
        _idle.clear()
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _idle[path] = conn


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def open_database(app: Flask) -> sqlite_utils.Database:
    """A connection for commands and scripts outside a request, with the schema applied.

    Several gunicorn workers start at once; a file lock keeps them from racing to migrate.
    """
    path = Path(app.config["DATABASE"])
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    with open(f"{path}.migrate-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        migrate(db)
    return db


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or bring its schema up to date (safe to run again)."""
    from flask import current_app

    db = open_database(current_app)
    db.conn.close()
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
    with app.app_context():
        open_database(app).conn.close()
