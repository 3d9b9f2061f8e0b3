"""The admin's open-link pages of a wave: make a link per location, switch it off or on, give
it a new key, and download its QR poster (SVG or PDF)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from feedback.admin.errors import NO_WAVE, AdminError, Conflict, NotFound
from feedback.admin.surveys import get_survey
from feedback.analytics.answers import wave_split
from feedback.auth import admin_required
from feedback.confidentiality import thresholds
from feedback.db import get_db
from feedback.openlinks import bp, drawing
from feedback.openlinks.forms import CreateLinkForm, PosterForm
from feedback.openlinks.links import (
    LocationTaken,
    NotALocation,
    OpenLink,
    create_link,
    get_link,
    key_matches,
    renew_key,
    roster_locations,
    set_active,
    wave_links,
)
from feedback.openlinks.poster import poster
from feedback.waves import WaveNotFound, get_wave


def short_url(key: str) -> str:
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/o/{key}"


# One rule for both methods: two rules on one path answer 405 instead of 404 for an id out of
# range (tests/reliability/test_ids.py).
@bp.route("/admin/waves/<id:wave_id>/open-links", methods=["GET", "POST"])
@admin_required
def admin_links(wave_id: int) -> Any:
    if request.method == "POST":
        return _create(wave_id)
    return _links_page(wave_id)


def _links_page(wave_id: int, form: CreateLinkForm | None = None, status: int = 200) -> Any:
    db = get_db()
    wave = get_wave(db, wave_id)
    form = form or CreateLinkForm()
    form.location.choices = [("", _("Choose a location"))] + [
        (loc, loc) for loc in roster_locations(db)
    ]
    return render_template(
        "openlinks/admin.html",
        wave=wave,
        survey=get_survey(db, wave.survey_id),
        links=wave_links(db, wave_id),
        form=form,
        answers=wave_split(db, wave_id),
    ), status


def _create(wave_id: int) -> Any:
    db = get_db()
    wave = get_wave(db, wave_id)
    form = CreateLinkForm()
    form.location.choices = [(loc, loc) for loc in roster_locations(db)]
    if not form.validate_on_submit():
        return _links_page(wave_id, form, 400)
    if wave.status == "closed":
        raise Conflict(_("This wave is closed: its open links take no more answers."))
    try:
        link_id, key = create_link(db, wave_id, form.location.data, form.all_departments.data)
    except LocationTaken as exc:
        raise Conflict(
            _("This wave already has an open link for this location; give it a new key instead.")
        ) from exc
    except NotALocation as exc:
        raise Conflict(_("Nobody in the roster works at this location.")) from exc
    return _show_key(_link(link_id), key)


@bp.route("/admin/open-links/<id:link_id>/key", methods=["POST"])
@admin_required
def admin_renew(link_id: int) -> Any:
    link = _link(link_id)
    if link.wave_status == "closed":
        raise Conflict(_("This wave is closed: its open links take no more answers."))
    return _show_key(link, renew_key(get_db(), link.id))


@bp.route("/admin/open-links/<id:link_id>/active", methods=["POST"])
@admin_required
def admin_toggle(link_id: int) -> Any:
    link = _link(link_id)
    set_active(get_db(), link.id, not link.active)
    flash(
        _("Open link switched on.") if not link.active else _("Open link switched off."), "success"
    )
    return redirect(url_for("openlinks.admin_links", wave_id=link.wave_id))


@bp.route("/admin/open-links/<id:link_id>/poster.<any(svg, pdf):kind>", methods=["POST"])
@admin_required
def admin_poster(link_id: int, kind: str) -> Any:
    link = _link(link_id)
    form = PosterForm()
    if not form.validate_on_submit() or not key_matches(get_db(), link.id, form.key.data):
        raise Conflict(
            _("This key is not the link's current key. Make a new key to print a poster.")
        )
    art = _poster(link, form.key.data)
    if kind == "svg":
        body: Any = drawing.svg(art)
        mimetype = "image/svg+xml"
    else:
        body = drawing.pdf(art)
        mimetype = "application/pdf"
    filename = f"open-link-{link.id}.{kind}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.errorhandler(AdminError)
def show_problem(exc: AdminError) -> Any:
    return render_template(
        "admin/problem.html", message=str(exc), back=url_for("admin.surveys")
    ), exc.status


@bp.errorhandler(WaveNotFound)
def no_wave(_exc: WaveNotFound) -> Any:
    return show_problem(NotFound(NO_WAVE))


def _link(link_id: int) -> OpenLink:
    link = get_link(get_db(), link_id)
    if link is None:
        raise NotFound(_("There is no open link with this number."))
    return link


def _poster(link: OpenLink, key: str) -> drawing.Drawing:
    db = get_db()
    survey = get_survey(db, link.survey_id)
    return poster(survey["name"], link.location, short_url(key), thresholds(db, link.wave_id).k)


def _show_key(link: OpenLink, key: str) -> Any:
    """The key, shown this once, with its poster: only its hash is stored."""
    return render_template(
        "openlinks/created.html",
        link=link,
        url=short_url(key),
        key=key,
        form=PosterForm(data={"key": key}),
        preview=drawing.svg(_poster(link, key)),
    )
