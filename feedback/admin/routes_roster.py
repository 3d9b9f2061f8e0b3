"""Roster pages: upload with a preview of every row's problems, confirm, delete a person."""

from __future__ import annotations

import datetime as dt

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from feedback.admin import bp, pending
from feedback.admin import roster as service
from feedback.admin import roster_view as view
from feedback.admin.errors import NotFound
from feedback.admin.forms import UploadForm
from feedback.dashboard.labels import SEGMENT_LABELS
from feedback.db import get_db
from feedback.errors import error_response
from feedback.params import bounded_int

# The request may carry a little more than the 5 MB file itself (form fields, boundaries).
UPLOAD_LIMIT = service.MAX_BYTES + 64 * 1024


PAGE_SIZE = 50
MAX_SEARCH = 100


def render_roster(status: int = 200, form: UploadForm | None = None, error: str | None = None):
    """The roster a page at a time, searched by e-mail, department, team or location, sorted
    by any column, with the active people counted per segment."""
    search = (request.args.get("q") or "").strip()[:MAX_SEARCH]
    page = max(1, bounded_int(request.args.get("page") or "1"))
    sort = request.args.get("sort")
    sort = sort if sort in view.SORTS else None
    descending = request.args.get("dir") == "desc"
    db = get_db()
    total = view.count_people(db, search)
    active = db.execute("SELECT COUNT(*) FROM people WHERE active = 1").fetchone()[0]
    return render_template(
        "admin/roster.html",
        people=view.list_people(db, search, sort, descending, page, PAGE_SIZE),
        form=form or UploadForm(formdata=None),
        error=error,
        search=search,
        sort=sort,
        descending=descending,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        active=active,
        segments=view.segment_counts(db, dt.date.today()),
        segment_labels=SEGMENT_LABELS,
    ), status


@bp.route("/roster")
def roster():
    return render_roster()


@bp.url_value_preprocessor
def allow_large_uploads(endpoint: str | None, _values: dict | None) -> None:
    """Raise the body limit for the upload before CSRF protection reads the form."""
    if endpoint == "admin.upload_roster":
        request.max_content_length = UPLOAD_LIMIT


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(exc: RequestEntityTooLarge):
    if (
        request.endpoint == "admin.upload_roster"
        and current_user.is_authenticated
        and current_user.is_admin
    ):
        return render_roster(
            400, error=_("The file is larger than 5 MB. Split it or remove columns.")
        )
    return error_response(413)


@bp.route("/roster/upload", methods=["POST"])
def upload_roster():
    form = UploadForm()
    if not form.validate_on_submit():
        return render_roster(400, form=form)
    upload = form.file.data
    filename = upload.filename or ""
    try:
        rows = service.read_table(filename, upload.read(service.MAX_BYTES + 1))
    except service.RosterFileError as exc:
        return render_roster(400, form=form, error=str(exc))
    checked = service.check_rows(rows)
    bad = [row for row in checked if row.errors]
    if bad:
        return render_template(
            "admin/roster_preview.html", rows=checked, bad=bad, filename=filename
        ), 400
    db = get_db()
    key = pending.save_pending(db, current_user.id, filename, [r.values for r in checked])
    return render_template(
        "admin/roster_preview.html",
        rows=checked,
        bad=[],
        filename=filename,
        key=key,
        plan=service.plan(db, [r.values for r in checked]),
    )


@bp.route("/roster/confirm/<key>", methods=["POST"])
def confirm_roster(key: str):
    g.back = url_for("admin.roster")
    counts = pending.apply_pending(get_db(), key, current_user.id)
    flash(
        _(
            "Roster updated: %(added)s added, %(updated)s updated, %(deactivated)s deactivated.",
            **counts,
        ),
        "success",
    )
    return redirect(url_for("admin.roster"))


@bp.route("/people/<id:person_id>/delete", methods=["GET", "POST"])
def delete_person(person_id: int):
    """GET asks first (deleting cannot be undone); POST deletes. One rule for both, so that a
    bad id is a 404 for either method (two rules would make it a 405 for one)."""
    g.back = url_for("admin.roster")
    db = get_db()
    if request.method == "GET":
        rows = list(db.query("SELECT * FROM people WHERE id = ?", [person_id]))
        if not rows:
            raise NotFound(_("There is no such person on the roster."))
        return render_template("admin/roster_delete.html", person=rows[0])
    service.delete_person(db, person_id)
    flash(_("The person and their invitations were removed; answers are kept."), "success")
    return redirect(url_for("admin.roster"))
