"""The read-only JSON API at /api/v1: surveys, waves and results, for per-user bearer tokens.

Viewers' department scope applies as on the dashboard; every figure passes the
confidentiality engine, so a suppressed group is only {"segment": ..., "suppressed": true}.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, g, jsonify, request
from flask_babel import gettext as _

from feedback.analytics.guard import NotPrepared
from feedback.api import payload
from feedback.api.tokens import user_for_token
from feedback.db import get_db

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def error(status: int, message: str) -> Response:
    response = jsonify(error=message, status=status)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="goesting"'
    return response


@bp.before_request
def authenticate() -> Response | None:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(get_db(), token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        return error(401, _("A valid API token is required: send 'Authorization: Bearer <token>'."))
    g.api_user = user
    return None


@bp.errorhandler(payload.NotFound)
def not_found(_exc: payload.NotFound) -> Response:
    return error(404, _("There is no survey with this id."))


@bp.errorhandler(payload.BadRequest)
def bad_request(exc: payload.BadRequest) -> Response:
    return error(400, str(exc))


@bp.errorhandler(payload.NotReleased)
def not_released(exc: payload.NotReleased) -> Response:
    return error(422, str(exc))


@bp.errorhandler(NotPrepared)
def not_prepared(_exc: NotPrepared) -> Response:
    response = error(503, _("This wave's results are being prepared; try again soon."))
    response.headers["Retry-After"] = "60"
    return response


@bp.get("/surveys")
def surveys() -> Any:
    return jsonify(surveys=payload.list_surveys(get_db()))


@bp.get("/surveys/<id:survey_id>")
def survey(survey_id: int) -> Any:
    return jsonify(payload.survey_detail(get_db(), survey_id))


@bp.get("/surveys/<id:survey_id>/waves")
def waves(survey_id: int) -> Any:
    return jsonify(survey_id=survey_id, waves=payload.list_waves(get_db(), survey_id))


@bp.get("/surveys/<id:survey_id>/results")
def results(survey_id: int) -> Any:
    db = get_db()
    wave_id, by = payload.parse_results_params(
        db, survey_id, request.args.get("wave"), request.args.get("by")
    )
    filters = payload.parse_filter(request.args.getlist("filter"))
    return jsonify(payload.results_payload(db, survey_id, wave_id, by, g.api_user, filters))


def init_app(app: Flask) -> None:
    """Register the API blueprint and the `create-token` and `results` commands."""
    from feedback.api.cli import create_token_command, results_command

    app.register_blueprint(bp)
    app.cli.add_command(create_token_command)
    app.cli.add_command(results_command)
