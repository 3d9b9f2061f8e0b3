"""Every English string of the analytics pages has a Dutch translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PY_FILES = ["views.py", "selection.py", "labels.py", "charts_view.py"]
TEMPLATES = [
    "_layout.html",
    "_parts.html",
    "overview.html",
    "heatmap.html",
    "matrix.html",
    "managers.html",
    "ambassadors.html",
    "empty.html",
]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def msgids() -> set:
    found = set()
    for name in PY_FILES:
        path = ROOT / "feedback" / "dashboard" / name
        found |= {m[1] for m in extract_from_file("python", str(path), keywords=KEYWORDS)}
    for name in TEMPLATES:
        path = ROOT / "templates" / "dashboard" / name
        found |= {m[1] for m in extract_from_file("jinja2.ext:babel_extract", str(path))}
    return found


def test_every_msgid_has_a_dutch_msgstr():
    po = ROOT / "feedback/dashboard/translations/nl/LC_MESSAGES/messages.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    ids = msgids()
    assert len(ids) > 50
    missing = []
    for msgid in ids:
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalog.get(key)
        strings = message.string if message else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(msgid)
    assert not missing, missing


def test_pages_come_in_dutch(admin_client, db):
    from tests.dashboard.test_pages import small_org

    small_org(db)
    html = admin_client.get("/dashboard/heatmap?lang=nl").get_data(as_text=True)
    assert "Gereedheid per afdeling" in html and "te weinig om te tonen" in html
