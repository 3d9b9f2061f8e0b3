"""The admin area: surveys, waves, roster, invitations and users, for change managers."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from feedback.admin.errors import NO_WAVE, AdminError, NotFound
from feedback.admin.forms import DIMENSION_CHOICES, KIND_CHOICES
from feedback.auth import admin_required
from feedback.waves import WaveNotFound

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@admin_required
def only_admins() -> None:
    """Every admin page is for admins; viewers get 403."""


@bp.errorhandler(AdminError)
def show_problem(exc: AdminError):
    back = getattr(g, "back", None) or url_for("admin.surveys")
    return render_template("admin/problem.html", message=str(exc), back=back), exc.status


@bp.context_processor
def labels() -> dict:
    """Display names for the codes stored in the database."""
    return {
        "kind_labels": {c.value: c.label for c in KIND_CHOICES},
        "dimension_labels": {c.value: c.label for c in DIMENSION_CHOICES},
        "status_labels": {
            "scheduled": _l("scheduled"),
            "open": _l("open"),
            "closed": _l("closed"),
        },
        "segment_labels": {
            "department": _l("Department"),
            "team": _l("Team"),
            "location": _l("Location"),
            "role": _l("Role"),
            "language": _l("Language"),
        },
    }


@bp.errorhandler(WaveNotFound)
def no_wave(_exc: WaveNotFound):
    return show_problem(NotFound(NO_WAVE))


@bp.errorhandler(CSRFError)
def form_expired(_exc: CSRFError):
    message = _("This form has expired. Reload the page and try again; nothing was saved.")
    back = getattr(g, "back", None) or url_for("admin.surveys")
    return render_template("admin/problem.html", message=message, back=back), 400


@bp.route("/")
def index():
    return redirect(url_for("admin.surveys"))


def today() -> dt.date:
    return dt.date.today()


def init_app(app: Flask) -> None:
    """Register this area's blueprint, commands and hooks."""
    from feedback.admin import (  # noqa: F401
        cli,
        routes_preview,
        routes_roster,
        routes_surveys,
        routes_users,
        routes_waves,
    )

    app.register_blueprint(bp)
    cli.init_app(app)
