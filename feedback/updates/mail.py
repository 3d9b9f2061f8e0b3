"""The lines an invitation or a reminder carries about what changed since the last round."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils
from flask_babel import force_locale
from flask_babel import gettext as _

from feedback.domain import LANGUAGES
from feedback.updates.labels import STATUS_LABELS
from feedback.updates.query import published_updates, survey_slug


def public_url(config: Mapping[str, Any], slug: str, lang: str) -> str:
    return f"{config['PUBLIC_URL'].rstrip('/')}/updates/{slug}?lang={lang}"


def news_lines(
    db: sqlite_utils.Database, config: Mapping[str, Any], survey_id: int
) -> dict[str, list[str]]:
    """Per language: one line with the latest published action(s) that may be shown (those of
    the most recent day), and one with the link to the survey's public page; no lines when
    nothing is published."""
    slug = survey_slug(db, survey_id)
    out: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        updates = published_updates(db, survey_id, lang)
        latest = [u for u in updates if u.published_on == updates[0].published_on][:3]
        if not latest or slug is None:
            out[lang] = []
            continue
        with force_locale(lang):
            said = "; ".join(f"{u.note} ({str(STATUS_LABELS[u.status]).lower()})" for u in latest)
            out[lang] = [
                _("Since the last round: %(news)s", news=said),
                _("What was done with your answers: %(link)s", link=public_url(config, slug, lang)),
            ]
    return out
