"""What a dashboard page shows: survey, wave, breakdown segment and filters from the query
string, checked, with the viewer's department scope applied before anything is counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from feedback.analytics.guard import get_release
from feedback.analytics.population import Population, UnknownSegment, scope_of
from feedback.analytics.query import Query
from feedback.analytics.waves import previous_wave, survey_waves, surveys
from feedback.confidentiality import Thresholds, thresholds
from feedback.domain import SEGMENTS
from feedback.params import bounded_int
from feedback.release import MAX_FILTERS, TooManyFilters, check_filters, scope_key


class NothingToShow(Exception):
    """No survey, or no wave that has opened yet."""


@dataclass
class Selection:
    survey: dict
    surveys: list[dict]
    waves: list[dict]
    wave: dict
    previous: dict | None
    by: str
    population: Population
    limits: Thresholds
    filter_args: list[str] = field(default_factory=list)

    @property
    def k(self) -> int:
        return self.limits.k

    @property
    def query(self) -> Query:
        """What the analytics are asked: this survey's wave, breakdown and population."""
        return Query(self.survey["id"], self.wave["id"], self.by, self.population)

    def args(self, **overrides: Any) -> dict[str, Any]:
        """Query arguments that keep this selection on another page."""
        out: dict[str, Any] = {
            "survey": self.survey["id"],
            "wave": self.wave["id"],
            "by": self.by,
            "filter": self.filter_args,
        }
        out.update(overrides)
        return out


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    return bounded_int(raw)


def parse_filters(raw: list[str]) -> list[tuple[str, str]]:
    """'segment:value' pairs; UnknownSegment for a bad segment, ValueError for bad syntax."""
    pairs = []
    for item in raw:
        if not item:
            continue
        segment, sep, value = item.partition(":")
        if not sep or segment not in SEGMENTS:
            raise UnknownSegment(item)
        pairs.append((segment, value))
    return pairs


def select(db: sqlite_utils.Database, default_by: str = "department") -> Selection:
    """The selection asked for; 400 on malformed input, 404 on an unknown survey or wave."""
    all_surveys = surveys(db)
    if not all_surveys:
        raise NothingToShow(_("There is no survey yet."))
    survey_id = _int_arg("survey")
    survey = next((s for s in all_surveys if s["id"] == survey_id), None)
    if survey_id is not None and survey is None:
        abort(404)
    survey = survey or all_surveys[-1]
    waves = survey_waves(db, survey["id"])
    if not waves:
        raise NothingToShow(_("No wave of this survey has opened yet."))
    wave_id = _int_arg("wave")
    wave = next((w for w in waves if w["id"] == wave_id), None)
    if wave_id is not None and wave is None:
        abort(404)
    wave = wave or waves[-1]
    by = request.args.get("by") or default_by
    raw_filters = request.args.getlist("filter")
    try:
        if by not in SEGMENTS:
            raise UnknownSegment(by)
        pairs = check_filters(parse_filters(raw_filters[: MAX_FILTERS + 1]))
        if len(raw_filters) > MAX_FILTERS + 1:
            raise TooManyFilters(len(raw_filters))
        population = Population.make(pairs, scope_of(current_user))
    except (UnknownSegment, TooManyFilters):
        abort(400)
    return Selection(
        survey,
        all_surveys,
        waves,
        wave,
        previous_wave(db, wave),
        by,
        population,
        thresholds(db, wave["id"]),
        [f for f in raw_filters if f],
    )


def filter_options(db: sqlite_utils.Database, sel: Selection) -> dict[str, list[str]]:
    """Per segment, the values the wave's release shows as a filter in the viewer's scope
    (others would be refused anyway). Teams are listed once per name."""
    scope = scope_key(sel.population.departments)
    release = get_release(db, sel.wave["id"], scope)
    where, params = Population.make(None, sel.population.departments).where("r")
    options = {}
    for segment in SEGMENTS:
        values = db.execute(
            f"SELECT DISTINCT r.{segment} FROM analytics_scores r WHERE r.wave_id = ?{where}",
            [sel.wave["id"], *params],
        ).fetchall()
        options[segment] = sorted(
            str(v) for (v,) in values if release.shows(scope, ((segment, str(v)),))
        )
    return options
