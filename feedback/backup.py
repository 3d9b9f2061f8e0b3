"""Consistent online backups through SQLite's backup API, checked before they are trusted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


class BackupFailed(Exception):
    """The backup could not be written or did not pass the integrity check."""


def integrity_errors(path: str | Path) -> list[str]:
    """What `PRAGMA integrity_check` and `foreign_key_check` report; empty when healthy."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        errors = [] if rows == ["ok"] else rows
        errors += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return errors
    finally:
        conn.close()


def backup_database(source: str | Path, target: str | Path) -> None:
    """Copy a live database to `target` while others keep writing, then verify the copy."""
    target = Path(target)
    if target.exists():
        raise BackupFailed(f"{target} exists already; choose a new file name.")
    if not target.parent.is_dir():
        raise BackupFailed(f"{target.parent} is not a directory.")
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(str(source), timeout=30)
    dst = sqlite3.connect(str(partial))
    try:
        src.backup(dst, pages=1024)
    except sqlite3.Error as exc:
        raise BackupFailed(f"backup failed: {exc}") from exc
    finally:
        dst.close()
        src.close()
    errors = integrity_errors(partial)
    if errors:
        partial.unlink(missing_ok=True)
        raise BackupFailed("the copy failed its integrity check: " + "; ".join(errors[:5]))
    partial.replace(target)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path: str) -> None:
    """Write a consistent copy of the live database to PATH (a new file) and verify it."""
    try:
        backup_database(current_app.config["DATABASE"], path)
    except BackupFailed as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written and verified: {path}")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
