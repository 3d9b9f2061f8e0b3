"""Comment explorer: k_comments, no subtraction, random order, wave dates, scope, corrections."""

from __future__ import annotations

import html
import re

import pytest

from feedback.dashboard.explorer.comment_query import comment_handle
from feedback.scoring.corrections import latest_corrections
from tests.api.orgdata import build_org
from tests.conftest import make_user, sign_in

HANDLE = re.compile(r'name="handle" value="([0-9a-f]{32})"')
TEXT = re.compile(r'<p class="mb-1">([^<]+)</p>')


def page(client, org, **args):
    query = {"survey": org["survey_id"], "wave": org["wave_ids"][0], **args}
    return client.get("/dashboard/comments", query_string=query)


def texts(response) -> list[str]:
    return [html.unescape(t) for t in TEXT.findall(response.get_data(as_text=True))]


@pytest.fixture
def org(db):
    return build_org(db)  # Sales 12, Support 11, Tiny 3; k_comments 10


def test_whole_wave_shows_every_comment_with_the_wave_date_only(admin_client, org):
    response = page(admin_client, org)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(texts(response)) == 26
    assert "2026-01-05" in body
    for day in range(6, 15):
        assert f"2026-01-{day:02d}" not in body  # submitted_on never shows


def test_group_below_k_comments_shows_nothing(admin_client, db):
    org = build_org(db, groups={"Small": (8, 3, 5)})
    response = page(admin_client, org)
    assert response.status_code == 422
    assert "Too few responses to show comments" in response.get_data(as_text=True)
    assert texts(response) == []


@pytest.mark.parametrize("department", ["Tiny", "Support"])
def test_small_group_and_its_complement_are_refused(admin_client, org, department):
    response = page(admin_client, org, filter=f"department:{department}")
    assert response.status_code == 422
    assert texts(response) == []


def test_a_large_group_shows_only_its_own_comments(admin_client, org):
    shown = texts(page(admin_client, org, filter="department:Sales"))
    assert len(shown) == 12
    assert all("(Sales " in t for t in shown)


def test_order_is_not_by_id_and_does_not_change_with_a_filter(admin_client, org, db):
    first = texts(page(admin_client, org))
    second = texts(page(admin_client, org))
    by_id = [r["text"] for r in db.query("SELECT text FROM comments ORDER BY id")]
    assert sorted(first) == sorted(by_id)
    assert first == second  # a stable order: reloading reveals nothing new
    assert first != by_id and first != by_id[::-1]
    sales = texts(page(admin_client, org, filter="department:Sales"))
    assert sales == [t for t in first if t in sales]  # the same relative order


def test_page_holds_opaque_handles_not_ids(admin_client, org, db):
    body = page(admin_client, org).get_data(as_text=True)
    handles = set(HANDLE.findall(body))
    ids = [r["id"] for r in db.query("SELECT id FROM comments")]
    assert handles == {comment_handle("test", i) for i in ids}
    assert not re.search(r'name="(comment_id|response_id|id)"', body)


def test_viewer_sees_only_their_departments(app, org):
    make_user(app, "sales@example.org", "viewer", ["Sales"])
    client = app.test_client()
    sign_in(client, "sales@example.org")
    response = page(client, org)
    shown = texts(response)
    assert len(shown) == 12 and all("(Sales " in t for t in shown)
    assert 'name="handle"' not in response.get_data(as_text=True)  # viewers only read


def test_viewer_cannot_split_off_a_small_department_in_their_scope(app, org):
    make_user(app, "two@example.org", "viewer", ["Support", "Tiny"])
    client = app.test_client()
    sign_in(client, "two@example.org")
    assert page(client, org, filter="department:Support").status_code == 422


@pytest.mark.parametrize(
    "args", [{"barrier": "boredom"}, {"sentiment": "meh"}, {"filter": "salary:high"}, {"wave": "x"}]
)
def test_bad_filters_are_400(admin_client, org, args):
    assert page(admin_client, org, **args).status_code == 400


def correct(client, org, handle, label, **extra):
    data = {
        "handle": handle,
        "wave": org["wave_ids"][0],
        "label": label,
        "back": "/dashboard/comments",
        **extra,
    }
    return client.post("/dashboard/comments/correct", data=data)


def test_correction_is_stored_shown_and_read_by_train(admin_client, org, db):
    handle = HANDLE.findall(page(admin_client, org).get_data(as_text=True))[0]
    response = correct(admin_client, org, handle, "barrier:motivation")
    assert response.status_code == 302
    rows = list(
        db.query(
            "SELECT c.text, lc.field, lc.value, lc.corrected_on FROM label_corrections lc "
            "JOIN comments c ON c.id = lc.comment_id"
        )
    )
    assert len(rows) == 1 and rows[0]["field"] == "barrier" and rows[0]["value"] == "motivation"
    [seen] = latest_corrections(db)
    assert (seen.text, seen.barrier, seen.sentiment) == (rows[0]["text"], "motivation", None)
    shown = page(admin_client, org, barrier="motivation")
    assert rows[0]["text"] in texts(shown)
    assert "corrected" in shown.get_data(as_text=True)


