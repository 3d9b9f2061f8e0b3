"""The survey as a respondent of a wave sees it, in either language; nothing is stored."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import g, render_template, request, url_for
from flask_babel import gettext as _

from feedback.admin import bp
from feedback.admin.errors import NotFound
from feedback.admin.preview import Preview, next_wave, preview
from feedback.admin.surveys import get_survey
from feedback.db import get_db
from feedback.domain import LANGUAGES
from feedback.respond.forms import MAX_TEXT, field_name, form_class_for
from feedback.waves import get_wave


@bp.route("/surveys/<id:survey_id>/preview")
def preview_survey(survey_id: int) -> Any:
    """The survey's next wave: the open one, else the first scheduled, else a new one."""
    db = get_db()
    survey = get_survey(db, survey_id)
    return render_preview(preview(db, survey, next_wave(db, survey_id)))


@bp.route("/waves/<id:wave_id>/preview")
def preview_wave(wave_id: int) -> Any:
    db = get_db()
    wave = asdict(get_wave(db, wave_id))
    return render_preview(preview(db, get_survey(db, wave["survey_id"]), wave))


def render_preview(shown: Preview) -> Any:
    """The respondent's own page and form class; Send is switched off and no draft is kept."""
    chosen = request.args.get("lang")
    g.lang = chosen if chosen in LANGUAGES else (getattr(g, "user_language", None) or "en")
    if not shown.items:
        raise NotFound(_("This survey has no questions to ask yet."))
    form = form_class_for(shown.items, g.lang)(formdata=None)
    back = url_for("admin.survey", survey_id=shown.survey_id)
    if shown.wave is not None:
        back = url_for("admin.wave", wave_id=shown.wave["id"])
    return render_template(
        "admin/survey_preview.html",
        shown=shown,
        back=back,
        form=form,
        fields=[(item, form[field_name(item)]) for item in shown.items],
        k=shown.k,
        action=request.path,
        csrf="",
        max_text=MAX_TEXT,
        busy=False,
        preview=True,
    )
