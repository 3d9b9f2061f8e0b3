"""The api area (being built)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this area's blueprint, commands and hooks."""
