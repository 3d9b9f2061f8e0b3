"""Themes by meaning above the comments: grouped across Dutch and English, named in the
reader's language, only themes of at least k_comments comments, the same for the same
selection."""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.api.orgdata import build_org

THEME = re.compile(r'<span class="badge border text-bg-light theme">([^<]*?) · (\d+)</span>')
LOGIN = [
    "I cannot log in to the intranet, my password never works",
    "Ik kan niet inloggen op het intranet, mijn wachtwoord werkt nooit",
    "Logging in to the intranet fails every time, the password is refused",
    "Inloggen op het intranet lukt nooit, mijn wachtwoord wordt geweigerd",
]
POINT = [
    "I don't see the point of this tool, email works fine for me",
    "Ik zie het nut van deze tool niet, mail werkt prima voor mij",
    "What is this tool for? Email already does the job",
]
SOUP = "The canteen serves great soup on Fridays"


def themes(client, org, **args) -> list[tuple[str, int]]:
    query = {"survey": org["survey_id"], "wave": org["wave_ids"][0], **args}
    body = client.get("/dashboard/comments", query_string=query).get_data(as_text=True)
    return [(html.unescape(name), int(n)) for name, n in THEME.findall(body)]


@pytest.fixture
def org(db):
    org = build_org(db)  # 26 comments: Sales 12, Support 11, Tiny 3; k_comments 10
    ids = [row[0] for row in db.execute("SELECT id FROM comments ORDER BY id")]
    with db.conn:
        for n, cid in enumerate(ids):
            if n < 12:
                text, evidence = f"{LOGIN[n % 4]} ({n})", ["wachtwoord", "concept:login"]
            elif n < 23:
                text, evidence = f"{POINT[n % 3]} ({n})", ["email", "concept:value_doubt"]
            else:
                text, evidence = SOUP, ["soup"]
            db["comments"].update(cid, {"text": text, "evidence": json.dumps(evidence)})
    return org


def test_comments_are_grouped_by_meaning_across_languages(admin_client, org):
    assert themes(admin_client, org, lang="en") == [
        ("logging in, wachtwoord", 12),
        ("doubts the value, email", 11),
    ]


def test_theme_names_follow_the_readers_language(admin_client, org):
    names = [name for name, _n in themes(admin_client, org, lang="nl")]
    assert names[0].startswith("inloggen")


def test_a_theme_smaller_than_k_comments_is_not_shown(admin_client, org):
    shown = themes(admin_client, org)
    assert all(n >= 10 for _name, n in shown)
    assert not any("soup" in name for name, _n in shown)  # 3 comments about soup


def test_the_same_selection_gives_the_same_themes(admin_client, org):
    assert themes(admin_client, org) == themes(admin_client, org)


def test_no_themes_for_a_group_too_small_for_comments(admin_client, org):
    assert themes(admin_client, org, filter="department:Tiny") == []
    assert themes(admin_client, org, filter="department:Sales") == [("logging in, wachtwoord", 12)]


def test_scored_comments_are_themed_from_their_stored_vectors(admin_client, org, db, monkeypatch):
    from feedback.scoring import embedding
    from feedback.scoring.store import score_pending

    ids = [row[0] for row in db.execute("SELECT id FROM comments ORDER BY id")]
    assert score_pending(db, ids) == len(ids)

    def encode_again(texts):
        raise AssertionError(f"encoded again: {texts}")

    monkeypatch.setattr(embedding, "_CACHE", {})  # nothing remembered from other tests
    monkeypatch.setattr(embedding, "encode", encode_again)
    assert [n for _name, n in themes(admin_client, org)] == [12, 11]
