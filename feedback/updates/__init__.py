"""You said, we did: the actions change managers published, shown to employees on the
thank-you page, at the top of the next wave's form, on a public page per survey and in the
invitation and reminder e-mails, each only where its group is large enough to be shown."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("updates", __name__)


def init_app(app: Flask) -> None:
    """Register the public page."""
    from feedback.updates import routes  # noqa: F401

    app.register_blueprint(bp)
