"""The change manager's side: Reply in the explorer, reply, close; only for released comments."""

from __future__ import annotations

from feedback.conversations import store
from tests.api.orgdata import build_org
from tests.conftest import make_user, sign_in
from tests.conversations.conftest import comment_in, count, form_fields


def explorer(client, org) -> str:
    query = {"survey": org["survey_id"], "wave": org["wave_ids"][0], "lang": "en"}
    return client.get("/dashboard/comments", query_string=query).text


def viewer(app, departments: list[str]):
    make_user(app, "v@example.org", "viewer", departments)
    client = app.test_client()
    assert sign_in(client, "v@example.org").status_code == 302
    return client


def test_the_explorer_shows_reply_only_on_comments_with_a_conversation(
    admin_client, org, conversation
):
    conversation_id, _key = conversation
    page = explorer(admin_client, org)
    assert page.count(">Reply</a>") == 1
    assert f'href="/conversations/{conversation_id}"' in page


def test_a_reply_reaches_the_author_and_their_answer_comes_back(admin_client, db, conversation):
    conversation_id, key = conversation
    url = f"/conversations/{conversation_id}"
    fields = form_fields(admin_client, url)
    response = admin_client.post(url, data={**fields, "text": "What would help you most?"})
    assert response.status_code == 303
    author = admin_client.application.test_client()
    assert "What would help you most?" in author.get(f"/s/{key}/replies").text
    answer = form_fields(author, f"/s/{key}/replies")
    author.post(f"/s/{key}/replies", data={**answer, "text": "A short video"})
    page = admin_client.get(url).text
    assert "What would help you most?" in page and "A short video" in page
    assert page.index("What would help you most?") < page.index("A short video")


def test_a_replayed_reply_is_stored_once(admin_client, db, conversation):
    url = f"/conversations/{conversation[0]}"
    data = {**form_fields(admin_client, url), "text": "Thank you"}
    assert admin_client.post(url, data=data).status_code == 303
    assert admin_client.post(url, data=data).status_code == 409
    assert count(db, "conversation_messages") == 1


def test_an_oversize_reply_is_400_and_stores_nothing(admin_client, db, conversation):
    url = f"/conversations/{conversation[0]}"
    data = {**form_fields(admin_client, url), "text": "x" * 2001}
    assert admin_client.post(url, data=data).status_code == 400
    assert count(db, "conversation_messages") == 0


def test_a_suppressed_group_has_no_conversation_page_and_takes_no_reply(app, admin_client, db, org):
    key = store.start(db, [comment_in(db, "Tiny")])
    (tiny,) = store.by_key(db, key)
    url = f"/conversations/{tiny.id}"
    # Within the whole organisation, Tiny's comments are released: the admin sees the page.
    assert admin_client.get(url).status_code == 200
    # A viewer of Tiny alone (3 people, k_comments 10) is shown no comment of it.
    tiny_viewer = viewer(app, ["Tiny"])
    assert tiny_viewer.get(url).status_code == 404
    data = {"nonce": "n" * 22, "text": "Hello"}
    assert tiny_viewer.post(url, data=data).status_code == 404
    assert ">Reply</a>" not in tiny_viewer.get("/dashboard/comments").text
    assert count(db, "conversation_messages") == 0


def test_answers_are_hidden_from_managers_below_k_comments(admin_client, db):
    org = build_org(db, groups={"Small": (8, 3, 5)})  # fewer than k_comments = 10
    key = store.start(db, [comment_in(db, "Small")])
    (small,) = store.by_key(db, key)
    store.add_message(db, small.id, "employee", "my secret answer", "e" * 22)
    assert admin_client.get(f"/conversations/{small.id}").status_code == 404
    assert admin_client.post(f"/conversations/{small.id}/close").status_code == 404
    assert "my secret answer" not in explorer(admin_client, org)
    assert ">Reply</a>" not in explorer(admin_client, org)


def test_a_viewer_replies_within_their_departments_only(app, db, org, conversation):
    conversation_id, _key = conversation  # a Sales comment
    support = viewer(app, ["Support"])
    url = f"/conversations/{conversation_id}"
    assert support.get(url).status_code == 404
    assert support.post(url, data={"nonce": "n" * 22, "text": "hi"}).status_code == 404
    assert count(db, "conversation_messages") == 0


def test_a_viewer_of_the_department_may_reply_but_not_close(app, db, org, conversation):
    conversation_id, _key = conversation
    sales = viewer(app, ["Sales"])
    url = f"/conversations/{conversation_id}"
    assert sales.get(url).status_code == 200
    data = {**form_fields(sales, url), "text": "We hear you"}
    assert sales.post(url, data=data).status_code == 303
    assert sales.post(url + "/close").status_code == 403
    assert db.execute("SELECT status FROM conversations").fetchone()[0] == "open"


def test_an_admin_closes_a_conversation_and_it_takes_no_more_replies(
    admin_client, db, conversation
):
    conversation_id, key = conversation
    url = f"/conversations/{conversation_id}"
    fields = form_fields(admin_client, url)
    assert admin_client.post(url + "/close").status_code == 303
    assert admin_client.post(url + "/close").status_code == 409
    assert admin_client.post(url, data={**fields, "text": "late"}).status_code == 403
    page = admin_client.get(url + "?lang=en").text
    assert "This conversation is closed" in page and 'name="nonce"' not in page
    assert count(db, "conversation_messages") == 0


def test_bad_conversation_ids_are_404(admin_client):
    for path in ("0", "-1", str(2**63), "abc", "12345"):
        assert admin_client.get(f"/conversations/{path}").status_code == 404


def test_manager_pages_need_a_sign_in(client, db, conversation):
    response = client.get(f"/conversations/{conversation[0]}")
    assert response.status_code in (302, 401)
