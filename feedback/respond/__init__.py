"""The respondent flow: a personal link, a short form in the person's language, one answer."""

from __future__ import annotations

from flask import Blueprint, Flask

from feedback.ratelimit import limit_view, limiter, per_minute

bp = Blueprint("respond", __name__)


def init_app(app: Flask) -> None:
    """Register the respondent pages, limited per client address and minute."""
    from feedback.respond import views  # noqa: F401

    app.register_blueprint(bp)
    pages = limiter(app).limit(per_minute("RATELIMIT_RESPOND_PER_MINUTE", 300))
    limit_view(app, "respond.survey", pages)
