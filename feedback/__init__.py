"""Goesting: pulse surveys that tell knowledge barriers from motivation barriers."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Each area is a package with `init_app(app)`: it registers its blueprint, CLI commands
# and hooks. The order matters only for the error handlers (errors first), the `id` URL
# converter (params, before any blueprint uses it) and the rate limiter (ratelimit, before
# the areas whose views it limits).
AREAS = (
    "feedback.errors",
    "feedback.params",
    "feedback.db",
    "feedback.backup",
    "feedback.i18n",
    "feedback.ui",
    "feedback.about",
    "feedback.health",
    "feedback.security",
    "feedback.ratelimit",
    "feedback.auth",
    "feedback.respond",
    "feedback.openlinks",
    "feedback.admin",
    "feedback.dashboard",
    "feedback.conversations",
    "feedback.api",
    "feedback.updates",
    "feedback.scoring.cli",
    "feedback.demo",
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment, then tests."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_mapping(
        SECRET_KEY=None,
        DATABASE=str(Path(app.instance_path) / "goesting.db"),
        MODEL_DIR=str(PROJECT_ROOT / "models"),
        BOOTSTRAP_SERVE_LOCAL=True,
        BABEL_DEFAULT_LOCALE="en",
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=64 * 1024,
        PUBLIC_URL="http://127.0.0.1:5000",
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("FEEDBACK")
    else:
        app.config.from_mapping(test_config)
    if os.environ.get("FEEDBACK_DATABASE") and test_config is None:
        app.config["DATABASE"] = os.environ["FEEDBACK_DATABASE"]
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    import importlib

    for area in AREAS:
        importlib.import_module(area).init_app(app)
    return app


def _instance_secret(instance: Path) -> str:
    """A per-installation secret kept in the instance folder, so sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
