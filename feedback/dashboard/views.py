"""The analytics pages: overview, heatmap, readiness matrix, managers and ambassadors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback.analytics.aggregate import figures
from feedback.analytics.ambassadors import candidate_counts, contacts, contacts_held_back
from feedback.analytics.attention import where_to_act
from feedback.analytics.drivers import MIN_DRIVER_N, driver_analysis
from feedback.analytics.guard import NotPrepared, check_filter, get_release
from feedback.analytics.matrix import matrix_view
from feedback.analytics.overview import changes, movers, trend
from feedback.analytics.readiness import band
from feedback.analytics.results import protected_groups, results
from feedback.analytics.waves import reminder_rounds
from feedback.auth import admin_required
from feedback.confidentiality import GroupTooSmall, thresholds
from feedback.dashboard import charts_view
from feedback.dashboard.blueprint import bp
from feedback.dashboard.explorer.action_store import list_actions
from feedback.dashboard.explorer.action_view import visible_to
from feedback.dashboard.labels import (
    BARRIER_LABELS,
    DIMENSION_LABELS,
    MIX_LABELS,
    QUADRANT_LABELS,
    SEGMENT_LABELS,
    VERDICT_LABELS,
    group_label,
    value_label,
)
from feedback.dashboard.selection import (
    NothingToShow,
    Selection,
    filter_options,
    select,
)
from feedback.db import get_db
from feedback.domain import DIMENSIONS, QUADRANTS
from feedback.exports import table_to_csv
from feedback.params import bounded_int
from feedback.release import scope_key


@bp.errorhandler(NotPrepared)
def preparing(_exc: NotPrepared) -> Any:
    """A wave whose release is not decided yet (answers just arrived, or a viewer's
    departments are new): said so, and nothing is computed or stored on this request."""
    return render_template("dashboard/preparing.html")


@bp.context_processor
def labels() -> dict[str, Any]:
    return {
        "segment_labels": SEGMENT_LABELS,
        "dimension_labels": DIMENSION_LABELS,
        "barrier_labels": BARRIER_LABELS,
        "mix_labels": MIX_LABELS,
        "quadrant_labels": QUADRANT_LABELS,
        "verdict_labels": VERDICT_LABELS,
        "value_label": value_label,
        "group_label": group_label,
        "dimensions": DIMENSIONS,
    }


def page(template: str, default_by: str = "department") -> Callable:
    """Parse the selection, refuse small populations, and render `template` with what the
    view returns; a refused filter keeps the page and its form, with status 422."""

    def decorate(view: Callable[[Selection], dict[str, Any]]) -> Callable:
        @wraps(view)
        def wrapped() -> Any:
            db = get_db()
            try:
                sel = select(db, default_by)
            except NothingToShow as empty:
                return render_template("dashboard/empty.html", message=str(empty))
            try:
                base = {"sel": sel, "options": filter_options(db, sel), "template": template}
                check_filter(db, sel.query)
                shown = view(sel)
            except GroupTooSmall:
                message = _(
                    "This selection would show or single out a group of fewer than "
                    "%(k)s respondents, so it is not shown.",
                    k=sel.k,
                )
                return render_template(template, refused=message, **base), 422
            return render_template(template, refused=None, **base, **shown)

        return wrapped

    return decorate


@bp.route("/")
@page("dashboard/overview.html")
def index(sel: Selection) -> dict[str, Any]:
    db = get_db()
    q = sel.query
    waves = trend(db, q)
    current = next(w for w in waves if w["wave"] == sel.wave["id"])
    previous = next((w for w in waves if sel.previous and w["wave"] == sel.previous["id"]), None)
    return {
        "waves": waves,
        "current": current,
        "change": changes(current, previous),
        "movers": movers(db, q, sel.previous),
        "charts": charts_view.overview_charts(
            waves,
            [
                a
                for a in list_actions(db, sel.survey["id"])
                if visible_to(a, sel.population.departments)
            ],
        ),
        "reminders": reminder_rounds(db, sel.wave["id"]),
        "attention": where_to_act(db, q),
    }


def _heat_rows(sel: Selection, verdicts: dict[tuple[Any, Any], dict]) -> list[dict[str, Any]]:
    db = get_db()
    now = protected_groups(db, sel.query)
    before: dict[tuple, dict] = {}
    if sel.previous:
        k_prev = thresholds(db, sel.previous["id"]).k
        for r in protected_groups(db, sel.query.at(sel.previous["id"])):
            if not r.get("suppressed"):
                before[(r["segment"], r["parent"])] = figures(r["stats"], k_prev)
    rows = []
    for r in now:
        if r.get("suppressed"):
            rows.append(r)
            continue
        fig = figures(r["stats"], sel.k)
        prev = before.get((r["segment"], r["parent"]))
        diagnosis = verdicts.get((r["segment"], r["parent"]))
        rows.append({**r, "fig": fig, "prev": prev, "diagnosis": diagnosis})
    return rows


def diagnoses(sel: Selection) -> dict[tuple[Any, Any], dict[str, Any]]:
    """{(segment, department for teams): diagnosis} of the selection's breakdown, exactly as
    results() (the API, the exports, the `results` command) gives it."""
    try:
        data = results(get_db(), sel.query)
    except GroupTooSmall:
        return {}
    return {
        (g["segment"], g.get("department")): g["diagnosis"]
        for g in data["groups"]
        if not g.get("suppressed")
    }


def comment_links(sel: Selection, shown: Iterable[tuple[Any, Any]]) -> dict[tuple[Any, Any], str]:
    """{(segment, department for teams): URL of the comment explorer for that group}, for the
    `shown` rows of the breakdown whose comments the release lists (unfiltered selections
    only: a comment list is one group, never a group within a filter)."""
    if sel.population.filters:
        return {}
    scope = scope_key(sel.population.departments)
    release = get_release(get_db(), sel.wave["id"], scope)
    links = {}
    for key in shown:
        segment, _department = key
        if release.comment_snapshot(scope, ((sel.by, str(segment)),)) is None:
            continue
        links[key] = url_for(
            "dashboard.comments",
            survey=sel.survey["id"],
            wave=sel.wave["id"],
            filter=f"{sel.by}:{segment}",
        )
    return links


@bp.route("/heatmap")
@page("dashboard/heatmap.html")
def heatmap(sel: Selection) -> dict[str, Any]:
    verdicts = diagnoses(sel)
    return {
        "rows": _heat_rows(sel, verdicts),
        "band": band,
        "comment_links": comment_links(sel, verdicts),
    }


@bp.route("/matrix")
@page("dashboard/matrix.html")
def matrix(sel: Selection) -> dict[str, Any]:
    db = get_db()
    view = matrix_view(db, sel.query)
    verdicts = diagnoses(sel)
    return {
        "rows": view["rows"],
        "overall": view["overall"],
        "diagnoses": verdicts,
        "comment_links": comment_links(sel, verdicts),
        "quadrant_keys": QUADRANTS,
        "matrix_chart": charts_view.matrix_chart,
    }


@bp.route("/managers")
@page("dashboard/managers.html")
def managers(sel: Selection) -> dict[str, Any]:
    db = get_db()
    teams = protected_groups(db, sel.query.breakdown("team"))
    points = []
    for t in teams:
        if t.get("suppressed"):
            continue
        fig = figures(t["stats"], sel.k)
        x, y = fig["dimensions"]["reinforcement"], fig["scaling"]
        if x is not None and y is not None:
            points.append((f"{t['parent']} / {t['segment']}", x, y))
    hidden_teams = sum(1 for t in teams if t.get("suppressed"))
    return {
        "scatter": charts_view.managers_scatter(points),
        "points": points,
        "hidden_teams": hidden_teams,
        "drivers": driver_analysis(db, sel.query),
        "overall_drivers": driver_analysis(db, sel.query.breakdown(None)),
        "diagnoses": diagnoses(sel),
        "min_driver_n": MIN_DRIVER_N,
    }


@bp.route("/ambassadors")
@page("dashboard/ambassadors.html")
def ambassadors(sel: Selection) -> dict[str, Any]:
    db = get_db()
    return {
        "rows": candidate_counts(db, sel.query),
        "contacts": contacts(db, sel.survey["id"]) if current_user.is_admin else None,
        "held_back": contacts_held_back(db, sel.survey["id"]),
    }


@bp.route("/ambassadors.csv")
@admin_required
def ambassadors_csv() -> Response:
    """The opt-in contact list of a survey as CSV (admins only)."""
    survey_id = bounded_int(request.args.get("survey"))
    db = get_db()
    if not db.execute("SELECT 1 FROM surveys WHERE id = ?", [survey_id]).fetchone():
        abort(404)
    text = table_to_csv(contacts(db, survey_id), ["name", "email", "language"])
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=ambassadors-{survey_id}.csv"},
    )
