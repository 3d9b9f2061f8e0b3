"""Figures for display in the reader's language: "63,5%" in Dutch, "63.5%" in English.

Values are rounded by Python first (as `'%.1f'` always did, so a figure never changes with the
language) and the exact decimal is then laid out by Babel for the current locale.
"""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal, format_percent
from flask_babel import get_locale

DASH = "–"


def _locale() -> Locale:
    """The request's locale; English outside a request (CLI, unit tests of charts)."""
    return get_locale() or Locale("en")


def _rounded(value: float, digits: int) -> Decimal:
    return Decimal(f"{value:.{digits}f}")


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def num(value: float | None, digits: int = 1) -> str:
    """A figure with `digits` decimals; an en dash when there is none."""
    if value is None:
        return DASH
    return format_decimal(_rounded(value, digits), _pattern(digits), locale=_locale())


def signed(value: float | None, digits: int = 1) -> str:
    """A change with its sign always shown (+0.3, -1.2)."""
    if value is None:
        return DASH
    pattern = _pattern(digits)
    return format_decimal(_rounded(value, digits), f"+{pattern};-{pattern}", locale=_locale())


def pct(value: float | None, digits: int = 0) -> str:
    """A percentage given in points (63.5 -> "63.5%" or "63,5%")."""
    if value is None:
        return DASH
    share = _rounded(value, digits) / 100
    return format_percent(share, _pattern(digits) + "%", locale=_locale())
