"""The respondent's form behind a personal link, and the thank-you page."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import sqlite3
from typing import Any

from flask import (
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from feedback.analytics.background import preparer_for
from feedback.conversations import offer as follow_up_offer
from feedback.db import get_db
from feedback.domain import LANGUAGES
from feedback.ratelimit import unknown_link_refused
from feedback.respond import bp
from feedback.respond.forms import (
    MAX_TEXT,
    build_form,
    field_name,
    form_class_for,
    submission_from,
    unreadable_validators,
)
from feedback.respond.lookup import (
    AlreadyAnswered,
    Invitation,
    UnknownInvitation,
    WaveClosed,
    WaveNotOpen,
    check_wave,
    find_invitation,
    survey_items,
    wave_terms,
)
from feedback.respond.pages import refusal, unknown_link
from feedback.respond.quick import plain_submission
from feedback.respond.service import submit_response
from feedback.scoring.background import worker_for
from feedback.updates.query import survey_of_wave
from feedback.updates.render import updates_block

log = logging.getLogger(__name__)


@bp.route("/s/<token>", methods=["GET", "POST"])
def survey(token: str) -> Any:
    db = get_db()
    try:
        invitation = find_invitation(db, token)
    except UnknownInvitation:
        return unknown_link_refused() or unknown_link()
    g.lang = explicit_language() or invitation.language
    if invitation.used:
        return refusal(AlreadyAnswered(), invitation)
    try:
        check_wave(invitation, dt.date.today())
    except (WaveClosed, WaveNotOpen) as exc:
        return refusal(exc, invitation)
    items = survey_items(db, invitation)
    if request.method != "POST":
        action = url_for("respond.survey", token=token, lang=explicit_language())
        you_said = updates_block(db, invitation.survey_id, g.lang, compact=True)
        return blank_page(
            form_class_for(items, g.lang), items, invitation.k_scores, action, you_said
        )
    submission = None if g.undecodable else plain_submission(request.form, items)
    if submission is None:
        form = build_form(items, g.lang)
        if not form.validate_on_submit(unreadable_validators(form, g.undecodable)):
            return render_form(form, items, invitation, token), 400
        submission = submission_from(form, items, g.lang)
    try:
        comment_ids = submit_response(db, invitation, submission)
    except (AlreadyAnswered, WaveClosed, WaveNotOpen, UnknownInvitation) as exc:
        return refusal(exc, invitation)
    except sqlite3.OperationalError:
        log.exception("could not store a response")
        return render_form(build_form(items, g.lang), items, invitation, token, busy=True), 503
    if comment_ids:
        worker_for(current_app.config["DATABASE"], current_app.config["MODEL_DIR"]).nudge()
    prepare_after_submission(invitation.wave_id)
    # For the thank-you page's thresholds and date: the wave, in this browser's own signed
    # cookie only; the wave is no secret to the person who just answered it.
    session["answered_wave"] = invitation.wave_id
    follow_up_offer.remember(comment_ids)
    return redirect(url_for("respond.thanks", lang=g.lang))


def prepare_after_submission(wave_id: int) -> None:
    """Have the wave's snapshot and release brought up to date for the dashboards, which only
    read: in the background (feedback.analytics.background), after a short quiet spell, so
    the respondent never waits for a release decision (about 1-4 s when an answer completes a
    snapshot) and a burst of answers is prepared once. PREPARE_ON_SUBMIT = False leaves it to
    `tick` and `analytics-refresh`; "now" prepares within the request, the default under
    TESTING (like the rate limits' default), so a test reads what it just answered."""
    mode = current_app.config.get("PREPARE_ON_SUBMIT", "now" if current_app.testing else True)
    if mode in (False, "false", "off"):
        return
    preparer = preparer_for(current_app.config["DATABASE"])
    if mode == "now":
        preparer.prepare(get_db(), wave_id)
    else:
        preparer.nudge(wave_id)


def explicit_language() -> str | None:
    chosen = request.args.get("lang")
    return chosen if chosen in LANGUAGES else None


def render_form(
    form: Any, items: list[dict[str, Any]], invitation: Invitation, token: str, busy: bool = False
) -> str:
    # Keep an explicit language choice across the post; the roster language needs none.
    action = url_for("respond.survey", token=token, lang=explicit_language())
    you_said = updates_block(get_db(), invitation.survey_id, g.lang, compact=True)
    if not form.is_submitted():
        return blank_page(type(form), items, invitation.k_scores, action, you_said)
    fields = [(item, form[field_name(item)]) for item in items]
    return render_template(
        "respond/form.html",
        form=form,
        fields=fields,
        k=invitation.k_scores,
        action=action,
        csrf=generate_csrf(),
        max_text=MAX_TEXT,
        busy=busy,
        you_said=you_said,
    )


ACTION_MARK = f"respond-action-{secrets.token_hex(8)}"
CSRF_MARK = f"respond-csrf-{secrets.token_hex(8)}"
UPDATES_MARK = f"respond-updates-{secrets.token_hex(8)}"


def blank_page(
    form_class: Any, items: list[dict[str, Any]], k: int, action: str, you_said: str = ""
) -> str:
    """An unanswered form, rendered once per form class (item list and language) and group
    threshold; only the link and the CSRF token differ between respondents. Rendering it
    anew, or even instantiating the form, cost more than everything else in the request."""
    pages = form_class.__dict__.get("blank_pages")
    if pages is None:
        pages = {}
        form_class.blank_pages = pages
    if k not in pages:
        form = form_class()
        fields = [(item, form[field_name(item)]) for item in items]
        pages[k] = render_template(
            "respond/form.html",
            form=form,
            fields=fields,
            k=k,
            action=ACTION_MARK,
            csrf=CSRF_MARK,
            max_text=MAX_TEXT,
            busy=False,
            you_said=UPDATES_MARK,  # letters, digits and dashes: autoescape keeps it
        )
    page = pages[k].replace(ACTION_MARK, str(escape(action))).replace(CSRF_MARK, generate_csrf())
    return page.replace(UPDATES_MARK, str(you_said))


@bp.route("/s/thanks")
def thanks() -> Any:
    """What happens with the answers, and when results are shared."""
    terms = wave_terms(get_db(), session.get("answered_wave"))
    closes = format_date(dt.date.fromisoformat(terms.closes_on), "long") if terms else None
    locale = get_locale()
    survey_id = survey_of_wave(get_db(), session.get("answered_wave"))
    you_said = updates_block(get_db(), survey_id, locale.language if locale else "en")
    return render_template("respond/thanks.html", terms=terms, closes=closes, you_said=you_said)
