"""Commands for automation: the roster, waves, invitations and reminders without a browser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from feedback.admin import mailer, roster, tick, waves
from feedback.admin.errors import NO_WAVE, AdminError
from feedback.db import open_database
from feedback.waves import WaveNotFound, get_wave


def admin_command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run with a database handle; admin errors become ClickExceptions in English."""

    @wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        db = open_database(current_app)
        with force_locale("en"):
            try:
                return func(db, *args, **kwargs)
            except AdminError as exc:
                raise click.ClickException(str(exc)) from exc
            except WaveNotFound as exc:
                raise click.ClickException(str(NO_WAVE)) from exc
            finally:
                db.conn.close()

    return wrapped


@click.command("import-roster")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
@admin_command
def import_roster_command(db: Any, file: Path) -> None:
    """Import the roster from a CSV or XLSX file; nothing is written if any row is wrong.

    People in the file are added or updated; active people missing from it are deactivated.
    """
    rows = roster.read_table(file.name, file.read_bytes()[: roster.MAX_BYTES + 1])
    checked = roster.check_rows(rows)
    problems = [f"line {r.line}: {e}" for r in checked for e in r.errors]
    if problems:
        raise click.ClickException(
            "Nothing was imported; fix these rows first:\n" + "\n".join(problems)
        )
    counts = roster.apply_rows(db, [r.values for r in checked])
    click.echo(
        "Roster updated: {added} added, {updated} updated, {deactivated} deactivated.".format(
            **counts
        )
    )


@click.command("open-wave")
@click.argument("survey_id", type=int)
@with_appcontext
@admin_command
def open_wave_command(db: Any, survey_id: int) -> None:
    """Open the survey's next scheduled wave (or a new one from today) and issue invitations."""
    waves.sweep(db, dt.date.today())
    wave, issued = waves.open_next(db, survey_id, dt.date.today())
    click.echo(
        f"Wave {wave.id} (number {wave.number}) is open until {wave.closes_on}; "
        f"{issued} invitations issued. Send them with: send-invites {wave.id}"
    )


@click.command("send-invites")
@click.argument("wave_id", type=int)
@with_appcontext
@admin_command
def send_invites_command(db: Any, wave_id: int) -> None:
    """E-mail the survey link to everyone in an open wave who was not invited yet."""
    sent = mailer.send_invitations(db, current_app.config, wave_id)
    click.echo(f"{sent} invitations sent.")


@click.command("remind")
@click.argument("wave_id", type=int)
@with_appcontext
@admin_command
def remind_command(db: Any, wave_id: int) -> None:
    """Send a reminder (with a fresh link) to those who have not answered; at most twice."""
    mailer.send_reminders(db, current_app.config, wave_id)
    # No number and no names: with few left, either would tell who has not answered.
    click.echo("Reminders went out to everyone who has not answered yet.")


@click.command("close-wave")
@click.argument("wave_id", type=int)
@with_appcontext
@admin_command
def close_wave_command(db: Any, wave_id: int) -> None:
    """Close an open wave; with a cadence, the next wave is scheduled."""
    next_id = waves.close_wave(db, wave_id)
    click.echo(f"Wave {wave_id} closed.")
    if next_id:
        wave = get_wave(db, next_id)
        click.echo(f"Next wave {next_id} scheduled from {wave.opens_on} to {wave.closes_on}.")


@click.command("links")
@click.argument("wave_id", type=int)
@with_appcontext
@admin_command
def links_command(db: Any, wave_id: int) -> None:
    """Print CSV `email,url` for every invitee of the open wave WAVE_ID (for a mail merge),
    only while the wave has no answer yet; they count as invited.

    Only token hashes are stored, so each person gets a NEW link: the links they received
    before stop working. Send the new ones. People marked inactive in the roster are skipped.
    Once anyone has answered, no list is given: it would tell who has not answered; the
    server's reminders (`remind WAVE_ID`) reach them instead.
    """
    click.echo(mailer.export_links(db, current_app.config, wave_id), nl=False)


@click.command("tick")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Act as if it were this day (YYYY-MM-DD), for tests and trial runs.",
)
@with_appcontext
@admin_command
def tick_command(db: Any, today: dt.datetime | None) -> None:
    """Do the time-driven work: close, schedule and open waves, e-mail invitations and due
    reminders, score pending comments. Run it every few minutes (cron or a systemd timer);
    running it again does nothing twice, and overlapping runs wait for each other's lock."""
    day = today.date() if today else dt.date.today()
    report = tick.tick(db, current_app.config, day)
    if report is None:
        click.echo("Another tick is running; this one did nothing.")
        return
    lines = [
        (report.closed, f"{report.closed} wave(s) closed, {report.scheduled} next scheduled."),
        (report.opened, f"{report.opened} wave(s) opened, {report.issued} invitations issued."),
        (report.invited, f"{report.invited} invitations e-mailed."),
        # No number of people: it would tell how many have not answered.
        (report.reminded_waves, f"Reminders went out for {report.reminded_waves} wave(s)."),
        (report.scored, f"{report.scored} comments scored."),
    ]
    click.echo(f"Tick for {day.isoformat()}:")
    for count, line in lines:
        if count:
            click.echo(f"  {line}")
    for note in report.notes:
        click.echo(f"  {note}")
    if report.idle():
        click.echo("  Nothing to do.")
    if report.problems:
        raise click.ClickException("\n".join(report.problems))


COMMANDS = (
    tick_command,
    import_roster_command,
    open_wave_command,
    send_invites_command,
    remind_command,
    close_wave_command,
    links_command,
)


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
