"""The demo organisation: Stad Rivierenburg rolls out Kompas, with four waves of answers."""

from __future__ import annotations

import datetime as dt
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from feedback.db import open_database
from feedback.demo.load import is_empty, load_demo
from feedback.demo.welcome import ensure_demo_admin, sample_links, welcome_lines

MIN_PEOPLE = 20
MAX_WAVES = 12


@click.command("demo")
@click.option("--people", default=600, show_default=True, help="How many people on the roster.")
@click.option("--waves", default=4, show_default=True, help="How many waves, two weeks apart.")
@click.option("--seed", default=2026, show_default=True, help="Same seed, same organisation.")
@click.option(
    "--if-empty", is_flag=True, help="Load only into an empty database; otherwise just print."
)
@with_appcontext
def demo_command(people: int, waves: int, seed: int, if_empty: bool) -> None:
    """Load the demo organisation (Stad Rivierenburg rolling out Kompas) into an empty database.

    Always ends by printing the URL, the demo admin's sign-in and three survey links to try.
    """
    if people < MIN_PEOPLE:
        raise click.ClickException(f"--people must be at least {MIN_PEOPLE} (got {people}).")
    if not 1 <= waves <= MAX_WAVES:
        raise click.ClickException(f"--waves must be between 1 and {MAX_WAVES} (got {waves}).")
    db = open_database(current_app)
    try:
        if is_empty(db):
            started = time.perf_counter()
            summary = load_demo(db, people, waves, seed, dt.date.today())
            click.echo(
                f"Loaded Stad Rivierenburg: {summary.people} people in {summary.departments} "
                f"departments, {summary.waves} waves, {summary.responses} responses, "
                f"{summary.comments} comments, {summary.ambassadors} ambassador contacts "
                f"({time.perf_counter() - started:.1f} s)."
            )
        elif if_empty:
            click.echo("The database already has data: demo not loaded again.")
        else:
            raise click.ClickException(
                "This database already has surveys or people; the demo loads only into an "
                "empty one. Point FEEDBACK_DATABASE at a fresh file, e.g. "
                "FEEDBACK_DATABASE=instance/demo.db flask --app wsgi demo"
            )
        ensure_demo_admin(db)
        public_url = current_app.config["PUBLIC_URL"]
        for line in welcome_lines(public_url, sample_links(db, public_url)):
            click.echo(line)
    finally:
        db.conn.close()


def init_app(app: Flask) -> None:
    """Register the `demo` command."""
    app.cli.add_command(demo_command)
