"""The dashboard blueprint, shared by the analytics pages and the comments/actions pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
