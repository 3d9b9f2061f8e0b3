"""Forgotten passwords and the links that set one (invitations and resets)."""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from flask import Flask, current_app, redirect, render_template, session, url_for
from flask_login import login_user

from feedback.auth import bp
from feedback.auth.forms import ForgotForm, SetPasswordForm
from feedback.auth.links import (
    LinkSpent,
    LinkUnknown,
    Outbox,
    check,
    compose,
    issue,
    password_link,
    send_now,
    use,
)
from feedback.auth.users import find_by_email, get_user
from feedback.db import get_db
from feedback.ratelimit import client_key, hit


def per_hour(setting: str, default: int) -> str:
    """Requests for a reset link per client address, or mails per e-mail address."""
    return f"{int(current_app.config.get(setting, default))} per hour"


def now() -> float:
    return current_app.extensions["goesting.clock"]()


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """The same answer whether or not the address has an account; the message (if any) goes
    out after the answer, so the answer takes no longer for a known address either."""
    form = ForgotForm()
    if form.validate_on_submit():
        seconds = hit("forgot-address", per_hour("FORGOT_PER_ADDRESS_PER_HOUR", 20), client_key())
        if seconds:
            page = render_template("auth/forgot.html", form=form, sent=False, throttled=True)
            return page, 429, {"Retry-After": str(seconds)}
        email = form.email.data.strip().lower()
        row = find_by_email(get_db(), email)
        # Counted for every address alike; over the limit, the answer stays the same.
        mail = not hit("forgot-email", per_hour("FORGOT_PER_EMAIL_PER_HOUR", 3), email)
        if mail and row and row["active"]:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            job = partial(send_reset, app, row["id"], row["email"], row["language"])
            current_app.extensions["goesting.outbox"].submit(job)
        return render_template("auth/forgot.html", form=ForgotForm(formdata=None), sent=True)
    status = 400 if form.errors else 200
    return render_template("auth/forgot.html", form=form, sent=False), status


def send_reset(app: Flask, user_id: int, email: str, language: str) -> None:
    """Make a reset link and mail it (in the background, with its own database handle)."""
    with app.app_context():
        token = issue(get_db(), user_id, "reset", app.extensions["goesting.clock"]())
        link = password_link(app.config, token)
        send_now(app.config, compose(app.config, email, language, "reset", link))


@bp.route("/password/<token>", methods=["GET", "POST"])
def set_password_link(token: str) -> Any:
    """Choose a password through a link from an e-mail: once, before it expires."""
    db = get_db()
    try:
        link = check(db, token, now())
    except LinkUnknown:
        return render_template("auth/link_gone.html", spent=False), 404
    except LinkSpent:
        return render_template("auth/link_gone.html", spent=True), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user_id = use(db, token, form.new.data, now())
        except (LinkUnknown, LinkSpent):
            return render_template("auth/link_gone.html", spent=True), 410
        user = get_user(db, user_id)
        session.clear()  # a fresh session (no fixation); every other one ended with the link
        if user is not None:
            login_user(user)
            session["lang"] = user.language
        return redirect(url_for("dashboard.index"))
    status = 400 if form.errors else 200
    page = render_template("auth/set_password.html", form=form, link=link)
    return page, status


def init_app(app: Flask) -> None:
    app.extensions.setdefault("goesting.clock", time.time)
    app.extensions["goesting.outbox"] = Outbox()
