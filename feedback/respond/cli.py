"""`links WAVE_ID`: fresh survey links for a wave's unanswered invitations, as CSV."""

from __future__ import annotations

import csv
import io

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback.db import open_database
from feedback.invitations import reissue_token


@click.command("links")
@with_appcontext
@click.argument("wave_id", type=int)
def links_command(wave_id: int) -> None:
    """Print CSV `email,url` for every unanswered invitation of WAVE_ID (for a mail merge).

    Only token hashes are stored, so each of these people gets a NEW link: the links they
    received before stop working. Send the new ones. Answered invitations are left alone;
    people marked inactive in the roster are skipped.
    """
    db = open_database(current_app)
    try:
        if db.conn.execute("SELECT 1 FROM waves WHERE id = ?", [wave_id]).fetchone() is None:
            raise click.ClickException(f"There is no wave with id {wave_id}.")
        rows = db.conn.execute(
            """SELECT i.id, p.email FROM invitations i JOIN people p ON p.id = i.person_id
               WHERE i.wave_id = ? AND i.used = 0 AND p.active = 1 ORDER BY p.email""",
            [wave_id],
        ).fetchall()
        base = current_app.config["PUBLIC_URL"].rstrip("/")
        click.echo(csv_line(["email", "url"]), nl=False)
        for invitation_id, email in rows:
            try:
                token = reissue_token(db, invitation_id)
            except ValueError:
                continue  # answered since the query above: their link is spent anyway
            click.echo(csv_line([email, f"{base}/s/{token}"]), nl=False)
    finally:
        db.conn.close()


def csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()
