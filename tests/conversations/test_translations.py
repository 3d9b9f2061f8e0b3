"""Every string of the conversation pages exists in Dutch."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "feedback/conversations/translations/nl/LC_MESSAGES/messages.po"


def test_every_string_in_code_and_templates_has_a_dutch_translation():
    with PO.open("rb") as f:
        known = {m.id for m in read_po(f) if m.id and m.string}
    used = set()
    for folder, method in (
        ("feedback/conversations", "python"),
        ("templates/conversations", "jinja2"),
    ):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder,
            method_map=[(pattern, method)],
            keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None},
        ):
            used.add(message)
    assert len(used) > 40
    assert sorted(used - known) == []
