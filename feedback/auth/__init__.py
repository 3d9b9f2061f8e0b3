"""Sign-in for change managers; every page outside the respondent flow needs it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

import click
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from feedback.auth import throttle
from feedback.auth.forms import AccountForm, LoginForm, PasswordForm
from feedback.auth.passwords import check_password, hash_password
from feedback.auth.targets import safe_target
from feedback.auth.users import (
    User,
    UserExists,
    create_user,
    end_sessions,
    find_by_email,
    set_language,
    set_password,
    user_for_session,
)
from feedback.db import get_db, open_database
from feedback.domain import LANGUAGES, USER_ROLES

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
csrf = CSRFProtect()

# Endpoints anyone may reach; the API authenticates with its own tokens.
PUBLIC_PREFIXES = (
    "respond.",
    "conversations.followup",
    "openlinks.answer",
    "auth.login",
    "auth.oidc_",
    "auth.language",
    "auth.forgot_password",
    "auth.set_password_link",
    "static",
    "bootstrap.",
    "errors.",
    "api.",
    "about.",
    "health.",
    "updates.",
)
_DUMMY_HASH = hash_password("not-a-real-password")


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return user_for_session(get_db(), session_id)


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed in as an admin, or 403."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def require_sign_in() -> Any:
    endpoint = request.endpoint or ""
    if request.endpoint is None or endpoint.startswith(PUBLIC_PREFIXES):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    g.user_language = current_user.language
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        row = find_by_email(get_db(), form.email.data.strip().lower())
        ok = check_password(row["password_hash"] if row else _DUMMY_HASH, form.password.data)
        if row and ok and row["active"]:
            session.clear()  # a fresh session on every sign-in (no fixation)
            login_user(User.from_row(row))
            session["lang"] = row["language"]
            return redirect(safe_target(request.args.get("next")) or url_for("dashboard.index"))
        g.sign_in_failed = True
        flash(_("Unknown e-mail address or wrong password."), "error")
    return render_template("auth/login.html", form=form, throttled=False)


@bp.route("/language", methods=["POST"])
def language():
    """The language switcher (a small form, CSRF-protected): the signed-in user's setting, or
    this browser's session before sign-in; then back to the page it was on."""
    chosen = request.form.get("lang")
    if chosen not in LANGUAGES:
        abort(400)
    if current_user.is_authenticated:
        set_language(get_db(), current_user.id, chosen)
    session["lang"] = chosen
    return redirect(safe_target(request.form.get("next")) or url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
def account():
    """The signed-in user's own settings: the interface language, the password."""
    form = AccountForm(data={"language": current_user.language})
    if form.validate_on_submit():
        set_language(get_db(), current_user.id, form.language.data)
        session["lang"] = g.user_language = form.language.data
        refresh()  # say "saved" in the language just chosen
        flash(_("Your language was saved."), "success")
        return redirect(url_for("auth.account"))
    status = 400 if form.errors else 200
    return render_account(form, PasswordForm(formdata=None), status)


@bp.route("/account/password", methods=["POST"])
def change_password():
    """A new password ends every session of this user; this browser gets a fresh one."""
    form = PasswordForm()
    db = get_db()
    if form.validate_on_submit():
        row = find_by_email(db, current_user.email)
        if row and check_password(row["password_hash"], form.current.data):
            set_password(db, current_user.id, form.new.data)
            session.clear()
            login_user(User.from_row(cast(dict, find_by_email(db, current_user.email))))
            session["lang"] = current_user.language
            flash(_("Your password was changed; every other session was signed out."), "success")
            return redirect(url_for("auth.account"))
        g.sign_in_failed = True  # a stolen session may not guess the current password either
        form.current.errors = [_("This is not your current password.")]
    account_form = AccountForm(formdata=None, data={"language": current_user.language})
    return render_account(account_form, form, 400)


def render_account(form: AccountForm, password_form: PasswordForm, status: int) -> Any:
    page = render_template("auth/account.html", form=form, password_form=password_form)
    return page, status


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_sessions(get_db(), current_user.id)  # copies of this session's cookie too
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(USER_ROLES), required=True, help="admin or viewer.")
@click.option(
    "--department",
    "departments",
    multiple=True,
    help="A department a viewer may see (repeatable; at least one for a viewer).",
)
@click.option(
    "--language",
    type=click.Choice(["en", "nl"]),
    default="en",
    show_default=True,
    help="Interface language.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(
    email: str, role: str, departments: tuple[str, ...], language: str, password_stdin: bool
) -> None:
    """Create a change-manager account (the password is prompted for, never an argument)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("The password must be at least 10 characters long.")
    if "@" not in email:
        raise click.ClickException(f"Not an e-mail address: {email}")
    if role == "viewer" and not departments:
        raise click.ClickException(
            "A viewer sees only their own departments: give at least one --department."
        )
    db = open_database(current_app)
    try:
        user = create_user(db, email, password, role, list(departments) or None, language)
    except UserExists as exc:
        raise click.ClickException(f"A user with e-mail {exc} already exists.") from exc
    click.echo(f"Created {user.role} {user.email}")


def init_app(app: Flask) -> None:
    """Register the sign-in, account and password pages, the sign-in guard and `create-user`."""
    from feedback.auth import routes_oidc, routes_password

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None
    csrf.init_app(app)
    app.register_blueprint(bp)
    throttle.init_app(app)
    app.before_request(require_sign_in)
    app.cli.add_command(create_user_command)
    routes_password.init_app(app)
    routes_oidc.init_app(app)
