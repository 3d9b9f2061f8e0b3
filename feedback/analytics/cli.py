"""`flask analytics-refresh`: fill the per-response score table ahead of the first page view."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback.analytics.aggregate import group_stats
from feedback.analytics.barriers import barrier_counts
from feedback.analytics.scores import ensure_scores
from feedback.db import open_database
from feedback.domain import SEGMENTS


@click.command("analytics-refresh")
@click.option("--wave", "wave_ids", type=int, multiple=True, help="Only this wave (repeatable).")
@with_appcontext
def analytics_refresh_command(wave_ids: tuple[int, ...]) -> None:
    """Bring the dashboards' per-response scores and per-segment aggregates up to date
    (otherwise done on first view)."""
    db = open_database(current_app)
    try:
        known = [r[0] for r in db.execute("SELECT id FROM waves ORDER BY id").fetchall()]
        unknown = sorted(set(wave_ids) - set(known))
        if unknown:
            raise click.ClickException(f"No wave with id {', '.join(map(str, unknown))}.")
        started = time.perf_counter()
        for wave_id in wave_ids or known:
            ensure_scores(db, wave_id)
            survey_id = db.execute(
                "SELECT survey_id FROM waves WHERE id = ?", [wave_id]
            ).fetchone()[0]
            for by in (None, *SEGMENTS):  # the unfiltered breakdowns every page starts from
                group_stats(db, survey_id, wave_id, by)
                barrier_counts(db, wave_id, by)
        took = time.perf_counter() - started
        click.echo(f"Scores up to date for {len(wave_ids or known)} wave(s) in {took:.1f} s.")
    finally:
        db.conn.close()
