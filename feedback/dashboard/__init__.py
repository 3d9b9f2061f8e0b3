"""The dashboard area: the analytics pages (views.py), the comment explorer (comments.py),
actions (actions.py) and exports (exports.py), all on one blueprint."""

from __future__ import annotations

from flask import Flask, redirect, url_for
from flask_babel import get_locale

from feedback.dashboard.blueprint import bp
from feedback.scoring.concept_labels import evidence_label


def _home():
    return redirect(url_for("dashboard.index"))


def init_app(app: Flask) -> None:
    """Register the blueprint and the `analytics-refresh` command; send `/` to the overview."""
    from feedback.analytics.cli import analytics_refresh_command
    from feedback.dashboard import actions, comments, exports, views  # noqa: F401

    app.register_blueprint(bp)
    app.jinja_env.filters["evidence"] = _evidence
    app.cli.add_command(analytics_refresh_command)
    app.add_url_rule("/", "home", _home)


def _evidence(term: str) -> str:
    """An evidence term in the reader's language (concepts are stored by name)."""
    locale = get_locale()
    return evidence_label(str(term), locale.language if locale else "en")
