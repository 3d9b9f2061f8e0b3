"""Bad input: the form comes back with a message beside the field, answers kept, nothing stored."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from tests.respond.conftest import count, csrf_token, stored_nothing, valid_answers

REQUIRED = "Please answer this question."
NOT_A_CHOICE = "Please choose one of the options shown."
CONTROL = "This text contains invisible control characters. Please remove them."
UNREADABLE = "Part of this text could not be read. Please type it again."
ALL_THREE = "To sign up as an ambassador, fill in your name and e-mail and tick the box."
DELETE = object()

CASES = [
    ("awareness_why", DELETE, REQUIRED),
    ("scaling", DELETE, REQUIRED),
    ("advocacy", "", REQUIRED),
    ("desire_want", "6", NOT_A_CHOICE),
    ("desire_want", "0", NOT_A_CHOICE),
    ("scaling", "11", NOT_A_CHOICE),
    ("advocacy", "-1", NOT_A_CHOICE),
    ("knowledge_how", "abc", NOT_A_CHOICE),
    ("knowledge_how", "4.5", NOT_A_CHOICE),
    ("knowledge_how", "99999999999999999999999", NOT_A_CHOICE),
    (
        "step_up",
        "x" * 2001,
        "This text is 2001 characters long. Please shorten it to at most 2000 characters; "
        "nothing was cut off or stored.",
    ),
    ("comment", "nul \x00 byte", CONTROL),
    ("comment", "escape \x1b[31m red", CONTROL),
    ("comment", "typed \ufffd replacement", UNREADABLE),
]
AMBASSADOR_CASES = [
    ({"amb_name": "An"}, "amb_email", ALL_THREE),
    ({"amb_email": "an@example.org"}, "amb_name", ALL_THREE),
    ({"amb_consent": "y"}, "amb_name", ALL_THREE),
    ({"amb_name": "An", "amb_email": "an@example.org"}, "amb_consent", ALL_THREE),
    (
        {"amb_name": "An", "amb_email": "not-an-address", "amb_consent": "y"},
        "amb_email",
        "Please enter a valid e-mail address.",
    ),
    (
        {"amb_name": "A" * 201, "amb_email": "an@example.org", "amb_consent": "y"},
        "amb_name",
        "Please keep this to at most 200 characters.",
    ),
    (
        {"amb_name": "An\x07", "amb_email": "an@example.org", "amb_consent": "y"},
        "amb_name",
        CONTROL,
    ),
]


def kept_checked(html: str, name: str, value: str) -> bool:
    """The radio `name` with `value` is rendered checked."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    return False


def card(html: str, name: str) -> str:
    """The HTML of one item's card, so a message can be checked to sit beside its field."""
    start = html.index(f'id="{name}-card"')
    return html[start : html.index("</fieldset>", start)]


@pytest.fixture
def form(csrf_app, csrf_setup):
    """A client that opened the form in English, and a valid submission with its CSRF token."""
    client = csrf_app.test_client()
    url = f"{csrf_setup.url}?lang=en"
    data = valid_answers(csrf_setup) | {"csrf_token": csrf_token(client, url)}
    return client, url, data


@pytest.mark.parametrize("key, value, message", CASES)
def test_a_bad_answer_is_refused_beside_its_field(form, csrf_setup, csrf_db, key, value, message):
    client, url, data = form
    name = f"q{csrf_setup.item(key)['id']}"
    if value is DELETE:
        del data[name]
    else:
        data[name] = value
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in card(html, name)
    assert html.count('class="invalid-feedback') == 1
    other = f"q{csrf_setup.item('desire_value')['id']}"
    assert kept_checked(html, other, "4")
    if key != "step_up":
        assert "Een korte opleiding zou me helpen." in html
    assert stored_nothing(csrf_db)


@pytest.mark.parametrize("extra, field, message", AMBASSADOR_CASES)
def test_a_half_filled_ambassador_opt_in_is_refused(
    form, csrf_setup, csrf_db, extra, field, message
):
    client, url, data = form
    response = client.post(url, data=data | extra)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert re.search(rf'<input[^>]*class="[^"]*is-invalid[^"]*"[^>]*name="{field}"', html)
    assert kept_checked(html, f"q{csrf_setup.item('advocacy')['id']}", "9")
    assert stored_nothing(csrf_db)


@pytest.mark.parametrize("raw", [b"%FF%FEabc", b"caf%C3", b"%C0%AF"])
def test_invalid_utf8_is_refused_beside_its_field(form, csrf_setup, csrf_db, raw):
    client, url, data = form
    name = f"q{csrf_setup.item('comment')['id']}"
    body = urlencode(data).encode() + b"&" + name.encode() + b"=" + raw
    response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert UNREADABLE in card(response.get_data(as_text=True), name)
    assert stored_nothing(csrf_db)


def test_raw_non_utf8_bytes_are_a_forged_request(form, csrf_setup, csrf_db):
    client, url, data = form
    name = f"q{csrf_setup.item('comment')['id']}"
    body = urlencode(data).encode() + b"&" + name.encode() + b"=caf\xe9"
    response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Part of what you sent could not be read" in response.get_data(as_text=True)
    assert stored_nothing(csrf_db)


def test_messages_are_in_dutch_for_a_dutch_speaker(csrf_app, csrf_setup, csrf_db):
    client = csrf_app.test_client()
    data = valid_answers(csrf_setup) | {"csrf_token": csrf_token(client, csrf_setup.url)}
    data[f"q{csrf_setup.item('desire_want')['id']}"] = "7"
    del data[f"q{csrf_setup.item('scaling')['id']}"]
    html = client.post(csrf_setup.url, data=data).get_data(as_text=True)
    assert "Kies een van de getoonde antwoorden." in html
    assert "Beantwoord deze vraag alsjeblieft." in html
    assert stored_nothing(csrf_db)


def test_2000_characters_with_browser_line_breaks_fit(form, csrf_setup, csrf_db):
    client, url, data = form
    name = f"q{csrf_setup.item('comment')['id']}"
    data[name] = "x" * 999 + "\r\n" + "y" * 1000
    assert client.post(url, data=data).status_code == 302
    texts = [r["text"] for r in csrf_db.query("SELECT text FROM comments")]
    assert "x" * 999 + "\n" + "y" * 1000 in texts


def test_a_missing_csrf_token_is_a_400_with_a_clear_page(form, csrf_db):
    client, url, data = form
    del data["csrf_token"]
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "Your session expired. Please reload the link" in response.get_data(as_text=True)
    assert stored_nothing(csrf_db)


def test_a_forged_csrf_token_is_a_400(form, csrf_db):
    client, url, data = form
    data["csrf_token"] = data["csrf_token"][:-4] + "AAAA"
    assert client.post(url, data=data).status_code == 400
    assert stored_nothing(csrf_db)


def test_a_post_from_another_session_is_a_400(form, csrf_app, csrf_db):
    _client, url, data = form
    stranger = csrf_app.test_client()
    response = stranger.post(url, data=data)
    assert response.status_code == 400
    assert "Your session expired" in response.get_data(as_text=True)
    assert stored_nothing(csrf_db)


def test_an_oversized_request_is_a_413(form, csrf_setup, csrf_db):
    client, url, data = form
    data[f"q{csrf_setup.item('comment')['id']}"] = "x" * 70_000
    assert client.post(url, data=data).status_code == 413
    assert count(csrf_db, "responses") == 0
