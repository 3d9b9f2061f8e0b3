"""The comment explorer: comments of large enough groups, shuffled, with their evidence terms
and themes; admins correct a barrier or sentiment label, which re-scores the survey's comments
through the correction memory (and the next `train` learns from), then are offered the same
label for the most similar comments. The review queue lists the least certain comments first."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from feedback.auth import admin_required
from feedback.confidentiality import thresholds
from feedback.dashboard.blueprint import bp
from feedback.dashboard.explorer.action_store import BARRIER_LABELS
from feedback.dashboard.explorer.comment_query import (
    LABELS,
    CommentFilter,
    TooFewForComments,
    list_comments,
    record_correction,
    resolve_handle,
    shown_values,
)
from feedback.dashboard.explorer.forms import SENTIMENT_LABELS, CorrectionForm
from feedback.dashboard.explorer.review import review_queue
from feedback.dashboard.explorer.similar import similar_comments
from feedback.dashboard.explorer.themes import selection_themes
from feedback.dashboard.labels import SEGMENT_LABELS, value_label
from feedback.dashboard.selection import NothingToShow, select
from feedback.db import get_db
from feedback.domain import SEGMENTS, SENTIMENTS, VERDICTS
from feedback.errors import error_response
from feedback.params import bounded_int
from feedback.scoring.background import worker_for
from feedback.scoring.corrections import queue_rescoring
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


def _selection() -> tuple[Any, CommentFilter]:
    """The page's selection and comment filter from the query string (400 when malformed);
    raises NothingToShow."""
    sel = select(get_db())
    filters = sel.population.filters
    if len(filters) > 1:
        abort(400)
    by, value = filters[0] if filters else (None, None)
    search = (request.args.get("q") or "").strip() or None
    concept = request.args.get("concept") or None
    if (search and len(search) > MAX_SEARCH) or (concept and not CONCEPT.fullmatch(concept)):
        abort(400)
    flt = CommentFilter(
        sel.survey["id"],
        sel.wave["id"],
        by,
        value,
        _choice("barrier", VERDICTS),
        _choice("sentiment", SENTIMENTS),
        search,
        concept,
    )
    return sel, flt


def _common(sel: Any, flt: CommentFilter) -> dict[str, Any]:
    """What every explorer page shows around its comments."""
    db = get_db()
    wave = get_wave(db, flt.wave_id, flt.survey_id)
    departments = sel.population.departments
    return {
        "sel": sel,
        "flt": flt,
        "wave": wave,
        "k_comments": thresholds(db, wave.id).k_comments,
        "options": {seg: shown_values(db, wave, seg, departments) for seg in SEGMENTS},
        "segment_labels": SEGMENT_LABELS,
        "value_label": value_label,
        "barrier_labels": BARRIER_LABELS,
        "verdict_labels": {**BARRIER_LABELS, "unclear": _("Unclear")},
        "sentiment_labels": SENTIMENT_LABELS,
        "form": CorrectionForm() if current_user.is_admin else None,
        "back": request.full_path,
    }


@bp.route("/comments")
def comments() -> Any:
    db = get_db()
    try:
        sel, flt = _selection()
    except NothingToShow as empty:
        return render_template("dashboard/comments.html", empty=str(empty))
    page_number = bounded_int(request.args.get("page") or "1")
    if page_number < 1:
        abort(400)
    context = _common(sel, flt)
    departments = sel.population.departments
    try:
        items, total, named = list_comments(
            db,
            flt,
            departments,
            current_app.config["SECRET_KEY"],
            limit=PAGE_SIZE,
            offset=(page_number - 1) * PAGE_SIZE,
        )
        k = context["k_comments"]
        themes = selection_themes(db, flt, departments, str(get_locale() or "en"), k)
        refused = None
    except TooFewForComments:
        items, total, named, themes = [], 0, [], []
        refused = _("Too few responses to show comments.")
    context.update(
        items=items,
        total=total,
        themes=named,
        meaning_themes=themes,
        page=page_number,
        pages=max(1, -(-total // PAGE_SIZE)),
        first=(page_number - 1) * PAGE_SIZE + 1,
        refused=refused,
        suggestions=_suggestions(flt, departments) if current_user.is_admin else None,
    )
    return render_template("dashboard/comments.html", **context), 422 if refused else 200


def _suggestions(flt: CommentFilter, departments: Any) -> dict[str, Any] | None:
    """After a correction (`similar` = its comment's handle, `label` = field:value): the most
    similar comments of the survey, for the same label."""
    handle, label = request.args.get("similar"), request.args.get("label") or ""
    field, _sep, value = label.partition(":")
    if not handle or value not in LABELS.get(field, ()):
        return None
    db = get_db()
    secret = current_app.config["SECRET_KEY"]
    comment_id = resolve_handle(db, secret, flt.wave_id, handle)
    if comment_id is None:
        return None
    found = similar_comments(db, flt.survey_id, comment_id, field, value, departments, secret)
    return {"label": label, "field": field, "value": value, "items": found}


@bp.route("/comments/review")
def review() -> Any:
    """The least certain comments first, within what the explorer may list."""
    try:
        sel, flt = _selection()
    except NothingToShow as empty:
        return render_template("dashboard/review.html", empty=str(empty))
    context = _common(sel, flt)
    try:
        items, total = review_queue(
            get_db(), flt, sel.population.departments, current_app.config["SECRET_KEY"], PAGE_SIZE
        )
        refused = None
    except TooFewForComments:
        items, total, refused = [], 0, _("Too few responses to show comments.")
    context.update(items=items, total=total, refused=refused)
    return render_template("dashboard/review.html", **context), 422 if refused else 200


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
    if field == "barrier":  # the correction memory learns barriers
        queue_rescoring(db, comment_id)
        worker_for(current_app.config["DATABASE"], current_app.config["MODEL_DIR"]).nudge()
    flash(
        _("Thank you: the correction is stored; similar comments are scored again with it."),
        "success",
    )
    back = form.back.data or ""
    if not back.startswith("/dashboard/comments") or back.startswith("//"):
        back = url_for("dashboard.comments")
    return redirect(_with_suggestions(back, form.handle.data, form.label.data))


def _with_suggestions(back: str, handle: str, label: str) -> str:
    """`back` asking for similar-comment suggestions for this correction (the explorer's
    own suggestions keep the correction they were offered for)."""
    parts = urlsplit(back)
    query = dict(parse_qsl(parts.query))
    if parts.path.rstrip("/") != "/dashboard/comments" or "similar" in query:
        return back
    query.update(similar=handle, label=label)
    return f"{parts.path}?{urlencode(query)}"
