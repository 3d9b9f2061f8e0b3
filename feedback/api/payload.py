"""What the API and the `results` command answer: plain data, through the confidentiality engine."""

from __future__ import annotations

from typing import Any

import sqlite_utils
from flask_babel import gettext as _

from feedback.auth.users import User
from feedback.confidentiality import GroupTooSmall, thresholds
from feedback.domain import SEGMENTS
from feedback.params import sqlite_int
from feedback.waves import WaveNotFound, get_wave


class NotReleased(ValueError):
    """The filter asked for is a group the release model does not show (422)."""


class BadRequest(ValueError):
    """A parameter is missing or wrong; the message says which and why."""


class NotFound(LookupError):
    """No such survey."""


def survey_row(db: sqlite_utils.Database, survey_id: int) -> dict[str, Any]:
    rows = list(
        db.query(
            "SELECT id, name, k_scores, k_comments, created_on FROM surveys WHERE id = ?",
            [survey_id],
        )
    )
    if not rows:
        raise NotFound(survey_id)
    return rows[0]


def list_surveys(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            """SELECT s.id, s.name, s.created_on,
                      (SELECT count(*) FROM waves w WHERE w.survey_id = s.id) AS waves
               FROM surveys s ORDER BY s.id"""
        )
    )


def survey_detail(db: sqlite_utils.Database, survey_id: int) -> dict[str, Any]:
    survey = survey_row(db, survey_id)
    survey["items"] = list(
        db.query(
            "SELECT key, kind, dimension, text_en, text_nl FROM items "
            "WHERE survey_id = ? AND active = 1 ORDER BY position",
            [survey_id],
        )
    )
    return survey


def list_waves(db: sqlite_utils.Database, survey_id: int) -> list[dict[str, Any]]:
    survey_row(db, survey_id)
    return list(
        db.query(
            "SELECT id, number, opens_on, closes_on, status FROM waves "
            "WHERE survey_id = ? ORDER BY number",
            [survey_id],
        )
    )


def parse_results_params(
    db: sqlite_utils.Database, survey_id: int, wave: str | None, by: str | None
) -> tuple[int, str]:
    """Check `wave` and `by` for a survey; BadRequest with a clear message otherwise."""
    survey_row(db, survey_id)
    if not wave:
        raise BadRequest(
            _("The parameter 'wave' is required: the id of one of the survey's waves.")
        )
    try:
        wave_id = sqlite_int(wave)
    except ValueError:
        raise BadRequest(_("The parameter 'wave' must be a whole number.")) from None
    try:
        get_wave(db, wave_id, survey_id)
    except WaveNotFound:
        raise BadRequest(
            _("Wave %(wave)s is not a wave of survey %(survey)s.", wave=wave_id, survey=survey_id)
        ) from None
    if by not in SEGMENTS:
        raise BadRequest(
            _("The parameter 'by' must be one of: %(segments)s.", segments=", ".join(SEGMENTS))
        )
    return wave_id, by


def parse_filter(raw: list[str]) -> list[tuple[str, str]]:
    """At most one `segment:value` filter (docs/confidentiality.md); BadRequest otherwise."""
    pairs = []
    for item in raw:
        segment, sep, value = item.partition(":")
        if not sep or segment not in SEGMENTS:
            raise BadRequest(
                _("A filter is written segment:value, with a segment of: %(segments)s.")
                % {"segments": ", ".join(SEGMENTS)}
            )
        pairs.append((segment, value))
    if len(set(pairs)) > 1:
        raise BadRequest(_("At most one filter may be given."))
    return pairs


def results_payload(
    db: sqlite_utils.Database,
    survey_id: int,
    wave_id: int,
    by: str,
    user: User | None,
    filters: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The analytics core's results, with suppressed groups reduced to segment and flag;
    NotReleased for a filter whose group is not released."""
    from feedback.analytics.population import scope_of
    from feedback.analytics.query import Query
    from feedback.analytics.results import results

    q = Query.make(survey_id, wave_id, by, filters, scope_of(user))
    try:
        data = results(db, q)
    except GroupTooSmall:
        if filters:
            raise NotReleased(
                _("This filter would show or single out a small group, so it is not shown.")
            ) from None
        data = all_suppressed(db, survey_id, wave_id, by)
    return normalise(data)


def all_suppressed(
    db: sqlite_utils.Database, survey_id: int, wave_id: int, by: str
) -> dict[str, Any]:
    """The answer when the whole population in scope is below k: no group, no figure."""
    wave = get_wave(db, wave_id)
    return {
        "survey_id": survey_id,
        "wave_id": wave_id,
        "wave": wave.number,
        "date": wave.opens_on,
        "by": by,
        "filters": {},
        "k": thresholds(db, wave_id).k,
        "overall": {"segment": "all", "suppressed": True},
        "groups": [],
    }


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Make sure a suppressed group carries nothing but its name (and a team's department)."""
    out = dict(data)
    out["overall"] = _entry(out.get("overall") or {})
    out["groups"] = [_entry(g) for g in out.get("groups") or []]
    return out


def _entry(group: dict[str, Any]) -> dict[str, Any]:
    if not group.get("suppressed"):
        return group
    head: dict[str, Any] = {k: group[k] for k in ("segment", "department") if k in group}
    return {**head, "suppressed": True}
