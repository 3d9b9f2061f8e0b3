"""One place that turns errors into pages or JSON, whichever the client asked for."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from werkzeug.exceptions import HTTPException

bp = Blueprint("errors", __name__)

MESSAGES = {
    400: lazy_gettext("The request could not be understood. Please go back and try again."),
    403: lazy_gettext("You do not have access to this page."),
    404: lazy_gettext("This page does not exist. Check the link you received."),
    405: lazy_gettext("This action is not allowed here."),
    409: lazy_gettext("This was already done."),
    410: lazy_gettext("This is no longer available."),
    413: lazy_gettext("What you sent is too large. Please shorten it and try again."),
    429: lazy_gettext("Too many attempts. Please wait a minute and try again."),
    500: lazy_gettext("Something went wrong on our side. Please try again in a moment."),
    503: lazy_gettext("The service is busy. Please try again in a moment."),
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(status: int, message: str | None = None):
    text = message or str(MESSAGES.get(status, MESSAGES[500]))
    if wants_json():
        return jsonify(error=text, status=status), status
    return render_template("errors/error.html", status=status, message=text), status


@bp.app_errorhandler(HTTPException)
def handle_http(exc: HTTPException):
    if exc.response is not None:  # made for this error: a rate limit's, with its Retry-After
        return exc.response
    code = exc.code or 500
    custom = exc.description if getattr(exc, "goesting_message", False) else None
    return error_response(code, custom)


@bp.app_errorhandler(Exception)
def handle_unexpected(exc: Exception):
    from flask import current_app

    current_app.logger.exception("Unhandled error")
    return error_response(500, _("Something went wrong on our side. Please try again in a moment."))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
