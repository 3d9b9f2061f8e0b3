"""The change manager's side: read a conversation, reply, and (admins) close it.

A conversation is reachable only while the comment explorer lists its comment to this user
(feedback.conversations.visibility); otherwise it is no page (404) and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback.auth import admin_required
from feedback.conversations import bp, store
from feedback.conversations.forms import MAX_MESSAGE, MessageForm, new_nonce
from feedback.conversations.scoring import nudge_scorer
from feedback.conversations.visibility import shown_to_current_user
from feedback.db import get_db
from feedback.errors import error_response


def _visible(conversation_id: int) -> store.Conversation:
    conversation = store.get(get_db(), conversation_id)
    if conversation is None or not shown_to_current_user(get_db(), conversation):
        abort(404)
    return conversation


@bp.route("/conversations/<id:conversation_id>", methods=["GET", "POST"])
def manage(conversation_id: int) -> Any:
    conversation = _visible(conversation_id)
    if request.method != "POST":
        return _render(conversation)
    form = MessageForm()
    if not form.validate_on_submit():
        return _render(conversation, form), 400
    try:
        store.add_message(get_db(), conversation.id, "manager", form.text.data, form.nonce.data)
    except store.Replayed:
        return error_response(409, _("This reply was already sent; it is stored once."))
    except store.NotOpen:
        return error_response(403, _("This conversation is closed: it takes no more replies."))
    nudge_scorer()
    flash(_("Your reply is sent. The author sees it behind their private link."), "success")
    return redirect(url_for("conversations.manage", conversation_id=conversation.id), 303)


@bp.route("/conversations/<id:conversation_id>/close", methods=["POST"])
@admin_required
def close(conversation_id: int) -> Any:
    conversation = _visible(conversation_id)
    if not store.close(get_db(), conversation.id):
        return error_response(409, _("This conversation was already closed."))
    flash(_("The conversation is closed. Both sides can still read it."), "success")
    return redirect(url_for("conversations.manage", conversation_id=conversation.id), 303)


def _render(conversation: store.Conversation, failed: MessageForm | None = None) -> str:
    return render_template(
        "conversations/manage.html",
        conversation=conversation,
        messages=store.messages(get_db(), conversation.id),
        form=failed,
        nonce=new_nonce(),
        max_text=MAX_MESSAGE,
        may_close=current_user.is_admin and conversation.status == "open",
    )
