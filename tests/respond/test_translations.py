"""Every string of the respondent flow exists in Dutch."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "feedback/respond/translations/nl/LC_MESSAGES/messages.po"


def catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def test_every_msgid_has_a_dutch_translation():
    missing = [m.id for m in catalogue() if m.id and not m.string]
    assert missing == []
    assert len(catalogue()) > 30


def test_every_string_in_code_and_templates_is_in_the_catalogue():
    known = {m.id for m in catalogue() if m.id}
    used = set()
    for folder, method in (("feedback/respond", "python"), ("templates/respond", "jinja2")):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", method)] if method == "python" else [("**.html", method)],
            keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None},
        ):
            used.add(message)
    assert used, "extraction found nothing"
    assert sorted(used - known) == []
