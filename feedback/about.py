"""The public about page: what Goesting promises employees, and the confidentiality model."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, render_template

from feedback import PROJECT_ROOT

bp = Blueprint("about", __name__, url_prefix="/about")


@bp.route("")
def about() -> str:
    return render_template("about/about.html")


@bp.route("/confidentiality.md")
def confidentiality() -> Response:
    """docs/confidentiality.md itself, the model's full statement, as plain text."""
    text = (PROJECT_ROOT / "docs" / "confidentiality.md").read_text(encoding="utf-8")
    return Response(text, mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
