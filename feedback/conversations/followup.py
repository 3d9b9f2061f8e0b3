"""The employee's side, public and without sign-in: get a follow-up link once, read the
replies behind it, answer back, or delete their side.

The key travels in the path `/s/<key>/replies`, so access logs mask it like a survey link
(feedback.logmask masks whatever follows `/s/`). An unknown key counts against the same
per-address limit as unknown survey links.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from feedback.conversations import bp, offer, store
from feedback.conversations.forms import MAX_MESSAGE, AnswerForm, new_nonce
from feedback.conversations.scoring import nudge_scorer
from feedback.db import get_db
from feedback.ratelimit import unknown_link_refused
from feedback.respond.pages import page
from feedback.respond.views import explicit_language

KEY = re.compile(r"[A-Za-z0-9_-]{43}")


@bp.route("/s/thanks/follow-up", methods=["POST"])
def followup_start() -> Any:
    """Turn this browser's offer into conversations behind a fresh key, shown this once."""
    comment_ids = offer.take()
    if not comment_ids:
        return page(
            409,
            _("No link to make"),
            _(
                "A private link is made once, right after you answer, and shown only then. "
                "Nothing new was stored."
            ),
        )
    try:
        key = store.start(get_db(), comment_ids)
    except store.AlreadyStarted:
        return page(
            409,
            _("Your link was already made"),
            _("Your private link was made and shown before. It is shown only once."),
        )
    link = current_app.config["PUBLIC_URL"].rstrip("/") + url_for(
        "conversations.followup_page", key=key
    )
    return render_template("conversations/link.html", link=link, lang=explicit_language())


@bp.route("/s/<key>/replies", methods=["GET", "POST"])
def followup_page(key: str) -> Any:
    threads = _threads(key)
    if threads is None:
        return unknown_link_refused() or _unknown()
    if request.method != "POST":
        return _render(key, threads)
    form = AnswerForm()
    thread = next((t for t in threads if str(t.id) == form.thread.data), None)
    if thread is None or not form.validate_on_submit():
        return _render(key, threads, form), 400
    if not thread.open:
        return _render(key, threads, notice=_("This conversation is closed.")), 403
    try:
        store.add_message(get_db(), thread.id, "employee", form.text.data, form.nonce.data)
    except store.Replayed:
        return _render(
            key, threads, notice=_("This answer was already sent; it is stored once.")
        ), 409
    except store.NotOpen:
        return _render(key, threads, notice=_("This conversation is closed.")), 403
    nudge_scorer()
    return redirect(url_for("conversations.followup_page", key=key), 303)


@bp.route("/s/<key>/replies/delete", methods=["POST"])
def followup_delete(key: str) -> Any:
    if _threads(key) is None:
        return unknown_link_refused() or _unknown()
    store.end_by_author(get_db(), key)
    return page(
        200,
        _("Your side is deleted"),
        _("Your answers are deleted and this link no longer works. Your survey comment stays."),
    )


def _threads(key: str) -> list[store.Conversation] | None:
    if not KEY.fullmatch(key):
        return None
    return store.by_key(get_db(), key) or None


def _unknown() -> tuple[str, int]:
    return page(
        404,
        _("Link not found"),
        _(
            "We do not know this link. Please check that you copied all of it. A link "
            "whose conversation was deleted no longer works."
        ),
    )


def _render(
    key: str,
    threads: list[store.Conversation],
    failed: AnswerForm | None = None,
    notice: str | None = None,
) -> str:
    db = get_db()
    shown = [
        {
            "conversation": thread,
            "messages": store.messages(db, thread.id),
            "form": failed if failed is not None and failed.thread.data == str(thread.id) else None,
            "nonce": new_nonce(),
        }
        for thread in threads
    ]
    return render_template(
        "conversations/employee.html",
        key=key,
        threads=shown,
        notice=notice,
        max_text=MAX_MESSAGE,
    )
