"""Page chrome shared by every area: Bootstrap served from the package, navigation helpers."""

from __future__ import annotations

from flask import Flask, current_app, url_for
from flask_bootstrap import Bootstrap5

from feedback import numbers


def nav_url(endpoint: str, **values: object) -> str | None:
    """The URL of an endpoint, or None while that area is not installed."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def init_app(app: Flask) -> None:
    Bootstrap5(app)
    app.jinja_env.globals["nav_url"] = nav_url
    app.jinja_env.filters.update(num=numbers.num, signed=numbers.signed, pct=numbers.pct)
