"""Every string of the open-link area exists in Dutch."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "feedback/openlinks/translations/nl/LC_MESSAGES/messages.po"


def test_every_string_in_code_and_templates_has_a_dutch_translation():
    with PO.open("rb") as f:
        known = {m.id: m.string for m in read_po(f) if m.id}
    used = set()
    for folder, pattern, method in (
        ("feedback/openlinks", "**.py", "python"),
        ("templates/openlinks", "**.html", "jinja2"),
    ):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder,
            method_map=[(pattern, method)],
            keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None},
        ):
            used.add(message)
    assert len(used) > 30, "extraction found too little"
    assert sorted(m for m in used if not known.get(m)) == []
