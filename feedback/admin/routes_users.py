"""The users page: change-manager accounts, their role, departments and access."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from feedback.admin import bp
from feedback.admin.errors import Conflict, NotFound
from feedback.admin.forms import UserForm, UserUpdateForm
from feedback.auth.links import InviteNotSent, invite_user
from feedback.auth.users import (
    UserExists,
    count_active_admins,
    get_user,
    list_users,
    update_user,
)
from feedback.db import get_db


def departments() -> list[SelectChoice]:
    rows = get_db().execute("SELECT DISTINCT department FROM people ORDER BY department")
    return [SelectChoice(r[0], r[0]) for r in rows]


def render_users(form: UserForm | None = None, status: int = 200):
    choices = departments()
    form = form or UserForm(formdata=None)
    form.departments.choices = choices
    updates = {}
    for user in list_users(get_db()):
        update = UserUpdateForm(
            formdata=None,
            prefix=f"u{user.id}",
            data={"role": user.role, "departments": user.departments or [], "active": user.active},
        )
        update.departments.choices = choices
        updates[user.id] = update
    return render_template(
        "admin/users.html", users=list_users(get_db()), form=form, updates=updates
    ), status


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = UserForm()
    form.departments.choices = departments()
    if form.validate_on_submit():
        try:
            invite_user(
                get_db(),
                current_app.config,
                form.email.data,
                form.role.data,
                form.departments.data or None,
                form.language.data,
                current_app.extensions["goesting.clock"](),
            )
        except UserExists:
            form.email.errors.append(_("A user with this e-mail address already exists."))
            return render_users(form, 400)
        except InviteNotSent:
            flash(_("The invitation could not be sent, so no user was created."), "error")
            return render_users(form, 502)
        flash(_("Invitation sent to %(email)s.", email=form.email.data.strip().lower()), "success")
        return redirect(url_for("admin.users"))
    return render_users(form, 400 if form.errors else 200)


@bp.route("/users/<id:user_id>", methods=["POST"])
def save_user(user_id: int):
    g.back = url_for("admin.users")
    db = get_db()
    user = get_user(db, user_id)
    if user is None:
        raise NotFound()
    form = UserUpdateForm(prefix=f"u{user_id}")
    form.departments.choices = departments()
    if not form.validate_on_submit():
        flash(_("The change was not saved: check the role and departments."), "error")
        return render_users(status=400)
    demoted = user.is_admin and (form.role.data != "admin" or not form.active.data)
    if demoted and user.active and count_active_admins(db) <= 1:
        raise Conflict(_("The last active administrator cannot be demoted or deactivated."))
    if user_id == current_user.id and not form.active.data:
        raise Conflict(_("You cannot deactivate your own account."))
    update_user(db, user_id, form.role.data, form.departments.data or None, form.active.data)
    flash(_("User %(email)s saved.", email=user.email), "success")
    return redirect(url_for("admin.users"))
