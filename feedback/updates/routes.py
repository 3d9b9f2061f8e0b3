"""The public "you said, we did" page of a survey: no sign-in, reached from the invitation
e-mail and the respondent's pages by the survey's random slug (never its sequential id)."""

from __future__ import annotations

import re
from typing import Any

from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from feedback.db import get_db
from feedback.ratelimit import unknown_link_refused
from feedback.updates import bp
from feedback.updates.labels import template_context
from feedback.updates.query import published_updates, survey_for_slug

SLUG = re.compile(r"[0-9a-f]{24}")


@bp.route("/updates/<slug>")
def public_page(slug: str) -> Any:
    db = get_db()
    survey = survey_for_slug(db, slug) if SLUG.fullmatch(slug) else None
    if survey is None:
        return unknown_link_refused() or unknown_page()
    locale = get_locale()
    lang = locale.language if locale else "en"
    return render_template(
        "updates/page.html",
        survey=survey,
        updates=published_updates(db, survey["id"], lang),
        **template_context(),
    )


def unknown_page() -> tuple[str, int]:
    page = render_template(
        "respond/message.html",
        title=_("Page not found"),
        message=_("We do not know this page. Please check that you copied the whole link."),
    )
    return page, 404
