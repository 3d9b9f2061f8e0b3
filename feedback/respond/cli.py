"""`links WAVE_ID`: fresh survey links for every invitee of a wave without answers, as CSV."""

from __future__ import annotations

import csv
import io

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback.db import open_database
from feedback.invitations import WaveHasAnswers, reissue_all


@click.command("links")
@with_appcontext
@click.argument("wave_id", type=int)
def links_command(wave_id: int) -> None:
    """Print CSV `email,url` for every invitee of WAVE_ID (for a mail merge), only while the
    wave has no answer yet.

    Only token hashes are stored, so each person gets a NEW link: the links they received
    before stop working. Send the new ones. People marked inactive in the roster are skipped.
    Once anyone has answered, no list is given: it would tell who has not answered; the
    server's reminders (`remind WAVE_ID`) reach them instead.
    """
    db = open_database(current_app)
    try:
        if db.conn.execute("SELECT 1 FROM waves WHERE id = ?", [wave_id]).fetchone() is None:
            raise click.ClickException(f"There is no wave with id {wave_id}.")
        try:
            # Marked invited, as by the admin export: an invitation e-mail later would replace
            # the merged link, and its count would then differ by who answered through it.
            links = reissue_all(db, wave_id, mark_invited=True)
        except WaveHasAnswers as exc:
            raise click.ClickException(
                f"Wave {wave_id} has answers, so a list of links would tell who has not "
                f"answered. Send reminders instead: remind {wave_id}"
            ) from exc
        base = current_app.config["PUBLIC_URL"].rstrip("/")
        click.echo(csv_line(["email", "url"]), nl=False)
        for email, _language, token in links:
            click.echo(csv_line([email, f"{base}/s/{token}"]), nl=False)
    finally:
        db.conn.close()


def csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()
