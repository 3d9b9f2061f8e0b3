"""The respondent flow: a personal link, a short form in the person's language, one answer."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("respond", __name__)


def init_app(app: Flask) -> None:
    """Register the respondent pages."""
    from feedback.respond import views  # noqa: F401

    app.register_blueprint(bp)
