"""The quick read of a plainly valid submission agrees with the form wherever it answers."""

from __future__ import annotations

import pytest
from flask import request

from feedback.respond.forms import build_form, submission_from
from feedback.respond.quick import plain_submission
from tests.respond.conftest import valid_answers

ODD_VALUES = [
    "4", "04", "0", "10", "11", "6", "-1", "+4", " 4", "4 ", "4.0", "\u0664", "", "abc",
    "  ", "\r\n", "\x1c", " x ", "a\r\nb", "tab\there", "nul \x00", "\ufffd", "x" * 2000,
    "x" * 1999 + "\r\n", "x" * 2001,
]  # fmt: skip
AMBASSADOR = [
    {},
    {"amb_name": "  "},
    {"amb_name": "\x1c"},
    {"amb_consent": "false"},
    {"amb_consent": ""},
    {"amb_name": "An", "amb_email": "an@example.org", "amb_consent": "y"},
]


def judged_both_ways(app, items, data):
    """(quick result, form valid, form's submission) for these posted fields."""
    with app.test_request_context("/s/x", method="POST", data=data):
        quick = plain_submission(request.form, items)
        form = build_form(items, "en")
        valid = form.validate()
        return quick, valid, submission_from(form, items, "en") if valid else None


def test_a_plain_valid_submission_takes_the_quick_way(app, setup):
    quick, valid, by_form = judged_both_ways(app, setup.items, valid_answers(setup))
    assert valid and quick is not None
    assert quick == by_form


@pytest.mark.parametrize("value", ODD_VALUES)
def test_every_answer_the_quick_way_takes_the_form_takes_alike(app, setup, value):
    for item in setup.items:
        data = valid_answers(setup) | {f"q{item['id']}": value}
        quick, valid, by_form = judged_both_ways(app, setup.items, data)
        if quick is not None:
            assert valid, (item["key"], value)
            assert quick == by_form, (item["key"], value)


def test_a_missing_answer_is_judged_alike(app, setup):
    for item in setup.items:
        data = valid_answers(setup)
        data.pop(f"q{item['id']}", None)
        quick, valid, by_form = judged_both_ways(app, setup.items, data)
        if quick is not None:
            assert valid and quick == by_form, item["key"]
        elif not item["required"]:
            pytest.fail(f"optional {item['key']} left empty should take the quick way")


@pytest.mark.parametrize("extra", AMBASSADOR)
def test_only_a_plain_no_to_the_opt_in_takes_the_quick_way(app, setup, extra):
    quick, valid, by_form = judged_both_ways(app, setup.items, valid_answers(setup) | extra)
    if quick is not None:
        assert valid and quick == by_form
        assert quick.ambassador is None
    if extra.get("amb_name", "").strip():
        assert quick is None
