"""The respondent flow: a personal link, a short form in the person's language, one answer."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("respond", __name__)

from feedback.respond import views  # noqa: E402, F401  (registers the routes on bp)


def init_app(app: Flask) -> None:
    """Register the respondent pages and the `links` command."""
    from feedback.respond.cli import links_command

    app.register_blueprint(bp)
    app.cli.add_command(links_command)
