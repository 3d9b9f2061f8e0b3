"""Open links per location: a wave's answers from people without an e-mail address or a desk.

An admin makes one link per location (a random key, stored hashed), prints its QR poster and
hangs it on the floor; whoever opens it picks their department and answers the wave's form.
Such answers carry location and department only and are marked as open-link answers.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("openlinks", __name__)


def init_app(app: Flask) -> None:
    """Register the public answer page and the admin pages."""
    from feedback.openlinks import routes_admin, routes_public  # noqa: F401

    app.register_blueprint(bp)
