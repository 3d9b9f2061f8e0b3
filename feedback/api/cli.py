"""Commands: `create-token EMAIL` for the API, `results SURVEY_ID` printing what the API answers."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback.analytics.refresh import prepare
from feedback.api import payload
from feedback.api.tokens import UnknownUser, create_api_token
from feedback.dashboard.explorer.result_tables import results_table
from feedback.db import open_database
from feedback.exports import table_to_csv


@click.command("create-token")
@with_appcontext
@click.argument("email")
@click.option("--label", help="What the token is for (shown in listings, never the token).")
def create_token_command(email: str, label: str | None) -> None:
    """Create an API token for a user and print it once (only its hash is kept)."""
    db = open_database(current_app)
    try:
        token = create_api_token(db, email, label)
    except UnknownUser as exc:
        raise click.ClickException(f"No active user with e-mail {exc}.") from exc
    finally:
        db.conn.close()
    click.echo(token)


@click.command("results")
@with_appcontext
@click.argument("survey_id", type=int)
@click.option("--wave", "wave", required=True, help="The wave's id.")
@click.option("--by", "by", required=True, help="Segment: department, team, location, ...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="Output format.",
)
def results_command(survey_id: int, wave: str, by: str, fmt: str) -> None:
    """Print a wave's results per segment, as the API answers them (small groups suppressed)."""
    db = open_database(current_app)
    # Messages are translated per request; a command speaks the default language.
    try:
        with current_app.test_request_context():
            wave_id, by = payload.parse_results_params(db, survey_id, wave, by)
            prepare(db, wave_id)  # a command may bring the wave up to date; pages never do
            data = payload.results_payload(db, survey_id, wave_id, by, None)
    except payload.NotFound as exc:
        raise click.ClickException(f"There is no survey with id {exc}.") from exc
    except payload.BadRequest as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.conn.close()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rows, columns = results_table(data)
    click.echo(table_to_csv(rows, columns), nl=False)
