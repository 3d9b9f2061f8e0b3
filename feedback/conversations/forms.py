"""The message form, shared by both sides: a text up to the comment limit and a nonce.

The nonce is drawn when the page is rendered and stored with the message: the same form sent
twice (a double click, a reload after posting, a replayed request) stores once.
"""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Regexp

from feedback.respond.forms import MAX_TEXT, normalise_newlines, readable_text, text_limit

MAX_MESSAGE = MAX_TEXT
NONCE = r"^[A-Za-z0-9_-]{22}$"


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class MessageForm(FlaskForm):
    """CSRFProtect (feedback.auth) checks every POST's token before the view runs."""

    class Meta:
        csrf = False

    text = TextAreaField(
        _l("Your message"),
        filters=[normalise_newlines, lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            DataRequired(_l("Please write a message.")),
            text_limit(MAX_MESSAGE),
            readable_text,
        ],
    )
    nonce = HiddenField(validators=[Regexp(NONCE, message=_l("Please reload the page."))])


class AnswerForm(MessageForm):
    """The employee's answer names which of their conversations it belongs to."""

    thread = HiddenField(validators=[Regexp(r"^[1-9][0-9]{0,18}$")])
