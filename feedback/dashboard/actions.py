"""Actions: per segment a recommended intervention from its dominant barrier; admins turn it
into an action with an owner, a due date and a status, and later waves show the change."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback.analytics.waves import survey_waves
from feedback.auth import admin_required
from feedback.dashboard.blueprint import bp
from feedback.dashboard.explorer import action_store as store
from feedback.dashboard.explorer.action_view import (
    change_since,
    recommendations,
    results_lookup,
    visible_to,
)
from feedback.dashboard.explorer.forms import ActionForm
from feedback.dashboard.labels import SEGMENT_LABELS, value_label
from feedback.dashboard.selection import NothingToShow, select
from feedback.db import get_db
from feedback.params import bounded_int
from feedback.updates.query import survey_slug


def _page(
    errors: dict[str, str] | None = None,
    status: int = 200,
    refill: bool = False,
    draft: dict[str, Any] | None = None,
) -> Any:
    db = get_db()
    try:
        sel = select(db)
    except NothingToShow as empty:
        return render_template("dashboard/actions.html", empty=str(empty)), status
    get = results_lookup(db, sel.survey["id"], current_user)
    waves = survey_waves(db, sel.survey["id"])
    latest = waves[-1]["id"] if waves else None
    scope = sel.population.departments
    actions = [
        {**a, "change": change_since(a, get, latest)}
        for a in store.list_actions(db, sel.survey["id"])
        if visible_to(a, scope)
    ]
    form = ActionForm(formdata=request.form if refill else None, data=_prefill(sel))
    context = {
        "sel": sel,
        "actions": actions,
        "ideas": recommendations(get(sel.wave["id"], sel.by)),
        "form": form if current_user.is_admin else None,
        "errors": errors or {},
        "segment_labels": SEGMENT_LABELS,
        "value_label": value_label,
        "barrier_labels": store.BARRIER_LABELS,
        "status_labels": store.STATUS_LABELS,
        "latest_wave": waves[-1] if waves else None,
        "draft": draft or {},
        "whole": store.WHOLE,
        "max_note": store.MAX_NOTE,
        "public_slug": survey_slug(db, sel.survey["id"]),
    }
    return render_template("dashboard/actions.html", **context), status


def _prefill(sel: Any) -> dict[str, Any]:
    """A 'plan this' link fills the new-action form with a segment and an intervention."""
    return {
        "segment_by": sel.by,
        "segment_value": request.args.get("segment", ""),
        "barrier": request.args.get("barrier", ""),
        "title": request.args.get("title", ""),
        "status": "open",
        "survey": sel.survey["id"],
        "wave": sel.wave["id"],
    }


@bp.route("/actions")
def actions() -> Any:
    return _page()


def _back(survey_id: Any, wave_id: Any = None, by: Any = None) -> Any:
    args = {k: v for k, v in {"survey": survey_id, "wave": wave_id, "by": by}.items() if v}
    return redirect(url_for("dashboard.actions", **args))


def _wave_of_survey(survey_id: int, raw_wave: str | None) -> int | None:
    if not raw_wave:
        return None
    row = (
        get_db()
        .execute("SELECT id FROM waves WHERE id = ? AND survey_id = ?", [raw_wave, survey_id])
        .fetchone()
    )
    if row is None:
        abort(400)
    return int(row[0])


@bp.route("/actions", methods=["POST"])
@admin_required
def create_action() -> Any:
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    survey_id = bounded_int(request.form.get("survey"))
    if not get_db().execute("SELECT 1 FROM surveys WHERE id = ?", [survey_id]).fetchone():
        abort(400)
    wave_id = _wave_of_survey(survey_id, request.form.get("wave"))
    try:
        store.create_action(get_db(), survey_id, wave_id, request.form)
    except store.ActionInvalid as bad:
        return _page(bad.errors, 400, refill=True)
    flash(_("The action is saved."), "success")
    return _back(survey_id, wave_id, request.form.get("segment_by"))


def _existing(action_id: int) -> dict[str, Any]:
    try:
        return store.get_action(get_db(), action_id)
    except LookupError:
        abort(404)


def _posted(action_id: int) -> dict[str, Any]:
    """The action a form posts to: 404 when unknown, 400 without a valid CSRF token."""
    action = _existing(action_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return action


@bp.route("/actions/<id:action_id>", methods=["POST"])
@admin_required
def update_action(action_id: int) -> Any:
    action = _posted(action_id)
    try:
        store.update_action(get_db(), action_id, request.form)
    except store.ActionInvalid as bad:
        return _page(bad.errors, 400)
    flash(_("The action is updated."), "success")
    return _back(action["survey_id"])


@bp.route("/actions/<id:action_id>/delete", methods=["POST"])
@admin_required
def delete_action(action_id: int) -> Any:
    action = _posted(action_id)
    store.delete_action(get_db(), action_id)
    flash(_("The action is deleted."), "success")
    return _back(action["survey_id"])


@bp.route("/actions/<id:action_id>/publish", methods=["POST"])
@admin_required
def publish_action(action_id: int) -> Any:
    """Show the action and its status to employees ("you said, we did") with a note in each
    language; they see it only where its group is large enough (feedback.updates)."""
    action = _posted(action_id)
    try:
        store.publish_action(get_db(), action_id, request.form)
    except store.ActionInvalid as bad:
        return _page(bad.errors, 400, draft={**request.form.to_dict(), "id": action_id})
    flash(_("The action is published for employees."), "success")
    return _back(action["survey_id"])


@bp.route("/actions/<id:action_id>/unpublish", methods=["POST"])
@admin_required
def unpublish_action(action_id: int) -> Any:
    action = _posted(action_id)
    store.unpublish_action(get_db(), action_id)
    flash(_("Employees no longer see the action."), "success")
    return _back(action["survey_id"])
