"""Whole numbers from requests, parsed one way: ids in URL paths through the app-wide `id`
converter, integers in query strings and forms through `sqlite_int` / `bounded_int`.

SQLite stores integers in signed 64 bits; Python hands it a larger one only to fail with
OverflowError, a server error. So a path id outside 1 … 2**63-1 is no page (404), and a query
integer outside SQLite's range is a bad request (400), before any query runs.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort
from werkzeug.routing import BaseConverter, ValidationError

SQLITE_MIN = -(2**63)
SQLITE_MAX = 2**63 - 1


class IdConverter(BaseConverter):
    """`<id:name>`: a row id, 1 … 2**63-1, written without sign or leading zeros."""

    # At most 19 ASCII digits (2**63-1 has 19), so no long string is ever parsed; unlike `\d`,
    # no other script's digits.
    regex = r"[1-9][0-9]{0,18}"
    weight = 50  # like werkzeug's int converter: a number part ranks before a free string

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > SQLITE_MAX:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


def sqlite_int(raw: str | None) -> int:
    """A whole number that fits an SQLite integer; ValueError otherwise."""
    value = int(raw or "")
    if not SQLITE_MIN <= value <= SQLITE_MAX:
        raise ValueError(f"{raw!r} does not fit a 64-bit integer")
    return value


def bounded_int(raw: str | None) -> int:
    """A whole number that fits an SQLite integer, or 400."""
    try:
        return sqlite_int(raw)
    except ValueError:
        abort(400)


def init_app(app: Flask) -> None:
    # Before any blueprint: a rule's converters are looked up when the rule is added.
    app.url_map.converters["id"] = IdConverter
