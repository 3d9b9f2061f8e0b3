"""Wave pages: schedule, open, close, send invitations and reminders, export links, rates."""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from feedback.admin import bp, mailer, today
from feedback.admin import waves as service
from feedback.admin.forms import WaveForm
from feedback.admin.rates import all_segment_rates, wave_totals
from feedback.admin.routes_surveys import render_survey
from feedback.admin.surveys import get_survey
from feedback.db import get_db
from feedback.waves import get_wave


@bp.route("/surveys/<id:survey_id>/waves", methods=["POST"])
def schedule_wave(survey_id: int):
    g.back = url_for("admin.survey", survey_id=survey_id)
    form = WaveForm()
    if form.validate_on_submit():
        service.schedule_wave(get_db(), survey_id, form.opens_on.data, form.closes_on.data)
        flash(_("Wave scheduled."), "success")
        return redirect(url_for("admin.survey", survey_id=survey_id, _anchor="waves"))
    return render_survey(survey_id, 400, wave_form=form)


@bp.route("/waves/<id:wave_id>")
def wave(wave_id: int, form: WaveForm | None = None, status: int = 200):
    db = get_db()
    service.sweep(db, today())
    wave = get_wave(db, wave_id)
    opens_on, closes_on = (dt.date.fromisoformat(d) for d in (wave.opens_on, wave.closes_on))
    return render_template(
        "admin/wave.html",
        wave=wave,
        form=form or WaveForm(formdata=None, data={"opens_on": opens_on, "closes_on": closes_on}),
        survey=get_survey(db, wave.survey_id),
        totals=wave_totals(db, wave_id),
        segments=all_segment_rates(db, wave) if wave.status != "scheduled" else {},
        max_reminders=mailer.MAX_REMINDERS,
    ), status


@bp.route("/waves/<id:wave_id>/dates", methods=["POST"])
def reschedule_wave(wave_id: int):
    back = _back(wave_id)
    form = WaveForm()
    if not form.validate_on_submit():
        return wave(wave_id, form, 400)
    service.reschedule_wave(get_db(), wave_id, form.opens_on.data, form.closes_on.data)
    flash(_("Dates saved."), "success")
    return back


def _back(wave_id: int):
    g.back = url_for("admin.wave", wave_id=wave_id)
    return redirect(g.back)


@bp.route("/waves/<id:wave_id>/open", methods=["POST"])
def open_wave(wave_id: int):
    back = _back(wave_id)
    issued = service.open_wave(get_db(), wave_id, today())
    flash(
        ngettext(
            "Wave opened: %(num)d invitation is ready to send.",
            "Wave opened: %(num)d invitations are ready to send.",
            issued,
        ),
        "success",
    )
    return back


@bp.route("/waves/<id:wave_id>/close", methods=["POST"])
def close_wave(wave_id: int):
    back = _back(wave_id)
    next_id = service.close_wave(get_db(), wave_id)
    flash(_("Wave closed."), "success")
    if next_id:
        flash(_("The next wave was scheduled following the survey's cadence."), "info")
    return back


@bp.route("/waves/<id:wave_id>/send", methods=["POST"])
def send_invitations(wave_id: int):
    back = _back(wave_id)
    sent = mailer.send_invitations(get_db(), current_app.config, wave_id)
    flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", sent), "success")
    return back


@bp.route("/waves/<id:wave_id>/remind", methods=["POST"])
def send_reminders(wave_id: int):
    back = _back(wave_id)
    mailer.send_reminders(get_db(), current_app.config, wave_id)
    # No number: with few left it would tell who has not answered.
    flash(_("Reminders went out to everyone who has not answered yet."), "success")
    return back


@bp.route("/waves/<id:wave_id>/links.csv", methods=["POST"])
def export_links(wave_id: int):
    _back(wave_id)
    text = mailer.export_links(get_db(), current_app.config, wave_id)
    return Response(
        text,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=wave-{wave_id}-links.csv",
            "Cache-Control": "no-store",
        },
    )
