"""Every English string of "you said, we did" (the employees' side and the publication on the
actions page) has a Dutch translation in one of the catalogues Flask-Babel merges."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from feedback.i18n import catalogues

ROOT = Path(__file__).resolve().parents[2]
PY_FILES = [
    *(f"feedback/updates/{n}" for n in ("labels.py", "mail.py", "routes.py")),
    "feedback/dashboard/actions.py",
    "feedback/dashboard/explorer/action_store.py",
]
TEMPLATES = [
    *(f"templates/updates/{n}" for n in ("_items.html", "_block.html", "page.html")),
    "templates/dashboard/_publish_row.html",
    "templates/dashboard/actions.html",
]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None}


def msgids() -> set[str]:
    found = set()
    for name in PY_FILES:
        found |= {m[1] for m in extract_from_file("python", str(ROOT / name), keywords=KEYWORDS)}
    for name in TEMPLATES:
        found |= {m[1] for m in extract_from_file("jinja2.ext:babel_extract", str(ROOT / name))}
    return found


def dutch() -> dict[str, str]:
    out: dict[str, str] = {}
    for po in catalogues():
        if "/nl/" in str(po):
            with po.open("rb") as f:
                out |= {m.id: m.string for m in read_po(f) if m.id and m.string}
    return out


def test_every_string_has_dutch():
    ids = msgids()
    assert "You said, we did" in ids and len(ids) > 30
    have = dutch()
    assert sorted(i for i in ids if i not in have) == []
