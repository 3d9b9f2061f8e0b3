"""Anonymous conversations: a change manager replies to a comment, its author answers back
behind a private follow-up link, and nobody learns who the author is."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("conversations", __name__)


def init_app(app: Flask) -> None:
    """Register the employee's and the manager's pages, and what the thank-you page and the
    comment explorer ask (`follow_up_offered()`, `conversation_for(wave_id, handle)`)."""
    from feedback.conversations import followup, manage  # noqa: F401
    from feedback.conversations.offer import offered
    from feedback.conversations.visibility import conversation_for

    app.register_blueprint(bp)
    app.jinja_env.globals["follow_up_offered"] = offered
    app.jinja_env.globals["conversation_for"] = conversation_for
