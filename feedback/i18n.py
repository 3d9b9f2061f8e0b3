"""Dutch and English: Flask-Babel with one catalogue per area, compiled when stale.

Every area may keep `translations/nl/LC_MESSAGES/messages.po` beside its code; Flask-Babel
merges them all. The `.mo` files are build products: compiled on start-up into the instance
folder (`instance/translations/<area>/…`, one directory per area), never into the source tree,
so starting the app leaves the checkout as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request, session
from flask_babel import Babel, get_locale

from feedback.domain import LANGUAGES

PACKAGE = Path(__file__).resolve().parent


def catalogues() -> list[Path]:
    """Every area's source catalogues (`…/translations/<lang>/LC_MESSAGES/*.po`)."""
    return sorted(PACKAGE.rglob("translations/*/LC_MESSAGES/*.po"))


def compiled_path(po: Path, target: Path) -> Path:
    """Where a catalogue compiles to: `target/<area>/<lang>/LC_MESSAGES/<name>.mo`, the area
    named by its package (`feedback.dashboard.explorer`)."""
    translations = po.parents[2]
    area = ".".join(("feedback", *translations.parent.relative_to(PACKAGE).parts))
    return target / area / po.relative_to(translations).with_suffix(".mo")


def compile_catalogues(target: Path) -> list[str]:
    """Compile the stale catalogues into `target`; the translation directories, one per area."""
    dirs = set()
    for po in catalogues():
        mo = compiled_path(po, target)
        dirs.add(str(mo.parents[2]))
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f)
        mo.parent.mkdir(parents=True, exist_ok=True)
        # A private temporary file, renamed into place: workers starting together never read
        # or write a half-written catalogue.
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                write_mo(f, catalog)
            os.replace(tmp, mo)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return sorted(dirs)


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
    dirs = compile_catalogues(Path(app.instance_path) / "translations")
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories=";".join(dirs),
    )
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["here_without_lang"] = here_without_lang
