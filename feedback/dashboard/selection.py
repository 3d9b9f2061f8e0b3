"""What a dashboard page shows: survey, wave, breakdown segment and filters from the query
string, checked, with the viewer's department scope applied before anything is counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from feedback.analytics.aggregate import group_stats
from feedback.analytics.population import Population, UnknownSegment, scope_of
from feedback.analytics.waves import previous_wave, survey_waves, surveys
from feedback.confidentiality import Thresholds, thresholds
from feedback.segments import SEGMENTS


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
    try:
        return int(raw)
    except ValueError:
        abort(400)


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
        population = Population.make(parse_filters(raw_filters), scope_of(current_user))
    except UnknownSegment:
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
    """Per segment, the values that hold at least k respondents of the wave in the viewer's
    scope (others would be refused anyway). Teams are listed once per name."""
    scope = Population.make(None, sel.population.departments)
    options = {}
    for segment in SEGMENTS:
        stats = group_stats(db, sel.survey["id"], sel.wave["id"], segment, scope)
        options[segment] = sorted({str(s.segment) for s in stats if s.n >= sel.k})
    return options
