"""Whether a change manager may see a conversation: exactly when the comment explorer lists
its comment to them.

The explorer's listing is the rule (the wave's release for this user's scope, k_comments,
the snapshot, the departments): asking it, rather than restating it here, keeps one rule.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils
from flask import current_app, g
from flask_login import current_user

from feedback.analytics.guard import NotPrepared
from feedback.analytics.population import scope_of
from feedback.conversations import store
from feedback.dashboard.explorer.comment_query import (
    CommentFilter,
    TooFewForComments,
    comment_handle,
    list_comments,
)
from feedback.db import get_db
from feedback.waves import WaveNotFound


def shown_to_current_user(db: sqlite_utils.Database, conversation: store.Conversation) -> bool:
    secret = current_app.config["SECRET_KEY"]
    try:
        listed, _total, _themes = list_comments(
            db,
            CommentFilter(conversation.survey_id, conversation.wave_id),
            scope_of(current_user),
            secret,
        )
    except (TooFewForComments, WaveNotFound, NotPrepared):
        return False
    handle = comment_handle(secret, conversation.comment_id)
    return any(comment["handle"] == handle for comment in listed)


def conversation_for(wave_id: int, handle: str) -> store.Conversation | None:
    """For the explorer's list (which shows only released comments): the conversation of the
    comment behind `handle`, if it has one. One query per wave and request."""
    cache: dict[int, dict[str, Any]] = g.setdefault("conversation_handles", {})
    if wave_id not in cache:
        secret = current_app.config["SECRET_KEY"]
        cache[wave_id] = {
            comment_handle(secret, comment_id): conversation
            for comment_id, conversation in store.in_wave(get_db(), int(wave_id)).items()
        }
    return cache[wave_id].get(handle)
