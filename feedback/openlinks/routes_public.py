"""The open link's page: pick a department, answer the wave's form, once per browser."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from typing import Any

from flask import (
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from feedback.db import get_db
from feedback.domain import LANGUAGES
from feedback.errors import error_response
from feedback.openlinks import bp, guard
from feedback.openlinks.links import OpenLink, UnknownKey, departments, find_link
from feedback.openlinks.store import has_voted, submit_open_answer
from feedback.ratelimit import client_key, unknown_link_refused
from feedback.respond.forms import MAX_TEXT, build_form, field_name, submission_from
from feedback.respond.lookup import (
    AlreadyAnswered,
    WaveClosed,
    WaveNotOpen,
    check_wave,
    survey_items,
)
from feedback.respond.pages import find_undecodable_fields, page, refusal, unknown_link
from feedback.respond.views import explicit_language, prepare_after_submission
from feedback.scoring.background import worker_for

log = logging.getLogger(__name__)

bp.url_value_preprocessor(find_undecodable_fields)


@bp.route("/o/<key>", methods=["GET", "POST"])
def answer(key: str) -> Any:
    device = guard.device_id()
    wait = guard.over_limit("requests_per_device", guard.device_key(device))
    if wait:
        return _too_many(wait)
    db = get_db()
    try:
        link = find_link(db, key)
    except UnknownKey:
        return unknown_link_refused() or unknown_link()
    g.lang = explicit_language() or request.accept_languages.best_match(LANGUAGES) or "nl"
    refused = _refused(link, device)
    if refused is not None:
        return refused
    if request.method != "POST":
        items = survey_items(db, _inv(link))
        response = make_response(_render(link, key, build_form(items, g.lang), items))
        if device is None:
            guard.set_device_cookie(response, guard.new_device_id())
        return response
    return _submit(link, key, device)


def _inv(link: OpenLink) -> Any:
    return link.as_invitation(None, g.lang)


def _refused(link: OpenLink, device: str | None) -> Any:
    """The page for a link that takes no answer now from this browser, else None."""
    if not link.active:
        return page(
            410,
            _("This open link is switched off"),
            _("This survey link no longer takes answers. Ask the person who put it up."),
        )
    try:
        check_wave(_inv(link), dt.date.today())
    except (WaveClosed, WaveNotOpen) as exc:
        return refusal(exc, _inv(link))
    if device and has_voted(get_db(), link.wave_id, guard.voter_hash(link.wave_id, device)):
        return _already_answered()
    return None


def _already_answered() -> tuple[str, int]:
    return page(
        409,
        _("Thank you!"),
        _(
            "An answer for this survey round was already sent from this browser. "
            "Each browser can answer once per round."
        ),
    )


def _submit(link: OpenLink, key: str, device: str | None) -> Any:
    if device is None:
        return page(
            400,
            _("Please allow cookies"),
            _(
                "This page counts one answer per browser with a cookie. Allow cookies for "
                "this site, reload the link and fill in the form again. Nothing was stored."
            ),
        )
    wait = guard.over_limit("answers_per_address", client_key())
    if wait:
        return _too_many(wait)
    db = get_db()
    items = survey_items(db, _inv(link))
    form = build_form(items, g.lang)
    offered = departments(db, link)
    department = request.form.get("department", "")
    valid = form.validate_on_submit() and department in offered
    if g.undecodable or not valid:
        return _render(link, key, form, items, department, department not in offered), 400
    submission = submission_from(form, items, g.lang)
    try:
        voter = guard.voter_hash(link.wave_id, device)
        comment_ids = submit_open_answer(db, link, department, g.lang, submission, voter)
    except AlreadyAnswered:
        return _already_answered()
    except WaveClosed as exc:
        return refusal(exc, _inv(link))
    except sqlite3.OperationalError:
        log.exception("could not store an open-link answer")
        return _render(link, key, form, items, department, busy=True), 503
    if comment_ids:
        worker_for(current_app.config["DATABASE"], current_app.config["MODEL_DIR"]).nudge()
    prepare_after_submission(link.wave_id)
    session["answered_wave"] = link.wave_id
    return redirect(url_for("respond.thanks", lang=g.lang))


def _render(
    link: OpenLink,
    key: str,
    form: Any,
    items: list[dict[str, Any]],
    chosen: str = "",
    department_error: bool = False,
    busy: bool = False,
) -> str:
    return render_template(
        "openlinks/form.html",
        form=form,
        fields=[(item, form[field_name(item)]) for item in items],
        k=link.k_scores,
        action=url_for("openlinks.answer", key=key, lang=explicit_language()),
        csrf=generate_csrf(),
        max_text=MAX_TEXT,
        busy=busy,
        shared_device=True,
        location=link.location,
        departments=departments(get_db(), link),
        chosen=chosen,
        department_error=department_error,
    )


def _too_many(wait: int) -> Any:
    response = current_app.make_response(error_response(429))
    response.headers["Retry-After"] = str(wait)
    return response
