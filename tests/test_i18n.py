"""Every user-facing string exists in Dutch and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from feedback.i18n import PACKAGE

CATALOGUES = sorted(PACKAGE.rglob("translations/nl/LC_MESSAGES/messages.po"))


def test_there_are_catalogues():
    assert CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_has_a_dutch_translation(path: Path):
    with path.open("rb") as f:
        catalog = read_po(f)
    missing = [m.id for m in catalog if m.id and not m.string]
    assert missing == []


def test_pages_switch_language(client):
    assert "Aanmelden" in client.get("/login?lang=nl").get_data(as_text=True)
    assert "Sign in" in client.get("/login?lang=en").get_data(as_text=True)


def test_the_browser_language_is_the_default(client):
    page = client.get("/login", headers={"Accept-Language": "nl-BE,nl;q=0.9"})
    assert "Wachtwoord" in page.get_data(as_text=True)


def test_a_survey_language_does_not_switch_a_signed_in_users_interface(app, client):
    from tests.conftest import make_user, sign_in

    make_user(app, "en@example.org", "admin")
    sign_in(client, "en@example.org")
    client.get("/s/not-a-token?lang=nl")
    page = client.get("/account")
    assert page.status_code == 200
    assert "Sign out" in page.get_data(as_text=True)


def test_start_up_compiles_the_catalogues_outside_the_source_tree(app, tmp_path):
    """One compiled catalogue per area in the instance folder; no `.mo` beside the code."""
    from feedback.i18n import catalogues, compile_catalogues

    assert sorted(PACKAGE.rglob("*.mo")) == []
    compiled = Path(app.instance_path) / "translations"
    assert len(list(compiled.glob("*/nl/LC_MESSAGES/messages.mo"))) == len(CATALOGUES)
    dirs = compile_catalogues(tmp_path)
    assert len(dirs) == len({po.parents[2] for po in catalogues()}) == len(CATALOGUES)
    assert all(Path(d).parent == tmp_path for d in dirs)
    assert sorted(PACKAGE.rglob("*.mo")) == []
