"""A complete, plainly valid submission read straight from the posted fields.

Building and validating the WTForms form was the largest part of a submission's CPU time
(bench/submit.py). Most submissions are plainly valid, so they are read here with checks that
accept only what the form accepts, giving the same values. Anything else (an error, an
ambassador opt-in, unusual input) returns None, and the form judges it and explains.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from feedback.respond.forms import MAX_TEXT, field_name, normalise_newlines
from feedback.respond.service import Submission
from feedback.survey_template import item_choices

AMBASSADOR_FIELDS = ("amb_name", "amb_email", "amb_consent")
# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; tab and newline are allowed.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_submission(
    formdata: MultiDict[str, str], items: list[dict[str, Any]]
) -> Submission | None:
    """The submission if every answer is plainly valid and there is no opt-in, else None."""
    if any(formdata.get(name, "").strip() for name in AMBASSADOR_FIELDS):
        return None
    submission = Submission()
    for item in items:
        values = formdata.getlist(field_name(item))
        if item["kind"] == "text":
            text = _plain_text(values, bool(item["required"]))
            if text is None:
                return None
            if text.strip():
                submission.comments[item["id"]] = text
        else:
            answer = _plain_choice(values, item)
            if answer is None:
                return None
            if isinstance(answer, int):  # not "" (a blank optional answer)
                submission.answers[item["id"]] = answer
    return submission


def _plain_choice(values: list[str], item: dict[str, Any]) -> int | str | None:
    """The answer, "" for a blank optional one, None when the form must judge it."""
    if not values or values[0] == "":
        return None if item["required"] else ""
    value = values[0]
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number in _values(item) else None


def _values(item: dict[str, Any]) -> range | set[int]:
    if item["kind"] == "likert":
        return range(1, 6)
    if item["kind"] == "scale":
        return range(11)
    return {int(choice["value"]) for choice in item_choices(item)}


def _plain_text(values: list[str], required: bool) -> str | None:
    """The text ("" for a blank optional one), None when the form must judge it."""
    text = normalise_newlines(values[0]) if values else ""
    if not text.strip():
        return None if required else ""
    if len(text) > MAX_TEXT or "\ufffd" in text:
        return None
    if CONTROL.search(text):
        return None
    return text
