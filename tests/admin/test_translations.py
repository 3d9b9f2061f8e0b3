"""Every string of the admin and auth areas has a Dutch translation in the area's catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from feedback import PROJECT_ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n"}}
AREAS = {
    "admin": ("feedback/admin", "templates/admin"),
    "auth": ("feedback/auth", "templates/auth"),
}


def used_msgids(*folders: str) -> set[str]:
    found: set[str] = set()
    for folder in folders:
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            PROJECT_ROOT / folder, METHODS, OPTIONS, keywords=KEYWORDS
        ):
            found |= {m for m in (message if isinstance(message, tuple) else (message,)) if m}
    return found


def catalogue(area: str):
    path = PROJECT_ROOT / "feedback" / area / "translations/nl/LC_MESSAGES/messages.po"
    with Path(path).open("rb") as f:
        return read_po(f)


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]", text))


@pytest.mark.parametrize("area", AREAS)
def test_every_string_used_has_a_dutch_translation(area):
    messages = {}
    for message in catalogue(area):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            messages[msgid] = strings
    used = used_msgids(*AREAS[area])
    assert used, "the extractor found no strings: the test would prove nothing"
    assert sorted(used - set(messages)) == []


@pytest.mark.parametrize("area", AREAS)
def test_every_msgid_has_a_non_empty_msgstr_with_the_same_placeholders(area):
    for message in catalogue(area):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), message.id
        for text in strings:
            assert placeholders(text) == placeholders(ids[0]), message.id


def test_the_admin_pages_speak_dutch(admin_client, db):
    page = admin_client.get("/admin/surveys?lang=nl").get_data(as_text=True)
    assert "Nieuwe bevraging op basis van het sjabloon" in page
    admin_client.post("/language", data={"lang": "nl"})  # ?lang= shows one page only
    page = admin_client.get("/admin/roster").get_data(as_text=True)
    assert "Personeelslijst importeren" in page


@pytest.mark.parametrize("area", AREAS)
def test_shared_strings_are_translated_alike_in_every_catalogue(area):
    """Flask-Babel merges all catalogues, so a msgid translated two ways shows either one."""
    ours = {m.id: m.string for m in catalogue(area) if m.id}
    clashes = []
    for path in (PROJECT_ROOT / "feedback").rglob("translations/nl/LC_MESSAGES/messages.po"):
        if path.parent.parent.parent.parent.name == area:
            continue
        with path.open("rb") as f:
            for message in read_po(f):
                if message.id in ours and message.string != ours[message.id]:
                    clashes.append((str(path), message.id, message.string, ours[message.id]))
    assert clashes == []
