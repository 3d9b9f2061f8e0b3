"""Corrections that change what the organisation sees: re-scoring through the correction
memory, similar-comment suggestions (one click each), the review queue, "unclear" shown apart."""

from __future__ import annotations

import html
import json
import re

import pytest

from feedback.domain import BARRIERS
from feedback.scoring.background import worker_for
from tests.api.orgdata import build_org
from tests.conftest import make_user, sign_in

HANDLE = re.compile(r'name="handle" value="([0-9a-f]{32})"')
TEXT = re.compile(r'<p class="mb-1[^"]*">([^<]+)</p>')
SIMILAR = re.compile(r'<span class="similar-text">([^<]+)</span>')
LOGIN = "I never learned how to share a file on the new intranet"
LOGIN_EN = "Nobody ever showed me how to share files on the new intranet"
LOGIN_NL = "Niemand heeft me ooit uitgelegd hoe ik bestanden deel op het nieuwe intranet"
OTHER = "The canteen serves great soup on Fridays"


def page(client, org, path="/dashboard/comments", **args):
    query = {"survey": org["survey_id"], "wave": org["wave_ids"][0], **args}
    return client.get(path, query_string=query)


def texts(response) -> list[str]:
    return [html.unescape(t) for t in TEXT.findall(response.get_data(as_text=True))]


def handle_of(client, org, text: str) -> str:
    body = page(client, org).get_data(as_text=True)
    for block in body.split('<li class="list-group-item">')[1:]:
        if html.escape(text, quote=False) in block or text in html.unescape(block):
            return HANDLE.findall(block)[0]
    raise AssertionError(f"{text!r} not listed")


def correct(client, org, handle, label, back="/dashboard/comments"):
    data = {"handle": handle, "wave": org["wave_ids"][0], "label": label, "back": back}
    return client.post("/dashboard/comments/correct", data=data)


@pytest.fixture
def org(db):
    return build_org(db)  # Sales 12, Support 11, Tiny 3; k_comments 10; 26 comments


def comment_ids(db) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM comments ORDER BY id")]


def set_texts(db, texts_by_id: dict[int, str]) -> None:
    with db.conn:
        for cid, text in texts_by_id.items():
            db.execute("UPDATE comments SET text = ? WHERE id = ?", [text, cid])


def stored(db, text: str) -> dict:
    return dict(next(db.query("SELECT * FROM comments WHERE text = ?", [text])))


def test_a_correction_moves_the_score_of_a_similar_comment(app, admin_client, org, db):
    ids = comment_ids(db)
    set_texts(db, {ids[0]: LOGIN, ids[1]: LOGIN_EN, ids[2]: OTHER})
    worker = worker_for(app.config["DATABASE"], app.config["MODEL_DIR"])
    db.execute("UPDATE comments SET model_version = NULL")
    worker.nudge()
    assert worker.wait_idle(120)
    before, other = stored(db, LOGIN_EN), stored(db, OTHER)
    label = next(b for b in ("access", "motivation", "none") if b != before["barrier"])
    response = correct(admin_client, org, handle_of(admin_client, org, LOGIN), f"barrier:{label}")
    assert response.status_code == 302
    assert worker.wait_idle(120)
    after = stored(db, LOGIN_EN)
    assert after["barrier"] == label
    assert after[f"p_{label}"] > before[f"p_{label}"] + 0.3
    assert json.loads(after["evidence"])[0] == "correction"
    assert after["confidence"] == max(after[f"p_{b}"] for b in BARRIERS)
    unrelated = stored(db, OTHER)
    assert (unrelated["barrier"], unrelated["p_none"]) == (other["barrier"], other["p_none"])
    assert "correction" not in json.loads(unrelated["evidence"])


def test_suggestions_list_similar_comments_in_the_other_language_and_apply_in_one_click(
    admin_client, org, db
):
    ids = comment_ids(db)
    set_texts(db, {ids[0]: LOGIN, ids[1]: LOGIN_NL, ids[2]: OTHER})
    response = correct(admin_client, org, handle_of(admin_client, org, LOGIN), "barrier:access")
    assert response.status_code == 302
    assert "similar=" in response.location and "label=barrier%3Aaccess" in response.location
    body = admin_client.get(response.location).get_data(as_text=True)
    offered = [html.unescape(t) for t in SIMILAR.findall(body)]
    assert LOGIN_NL in offered
    assert OTHER not in offered and LOGIN not in offered and len(offered) <= 5
    form = body[body.index('id="similar-title"') :].split(LOGIN_NL.split()[0])[0]
    form = form[form.rindex("<form") :]
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form))
    assert fields["label"] == "barrier:access"
    again = admin_client.post("/dashboard/comments/correct", data=fields)
    assert again.status_code == 302
    latest = db.execute(
        "SELECT c.text, lc.value FROM label_corrections lc JOIN comments c ON c.id = lc.comment_id "
        "ORDER BY lc.id DESC LIMIT 1"
    ).fetchone()
    assert latest == (LOGIN_NL, "access")
    body = admin_client.get(again.location).get_data(as_text=True)
    assert LOGIN_NL not in [html.unescape(t) for t in SIMILAR.findall(body)]  # done


