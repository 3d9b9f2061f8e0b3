"""The "you said, we did" block as the respondent's pages include it."""

from __future__ import annotations

import sqlite_utils
from flask import render_template
from markupsafe import Markup

from feedback.updates.labels import template_context
from feedback.updates.query import published_updates, survey_slug


def updates_block(
    db: sqlite_utils.Database, survey_id: int | None, lang: str, compact: bool = False
) -> Markup:
    """The published actions of the survey that may be shown, in `lang`, with the link to the
    survey's public page; empty when there are none. `compact`: folded, for the top of a form."""
    if survey_id is None:
        return Markup("")
    updates = published_updates(db, survey_id, lang)
    if not updates:
        return Markup("")
    html = render_template(
        "updates/_block.html",
        updates=updates,
        slug=survey_slug(db, survey_id),
        compact=compact,
        lang=lang,
        **template_context(),
    )
    return Markup(html)  # noqa: S704  (Jinja rendered it with autoescape)
