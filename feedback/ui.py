"""Page chrome shared by every area: Bootstrap served from the package, navigation helpers."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask, current_app, url_for
from flask_bootstrap import Bootstrap5

from feedback import numbers


def nav_url(endpoint: str, **values: Any) -> str | None:
    """The URL of an endpoint, or None while that area is not installed."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


@cache
def favicon() -> str:
    """static/favicon.svg as a data: URL. Inline, the icon costs no request: a fetched icon
    is still loading when a quick click leaves the page, and the browser logs it as failed."""
    svg = (Path(__file__).parent / "static" / "favicon.svg").read_text(encoding="utf-8")
    return "data:image/svg+xml," + quote(svg.strip(), safe=" =:/'")


def init_app(app: Flask) -> None:
    Bootstrap5(app)
    app.jinja_env.globals.update(nav_url=nav_url, favicon=favicon)
    app.jinja_env.filters.update(num=numbers.num, signed=numbers.signed, pct=numbers.pct)
