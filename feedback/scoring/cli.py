"""Scoring commands: train, score, evaluate, rescore (being built)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext


@click.command("train")
@with_appcontext
@click.option("--if-missing", is_flag=True, help="Only train when no model artefact exists yet.")
def train_command(if_missing: bool) -> None:
    """Train the scoring model from the corpus in models/ (placeholder until the scorer lands)."""
    click.echo("No scorer yet: nothing to train.")


def init_app(app: Flask) -> None:
    app.cli.add_command(train_command)
