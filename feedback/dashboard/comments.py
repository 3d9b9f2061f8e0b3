"""The comment explorer: comments of large enough groups, shuffled, with their evidence terms;
admins correct a barrier or sentiment label, which the next `train` learns from."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback.auth import admin_required
from feedback.dashboard.blueprint import bp
from feedback.dashboard.explorer.action_store import BARRIER_LABELS
from feedback.dashboard.explorer.comment_query import (
    CommentFilter,
    TooFewForComments,
    list_comments,
    record_correction,
    resolve_handle,
    shown_values,
)
from feedback.dashboard.explorer.forms import SENTIMENT_LABELS, CorrectionForm
from feedback.dashboard.labels import SEGMENT_LABELS, value_label
from feedback.dashboard.selection import NothingToShow, select
from feedback.db import get_db
from feedback.domain import BARRIERS, SEGMENTS, SENTIMENTS
from feedback.errors import error_response
from feedback.params import bounded_int
from feedback.waves import get_wave

# A random sample of this many is plenty to read; the page stays fast for large waves.
PAGE_SIZE = 50
MAX_SEARCH = 200
CONCEPT = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _choice(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in allowed:
        abort(400)
    return value


@bp.route("/comments")
def comments() -> Any:
    db = get_db()
    try:
        sel = select(db)
    except NothingToShow as empty:
        return render_template("dashboard/comments.html", empty=str(empty))
    filters = sel.population.filters
    if len(filters) > 1:
        abort(400)
    by, value = filters[0] if filters else (None, None)
    search = (request.args.get("q") or "").strip() or None
    concept = request.args.get("concept") or None
    if (search and len(search) > MAX_SEARCH) or (concept and not CONCEPT.fullmatch(concept)):
        abort(400)
    page_number = bounded_int(request.args.get("page") or "1")
    if page_number < 1:
        abort(400)
    flt = CommentFilter(
        sel.survey["id"],
        sel.wave["id"],
        by,
        value,
        _choice("barrier", BARRIERS),
        _choice("sentiment", SENTIMENTS),
        search,
        concept,
    )
    departments = sel.population.departments
    wave = get_wave(db, flt.wave_id, flt.survey_id)
    options = {seg: shown_values(db, wave, seg, departments) for seg in SEGMENTS}
    try:
        items, total, themes = list_comments(
            db,
            flt,
            departments,
            current_app.config["SECRET_KEY"],
            limit=PAGE_SIZE,
            offset=(page_number - 1) * PAGE_SIZE,
        )
        refused = None
    except TooFewForComments:
        items, total, themes = [], 0, []
        refused = _("Too few responses to show comments.")
    context = {
        "sel": sel,
        "flt": flt,
        "wave": wave,
        "items": items,
        "total": total,
        "themes": themes,
        "page": page_number,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "first": (page_number - 1) * PAGE_SIZE + 1,
        "refused": refused,
        "options": options,
        "segment_labels": SEGMENT_LABELS,
        "value_label": value_label,
        "barrier_labels": BARRIER_LABELS,
        "sentiment_labels": SENTIMENT_LABELS,
        "form": CorrectionForm() if current_user.is_admin else None,
        "back": request.full_path,
    }
    return render_template("dashboard/comments.html", **context), 422 if refused else 200


@bp.route("/comments/correct", methods=["POST"])
@admin_required
def correct_comment() -> Any:
    form = CorrectionForm()
    if not form.validate_on_submit():
        return error_response(400, _("The correction could not be read. Go back and try again."))
    db = get_db()
    comment_id = resolve_handle(
        db, current_app.config["SECRET_KEY"], int(form.wave.data), form.handle.data
    )
    if comment_id is None:
        return error_response(404, _("This comment no longer exists."))
    field, _sep, value = form.label.data.partition(":")
    record_correction(db, comment_id, field, value, current_user.id)
    flash(_("Thank you: the correction is stored and the next training will use it."), "success")
    back = form.back.data or ""
    if not back.startswith("/dashboard/comments") or back.startswith("//"):
        back = url_for("dashboard.comments")
    return redirect(back)
