"""The dashboard area: analytics pages (views.py) and, when present, the comment explorer,
actions and exports (comments.py, actions.py, exports.py), all on one blueprint."""

from __future__ import annotations

import importlib
import importlib.util

from flask import Flask, redirect, url_for
from flask_babel import get_locale

from feedback.dashboard.blueprint import bp
from feedback.scoring.concept_labels import evidence_label

# Route modules that register on `bp`; optional ones are imported only when they exist.
ROUTE_MODULES = ("views", "comments", "actions", "exports")


def _home():
    return redirect(url_for("dashboard.index"))


def init_app(app: Flask) -> None:
    """Import the route modules, register the blueprint and send `/` to the overview."""
    for name in ROUTE_MODULES:
        module = f"{__name__}.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
    if "dashboard" not in app.blueprints:
        app.register_blueprint(bp)
    app.jinja_env.filters["evidence"] = _evidence
    from feedback.analytics.cli import analytics_refresh_command

    app.cli.add_command(analytics_refresh_command)
    if not any(rule.rule == "/" for rule in app.url_map.iter_rules()):
        app.add_url_rule("/", "home", _home)


def _evidence(term: str) -> str:
    """An evidence term in the reader's language (concepts are stored by name)."""
    locale = get_locale()
    return evidence_label(str(term), locale.language if locale else "en")
