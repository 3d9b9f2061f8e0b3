"""Every English message of the API, comment explorer, actions and exports has Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from feedback import PROJECT_ROOT

KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
CATALOGUES = {
    "feedback/api/translations": ["feedback/api/__init__.py", "feedback/api/payload.py"],
    "feedback/dashboard/explorer/translations": [
        "feedback/dashboard/comments.py",
        "feedback/dashboard/actions.py",
        "feedback/dashboard/exports.py",
        *(
            str(p.relative_to(PROJECT_ROOT))
            for p in (PROJECT_ROOT / "feedback/dashboard/explorer").glob("*.py")
        ),
        "templates/dashboard/comments.html",
        "templates/dashboard/actions.html",
    ],
}


def msgids(path: str) -> set[str]:
    method = "jinja2.ext:babel_extract" if path.endswith(".html") else "python"
    found = set()
    for _line, message, _comments, _context in extract_from_file(
        method, str(PROJECT_ROOT / path), keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("catalogue", list(CATALOGUES))
def test_every_msgid_has_a_dutch_msgstr(catalogue):
    po = Path(PROJECT_ROOT / catalogue / "nl/LC_MESSAGES/messages.po")
    with po.open("rb") as f:
        dutch = {m.id: m.string for m in read_po(f) if m.id}
    used = set().union(*(msgids(p) for p in CATALOGUES[catalogue]))
    assert used, catalogue
    missing = sorted(m for m in used if not dutch.get(m))
    assert not missing


def test_dutch_is_served(app, admin_client, db):
    from tests.api.orgdata import build_org

    org = build_org(db, groups={"Small": (8, 3, 5)})
    response = admin_client.get(
        "/dashboard/comments", query_string={"survey": org["survey_id"], "lang": "nl"}
    )
    assert "Te weinig antwoorden om opmerkingen te tonen." in response.get_data(as_text=True)
