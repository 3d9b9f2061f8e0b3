"""After sign-in the browser goes to a page of this site, never to another one."""

from __future__ import annotations

import pytest

from feedback.auth.targets import safe_target
from tests.conftest import PASSWORD, make_user

HOSTILE = [
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/ /evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    " //evil.example",
    "\x00//evil.example",
    "/\x7f/evil.example",
    "/\u3000/evil.example",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_never_redirects_off_site(app, client, target):
    make_user(app, "r@example.org", "admin")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "r@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location and "javascript" not in location


def test_the_reported_open_redirect_is_closed(app, client):
    make_user(app, "r@example.org", "admin")
    response = client.post(
        "/login?next=/%09/evil.example", data={"email": "r@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard/"


def test_sign_in_keeps_a_same_site_target(app, client):
    make_user(app, "r@example.org", "admin")
    response = client.post(
        "/login",
        query_string={"next": "/admin/surveys?x=a%20b"},
        data={"email": "r@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/admin/surveys?x=a%20b"


@pytest.mark.parametrize("target", HOSTILE)
def test_safe_target_refuses(target):
    assert safe_target(target) is None
