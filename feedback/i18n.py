"""Dutch and English: Flask-Babel with one catalogue per area, compiled when stale.

Every area may keep `translations/nl/LC_MESSAGES/messages.po` beside its code; Flask-Babel
merges them all. The `.mo` files are build products (not in git), compiled here on start-up.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request, session
from flask_babel import Babel, get_locale

LANGUAGES = ("nl", "en")
PACKAGE = Path(__file__).resolve().parent


def catalogue_dirs() -> list[str]:
    return sorted(str(p) for p in PACKAGE.rglob("translations") if p.is_dir())


def compile_catalogues() -> None:
    for po in PACKAGE.rglob("translations/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f)
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo)


def select_locale() -> str:
    """A view's choice (g.lang), ?lang=, the signed-in user's own, the session, the browser.

    `?lang=` shows that one page in that language and stores nothing: a GET never changes a
    setting (a link or an image could otherwise switch someone's interface). The switcher
    posts to `auth.language`, which stores the choice. The user's setting outranks the
    session, so a survey answered in another language on a change manager's browser does not
    switch their interface.
    """
    chosen = request.args.get("lang")
    candidates = (
        getattr(g, "lang", None),
        chosen,
        getattr(g, "user_language", None),
        session.get("lang"),
    )
    for candidate in candidates:
        if candidate in LANGUAGES:
            return candidate
    return request.accept_languages.best_match(LANGUAGES) or "en"


def here_without_lang() -> str:
    """This page's path and query without `lang`: where the language switcher returns to."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return request.path + (f"?{urlencode(args)}" if args else "")


def init_app(app: Flask) -> None:
    compile_catalogues()
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories=";".join(catalogue_dirs()),
    )
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["here_without_lang"] = here_without_lang
