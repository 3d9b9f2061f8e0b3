"""Roster pages: upload with a preview of every row's problems, confirm, delete a person."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from feedback.admin import bp, pending
from feedback.admin import roster as service
from feedback.admin.forms import UploadForm
from feedback.db import get_db
from feedback.errors import error_response
from feedback.params import bounded_int

# The request may carry a little more than the 5 MB file itself (form fields, boundaries).
UPLOAD_LIMIT = service.MAX_BYTES + 64 * 1024


PAGE_SIZE = 50
MAX_SEARCH = 100


def render_roster(status: int = 200, form: UploadForm | None = None, error: str | None = None):
    """The roster a page at a time, searched by e-mail, department, team or location."""
    search = (request.args.get("q") or "").strip()[:MAX_SEARCH]
    page = max(1, bounded_int(request.args.get("page") or "1"))
    where, params = "", []
    if search:
        like = "%" + search.replace("\\", "").replace("%", "").replace("_", "") + "%"
        where = "WHERE email LIKE ? OR department LIKE ? OR team LIKE ? OR location LIKE ?"
        params = [like] * 4
    db = get_db()
    total = db.execute(f"SELECT COUNT(*) FROM people {where}", params).fetchone()[0]
    people = list(
        db.query(
            f"SELECT * FROM people {where} ORDER BY active DESC, department, email "
            "LIMIT ? OFFSET ?",
            [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
        )
    )
    active = db.execute("SELECT COUNT(*) FROM people WHERE active = 1").fetchone()[0]
    return render_template(
        "admin/roster.html",
        people=people,
        form=form or UploadForm(formdata=None),
        error=error,
        search=search,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        active=active,
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


@bp.route("/people/<id:person_id>/delete", methods=["POST"])
def delete_person(person_id: int):
    g.back = url_for("admin.roster")
    service.delete_person(get_db(), person_id)
    flash(_("The person and their invitations were removed; answers are kept."), "success")
    return redirect(url_for("admin.roster"))
