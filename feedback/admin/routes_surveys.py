"""Survey pages: the list, creation from the template, settings and items."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from feedback.admin import bp, tick, today
from feedback.admin import surveys as service
from feedback.admin.errors import AdminError
from feedback.admin.forms import ItemForm, NewSurveyForm, SettingsForm, WaveForm
from feedback.admin.rotation import minimum_items
from feedback.admin.waves import list_waves, sweep
from feedback.db import get_db
from feedback.survey_template import create_survey_from_template


@bp.route("/surveys", methods=["GET", "POST"])
def surveys():
    db = get_db()
    sweep(db, today())
    form = NewSurveyForm()
    if form.validate_on_submit():
        survey_id = create_survey_from_template(db, form.name.data.strip(), form.tool.data.strip())
        flash(_("Survey created from the adoption-pulse template."), "success")
        return redirect(url_for("admin.survey", survey_id=survey_id))
    status = 400 if form.errors else 200
    return render_template(
        "admin/surveys.html",
        surveys=service.list_surveys(db),
        form=form,
        last_tick=tick.last_tick(db),
        next_event=tick.next_event(db, today(), tick.mail_configured(current_app.config)),
    ), status


def render_survey(survey_id: int, status: int = 200, **forms):
    db = get_db()
    survey = service.get_survey(db, survey_id)
    items = service.get_items(db, survey_id)
    forms.setdefault("settings", SettingsForm(formdata=None, data=survey))
    forms.setdefault("item_form", ItemForm(formdata=None))
    forms.setdefault("wave_form", WaveForm(formdata=None))
    return render_template(
        "admin/survey.html",
        survey=survey,
        items=items,
        waves=list_waves(db, survey_id),
        locked=service.thresholds_locked(db, survey_id),
        minimum=minimum_items(items),
        **forms,
    ), status


@bp.route("/surveys/<id:survey_id>")
def survey(survey_id: int):
    sweep(get_db(), today())
    return render_survey(survey_id)


@bp.route("/surveys/<id:survey_id>/settings", methods=["POST"])
def survey_settings(survey_id: int):
    g.back = url_for("admin.survey", survey_id=survey_id)
    form = SettingsForm()
    if form.validate_on_submit():
        keys = ("max_items", "cadence_weeks", "reminder_days", "k_scores", "k_comments")
        data = {k: form[k].data for k in keys}
        data["reminder_days"] = data["reminder_days"] or ""
        try:
            service.update_settings(get_db(), survey_id, name=form.name.data.strip(), **data)
        except AdminError as exc:
            flash(str(exc), "error")
            return render_survey(survey_id, exc.status, settings=form)
        flash(_("Settings saved."), "success")
        return redirect(g.back)
    return render_survey(survey_id, 400, settings=form)


@bp.route("/surveys/<id:survey_id>/items", methods=["POST"])
def add_item(survey_id: int):
    g.back = url_for("admin.survey", survey_id=survey_id)
    form = ItemForm()
    if form.validate_on_submit():
        try:
            service.add_item(get_db(), survey_id, form.data)
        except AdminError as exc:
            flash(str(exc), "error")
            return render_survey(survey_id, exc.status, item_form=form)
        flash(_("Question added."), "success")
        return redirect(g.back)
    return render_survey(survey_id, 400, item_form=form)


@bp.route("/items/<id:item_id>", methods=["GET", "POST"])
def edit_item(item_id: int):
    db = get_db()
    item = service.get_item(db, item_id)
    g.back = url_for("admin.survey", survey_id=item["survey_id"])
    data = {
        **item,
        "dimension": item["dimension"] or "",
        "choices": service.choices_text(item["choices"]),
    }
    form = ItemForm(data=data)
    error = None
    if form.validate_on_submit():
        try:
            service.update_item(db, item_id, form.data)
        except AdminError as exc:
            error = str(exc)
        else:
            flash(_("Question saved."), "success")
            return redirect(g.back)
    status = 400 if (form.errors or error) else 200
    return render_template("admin/item.html", item=item, form=form, error=error), status


@bp.route("/items/<id:item_id>/move", methods=["POST"])
def move_item(item_id: int):
    db = get_db()
    item = service.get_item(db, item_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        raise AdminError(_("Choose up or down."))
    service.move_item(db, item_id, direction)
    return redirect(url_for("admin.survey", survey_id=item["survey_id"], _anchor="items"))


@bp.route("/items/<id:item_id>/remove", methods=["POST"])
def remove_item(item_id: int):
    db = get_db()
    item = service.get_item(db, item_id)
    if service.remove_item(db, item_id) == "deactivated":
        flash(_("The question was taken out of the survey; its answers are kept."), "success")
    else:
        flash(_("Question removed."), "success")
    return redirect(url_for("admin.survey", survey_id=item["survey_id"], _anchor="items"))