def test_suggestions_need_a_valid_correction_and_an_admin(admin_client, viewer_client, org):
    handle = HANDLE.findall(page(admin_client, org).get_data(as_text=True))[0]
    for label in ("barrier:boredom", "colour:blue"):
        body = page(admin_client, org, similar=handle, label=label).get_data(as_text=True)
        assert 'id="similar-title"' not in body
    body = page(admin_client, org, similar="0" * 32, label="barrier:access").get_data(as_text=True)
    assert 'id="similar-title"' not in body
    viewer = page(viewer_client, org, similar=handle, label="barrier:access")
    assert 'id="similar-title"' not in viewer.get_data(as_text=True)


def set_confidences(db, ids: list[int]) -> None:
    """Falling confidence by id order; the second last not scored yet."""
    with db.conn:
        for rank, cid in enumerate(ids):
            db.execute("UPDATE comments SET confidence = ? WHERE id = ?", [0.9 - rank / 100, cid])
        db.execute("UPDATE comments SET confidence = NULL WHERE id = ?", [ids[-2]])


def test_review_queue_lists_the_least_certain_uncorrected_comments_first(
    admin_client, org, db, app
):
    ids = comment_ids(db)
    set_confidences(db, ids)
    expected = [t for (t,) in db.execute("SELECT text FROM comments ORDER BY confidence")]
    expected = [t for t in expected if t != stored_text(db, ids[-2])]
    response = page(admin_client, org, "/dashboard/comments/review")
    assert response.status_code == 200
    assert texts(response) == expected  # unscored (no confidence) left out
    correct(admin_client, org, handle_of(admin_client, org, expected[0]), "barrier:none")
    # The correction re-scores the survey in the background; wait, then set the same order.
    assert worker_for(app.config["DATABASE"], app.config["MODEL_DIR"]).wait_idle()
    set_confidences(db, ids)
    assert texts(page(admin_client, org, "/dashboard/comments/review"))[0] == expected[1]
    body = page(admin_client, org).get_data(as_text=True)
    assert "/dashboard/comments/review?" in body  # linked from the explorer


def stored_text(db, cid: int) -> str:
    return db.execute("SELECT text FROM comments WHERE id = ?", [cid]).fetchone()[0]


def test_review_queue_keeps_the_release_rules(admin_client, org, app):
    tiny = page(admin_client, org, "/dashboard/comments/review", filter="department:Tiny")
    assert tiny.status_code == 422 and texts(tiny) == []
    make_user(app, "sales@example.org", "viewer", ["Sales"])
    client = app.test_client()
    sign_in(client, "sales@example.org")
    response = page(client, org, "/dashboard/comments/review")
    assert all("(Sales " in t for t in texts(response))
    assert 'name="handle"' not in response.get_data(as_text=True)  # viewers only read


@pytest.mark.parametrize(
    ("lang", "unclear", "likely", "offtopic"),
    [
        ("en", "unclear", "most likely Motivation", "off-topic"),
        ("nl", "onduidelijk", "waarschijnlijk Motivatie", "niet over het onderwerp"),
    ],
)
def test_unclear_is_shown_apart_with_its_most_likely_class(
    admin_client, org, db, lang, unclear, likely, offtopic
):
    ids = comment_ids(db)
    probabilities = {"p_knowledge": 0.3, "p_motivation": 0.45, "p_access": 0.1, "p_none": 0.15}
    with db.conn:
        db.execute("UPDATE comments SET confident = 1")
        db["comments"].update(ids[0], {"confident": 0, "confidence": 0.45, **probabilities})
        db["comments"].update(
            ids[1], {"flag": "offtopic", "barrier": None, "confident": 0, **probabilities}
        )
    body = page(admin_client, org, lang=lang).get_data(as_text=True)
    assert body.count(f">{unclear}</span>") == 1
    assert body.count(likely) == 2  # the unclear one and the off-topic one
    assert offtopic in body
    only = page(admin_client, org, barrier="unclear")
    assert texts(only) == [stored_text(db, ids[0])]
    assert 'value="unclear" selected' in only.get_data(as_text=True)
    assert len(texts(page(admin_client, org, barrier="knowledge"))) == len(ids) - 2


def test_every_explorer_message_has_a_dutch_translation():
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    from tests.dashboard.test_translations import KEYWORDS, ROOT

    found = {
        m[1]
        for m in extract_from_file(
            "python", str(ROOT / "feedback/dashboard/comments.py"), keywords=KEYWORDS
        )
    }
    for name in ("comments.html", "review.html", "_comment_parts.html"):
        path = ROOT / "templates" / "dashboard" / name
        found |= {m[1] for m in extract_from_file("jinja2.ext:babel_extract", str(path))}
    with (ROOT / "feedback/dashboard/explorer/translations/nl/LC_MESSAGES/messages.po").open(
        "rb"
    ) as f:
        catalog = read_po(f)
    missing = [m for m in found if not (catalog.get(m) and catalog.get(m).string)]
    assert len(found) > 30 and not missing, missing
