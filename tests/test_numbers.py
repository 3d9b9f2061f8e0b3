"""Figures follow the reader's language: a decimal comma in Dutch, a point in English."""

from __future__ import annotations

import pytest

from feedback.numbers import num, pct, signed


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ("63.5", "3.91", "+0.30", "-13.4", "63.5%", "1,234.5")),
        ("nl", ("63,5", "3,91", "+0,30", "-13,4", "63,5%", "1.234,5")),
    ],
)
def test_figures_in_the_request_language(app, lang, expected):
    with app.test_request_context(f"/?lang={lang}"):
        shown = (num(63.5), num(3.9123, 2), signed(0.3, 2), signed(-13.42), pct(63.5, 1))
        assert (*shown, num(1234.5)) == expected


def test_rounding_is_the_same_in_every_language(app):
    """Python's rounding of the float, then only the separators change (2.675 is 2.67499…)."""
    with app.test_request_context("/?lang=nl"):
        assert num(2.675, 2) == "2,67" and num(0.125, 2) == "0,12"
    assert num(2.675, 2) == f"{2.675:.2f}"


def test_missing_figures_show_a_dash_and_whole_numbers_no_decimals(app):
    with app.test_request_context("/?lang=nl"):
        assert num(None) == signed(None) == pct(None) == "–"
        assert num(-77.0, 0) == "-77" and signed(0.0, 0) == "+0" and pct(40) == "40%"


def test_outside_a_request_figures_are_english():
    assert num(7.25, 1) == f"{7.25:.1f}" and pct(12.5, 1) == "12.5%"


def test_templates_have_the_filters(app):
    with app.test_request_context("/?lang=nl"):
        render = app.jinja_env.from_string("{{ 3.5|num }} {{ -0.25|signed(2) }} {{ 70|pct }}")
        assert render.render() == "3,5 -0,25 70%"
