"""`flask analytics-refresh`: prepare the dashboards' snapshots, releases and aggregates."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback.analytics.refresh import prepare_waves
from feedback.db import open_database


@click.command("analytics-refresh")
@click.option("--wave", "wave_ids", type=int, multiple=True, help="Only this wave (repeatable).")
@with_appcontext
def analytics_refresh_command(wave_ids: tuple[int, ...]) -> None:
    """Prepare the dashboards' per-response scores, releases and per-segment aggregates
    (otherwise done when answers arrive and by `tick`; page views never do)."""
    db = open_database(current_app)
    try:
        known = [r[0] for r in db.execute("SELECT id FROM waves ORDER BY id").fetchall()]
        unknown = sorted(set(wave_ids) - set(known))
        if unknown:
            raise click.ClickException(f"No wave with id {', '.join(map(str, unknown))}.")
        started = time.perf_counter()
        count = prepare_waves(db, wave_ids or known)
        took = time.perf_counter() - started
        click.echo(f"Scores up to date for {count} wave(s) in {took:.1f} s.")
    finally:
        db.conn.close()