@pytest.mark.parametrize(
    ("handle", "label", "status"),
    [
        ("0" * 32, "barrier:motivation", 404),
        ("zz", "barrier:motivation", 400),
        (None, "barrier:boredom", 400),
        (None, "colour:blue", 400),
    ],
)
def test_bad_corrections_write_nothing(admin_client, org, db, handle, label, status):
    real = HANDLE.findall(page(admin_client, org).get_data(as_text=True))[0]
    response = correct(admin_client, org, handle or real, label)
    assert response.status_code == status
    assert db.execute("SELECT count(*) FROM label_corrections").fetchone()[0] == 0


def test_viewers_cannot_correct(viewer_client, org, db):
    response = correct(viewer_client, org, comment_handle("test", 1), "barrier:none")
    assert response.status_code == 403
    assert db.execute("SELECT count(*) FROM label_corrections").fetchone()[0] == 0


def test_correction_needs_the_csrf_token(csrf_app):
    from feedback.db import open_database

    db = open_database(csrf_app)
    org = build_org(db)
    make_user(csrf_app, "admin@example.org", "admin")
    client = csrf_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post(
        "/login",
        data={
            "email": "admin@example.org",
            "password": "correct horse battery",
            "csrf_token": token,
        },
    )
    body = page(client, org).get_data(as_text=True)
    handle = HANDLE.findall(body)[0]
    assert correct(client, org, handle, "sentiment:positive").status_code == 400
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)
    assert correct(client, org, handle, "sentiment:positive", csrf_token=token).status_code == 302
    assert db.execute("SELECT value FROM label_corrections").fetchone()[0] == "positive"
    db.conn.close()


def test_large_waves_come_in_pages(admin_client, org, monkeypatch):
    from feedback.dashboard import comments

    monkeypatch.setattr(comments, "PAGE_SIZE", 5)
    response = page(admin_client, org)
    assert len(texts(response)) == 5
    assert "Comments 1 to 5 of 26" in response.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "label"), [("en", "logging in"), ("nl", "inloggen")])
def test_concept_evidence_is_named_in_the_readers_language(admin_client, org, db, lang, label):
    db.execute("UPDATE comments SET evidence = ?", ['["password", "concept:login"]'])
    body = page(admin_client, org, lang=lang).get_data(as_text=True)
    assert f'text-info-emphasis">{label}</span>' in body
    assert "concept:login" not in body
    assert ">password</span>" in body


def test_most_named_concepts_are_counted_over_all_matching_comments(admin_client, org, db):
    ids = [row[0] for row in db.execute("SELECT id FROM comments ORDER BY id")]
    db.execute("UPDATE comments SET evidence = ?", ['["post", "concept:login"]'])
    db.execute(
        f"UPDATE comments SET evidence = ? WHERE id IN ({', '.join('?' * 5)})",
        ['["concept:value_doubt"]', *ids[:5]],
    )
    body = page(admin_client, org, lang="nl").get_data(as_text=True)
    assert "Meest genoemd in deze opmerkingen" in body
    assert f">inloggen · {len(ids) - 5}</a>" in body
    assert ">twijfelt aan het nut · 5</a>" in body
    assert body.index("inloggen · ") < body.index("twijfelt aan het nut · ")


def test_no_concept_summary_for_a_group_too_small_for_comments(admin_client, db):
    org = build_org(db, groups={"Small": (8, 3, 5)})
    db.execute("UPDATE comments SET evidence = ?", ['["concept:login"]'])
    response = page(admin_client, org)
    assert response.status_code == 422
    assert "logging in" not in response.get_data(as_text=True)


def test_search_finds_words_within_what_the_release_lists(admin_client, org):
    found = texts(page(admin_client, org, q="sales"))
    assert len(found) == 12 and all("(Sales " in t for t in found)
    # Tiny's three comments are never listed on their own, so a search cannot find them alone
    response = page(admin_client, org, q="tiny", filter="department:Tiny")
    assert response.status_code == 422 and texts(response) == []
    assert texts(page(admin_client, org, q="nothing-like-this")) == []


def test_search_input_is_words_only_and_bounded(admin_client, org):
    assert page(admin_client, org, q='"(OR NEAR*').status_code == 200
    assert page(admin_client, org, q="x" * 201).status_code == 400


def test_pages_split_the_same_stable_order(admin_client, org, monkeypatch):
    from feedback.dashboard import comments

    everything = texts(page(admin_client, org))
    monkeypatch.setattr(comments, "PAGE_SIZE", 10)
    pages = [texts(page(admin_client, org, page=n)) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [10, 10, 6]
    assert sum(pages, []) == everything
    assert page(admin_client, org, page=0).status_code == 400


def test_a_concept_chip_lists_the_comments_that_name_it(admin_client, db, org):
    with db.conn:
        db.execute(
            "UPDATE comments SET evidence = ? WHERE text LIKE ? OR text LIKE ?",
            ['["concept:login", "log"]', "%(Sales 1)", "%(Sales 2)"],
        )
    shown = texts(page(admin_client, org, concept="login"))
    assert sorted(shown) == sorted(
        t for t in texts(page(admin_client, org)) if "(Sales 1)" in t or "(Sales 2)" in t
    )
    assert page(admin_client, org, concept="no such!").status_code == 400
