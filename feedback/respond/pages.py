"""The respondent's refusal and error pages, and the guard against undecodable form data."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from flask import abort, g, make_response, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from feedback.errors import error_response
from feedback.respond import bp
from feedback.respond.lookup import AlreadyAnswered, Invitation, WaveClosed, WaveNotOpen

log = logging.getLogger(__name__)


def page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("respond/message.html", title=title, message=message), status


def unknown_link() -> tuple[str, int]:
    return page(
        404,
        _("Link not found"),
        _("We do not know this survey link. Please check that you copied all of it."),
    )


def refusal(exc: Exception, invitation: Invitation) -> tuple[str, int]:
    """The page for a link that cannot take an answer now."""
    if isinstance(exc, AlreadyAnswered):
        return page(
            409,
            _("Thank you!"),
            _("You already answered this wave, thank you. Your answer was stored once."),
        )
    if isinstance(exc, WaveClosed):
        return page(
            410,
            _("This survey round is closed"),
            _("This survey round is closed. You will get a new link for the next round."),
        )
    if isinstance(exc, WaveNotOpen):
        opens = format_date(dt.date.fromisoformat(invitation.opens_on), "long")
        return page(
            404,
            _("Not open yet"),
            _(
                "This survey round has not started yet. Your link will work from %(date)s.",
                date=opens,
            ),
        )
    return unknown_link()


@bp.url_value_preprocessor
def find_undecodable_fields(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Note form fields whose percent-encoded bytes are not UTF-8.

    werkzeug keeps such a value as literal "%FF" text, and drops the whole form when the body
    holds raw non-UTF-8 bytes. This runs before CSRFProtect's before_request parses the form
    (URL value preprocessors come first), so the raw body can still be read and cached.
    """
    g.undecodable = set()
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return
    body = request.get_data(cache=True)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        abort(
            make_response(
                page(
                    400,
                    _("Your answers could not be read"),
                    _("Part of what you sent could not be read. Please go back and type it again."),
                )
            )
        )
    if _all_utf8(body):
        return
    for name, value in parse_qsl(
        body.decode("latin-1"), keep_blank_values=True, encoding="latin-1"
    ):
        try:
            value.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            g.undecodable.add(name)


def _all_utf8(body: bytes) -> bool:
    """Whether every field decodes: the whole body, percent-decoded, is UTF-8.

    The fields are separated by ASCII bytes (`&`, `=`, or their escapes), which can never be
    part of a multi-byte sequence, so a valid whole has no invalid piece.
    """
    try:
        unquote_to_bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@bp.errorhandler(sqlite3.OperationalError)
def database_busy(_exc: sqlite3.OperationalError) -> tuple[str, int]:
    log.exception("database unavailable for a respondent")
    return page(
        503, _("Please try again"), _("We are very busy right now. Please try again in a minute.")
    )


@bp.app_errorhandler(CSRFError)
def session_expired(_exc: CSRFError) -> Any:
    message = _("Your session expired. Please reload the link and fill in the form again.")
    if request.blueprint == "respond":
        return page(400, _("Session expired"), message)
    return error_response(400, message)
