"""Single sign-on end to end against a loopback OpenID provider: the real redirect, code
exchange (with PKCE), ID-token signature, expiry and nonce checks in Authlib."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from joserfc.jwk import RSAKey

from feedback import create_app
from feedback.auth.users import find_by_email
from feedback.db import open_database
from tests.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, KID, Provider
from tests.conftest import make_user


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    server = Provider()
    server.start()
    yield server
    server.stop()


def sso_app(tmp_path: Path, provider: Provider, **settings: object) -> Flask:
    provider.reset()
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "DATABASE": str(tmp_path / "test.db"),
        "WTF_CSRF_ENABLED": False,
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_DOMAINS": "example.org, example.net",
        "OIDC_NAME": "Example ID",
    }
    return create_app(config | settings)


@pytest.fixture
def app(tmp_path: Path, provider: Provider) -> Flask:
    return sso_app(tmp_path, provider)


def sign_on(client: FlaskClient, next_page: str | None = None):
    """Start at the app, follow the browser's way through the provider, come back."""
    start = client.get("/login/sso", query_string={"next": next_page} if next_page else None)
    assert start.status_code == 302
    sent = parse_qs(urlsplit(start.location).query)
    assert sent["code_challenge_method"] == ["S256"] and sent["nonce"] and sent["state"]
    at_provider = requests.get(start.location, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def signed_in(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def user_row(app: Flask, email: str) -> dict | None:
    db = open_database(app)
    try:
        return find_by_email(db, email)
    finally:
        db.conn.close()


def test_the_sign_in_page_offers_sign_on_only_when_configured(app, tmp_path):
    assert b"Sign in with Example ID" in app.test_client().get("/login").data
    plain = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "p.db")})
    assert b"Sign in with" not in plain.test_client().get("/login").data
    assert plain.test_client().get("/login/sso").status_code == 404
    assert plain.test_client().get("/login/sso/callback").status_code == 404


def test_an_existing_admin_signs_in_and_lands_where_they_were_going(app, provider):
    make_user(app, "admin@example.org", "admin")
    client = app.test_client()
    response = sign_on(client, next_page="/admin/users")
    assert response.status_code == 302
    assert response.location == "/admin/users"
    assert client.get("/admin/users").status_code == 200
    assert provider.token_requests == 1


def test_sign_on_starts_a_fresh_session_that_sign_out_ends_everywhere(app, provider):
    make_user(app, "admin@example.org", "admin")
    client = app.test_client()
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    sign_on(client)
    with client.session_transaction() as after:
        assert "planted" not in after and not any(k.startswith("_state_") for k in after)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert signed_in(copy)
    client.post("/logout")
    assert not signed_in(client)
    assert not signed_in(copy)  # the session version moved on


def test_a_new_person_from_an_allowed_domain_gets_the_configured_role(tmp_path, provider):
    app = sso_app(tmp_path, provider, OIDC_ROLE="viewer")
    provider.email = "New.Person@Example.net"
    provider.claims = {"locale": "nl-BE"}
    client = app.test_client()
    assert sign_on(client).status_code == 302
    assert signed_in(client)
    row = user_row(app, "new.person@example.net")
    assert row is not None
    assert (row["role"], row["active"], row["departments"], row["language"]) == (
        "viewer",
        1,
        None,
        "nl",
    )


def test_a_new_person_without_a_configured_role_is_asked_to_see_an_admin(app, provider):
    provider.email = "newcomer@example.org"
    client = app.test_client()
    response = sign_on(client)
    assert response.status_code == 403
    assert b"Ask an admin for access" in response.data
    assert b"newcomer@example.org" in response.data
    assert not signed_in(client)
    row = user_row(app, "newcomer@example.org")
    assert row is not None and row["active"] == 0
    # Once an admin activates the account, the same sign-on lets them in.
    db = open_database(app)
    db.execute("UPDATE users SET active = 1 WHERE id = ?", [row["id"]])
    db.conn.commit()
    db.conn.close()
    assert sign_on(client).status_code == 302
    assert signed_in(client)


# What Authlib and joserfc report for each forgery: each case fails for its own reason.
REFUSAL = {
    "wrong nonce": "InvalidClaimError",
    "expired token": "ExpiredTokenError",
    "bad signature": "BadSignatureError",
    "state mismatch": "MismatchingStateError",
    "other audience": "InvalidClaimError",
}


@pytest.mark.parametrize(
    "tamper",
    ["wrong nonce", "expired token", "bad signature", "state mismatch", "other audience"],
)
def test_a_forged_or_stale_answer_is_refused_without_a_session(app, provider, tamper, caplog):
    make_user(app, "admin@example.org", "admin")
    if tamper == "wrong nonce":
        provider.claims = {"nonce": "not-the-nonce-we-sent"}
    elif tamper == "expired token":
        provider.claims = {"iat": 1_700_000_000, "exp": 1_700_000_300}
    elif tamper == "bad signature":
        provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": KID})
    elif tamper == "state mismatch":
        provider.state = "a-state-this-browser-never-sent"
    else:
        provider.claims = {"aud": "someone-else", "azp": CLIENT_ID}
    client = app.test_client()
    response = sign_on(client)
    assert response.status_code == 400
    assert b"could not be verified" in response.data
    assert not signed_in(client)
    assert REFUSAL[tamper] in caplog.text


def test_a_state_mismatch_never_reaches_the_token_endpoint(app, provider):
    provider.state = "forged"
    sign_on(app.test_client())
    assert provider.token_requests == 0


def test_a_callback_without_a_started_sign_in_is_refused(app):
    client = app.test_client()
    response = client.get("/login/sso/callback?code=abc&state=xyz")
    assert response.status_code == 400
    assert not signed_in(client)


def test_a_cancelled_sign_on_says_so(app):
    client = app.test_client()
    client.get("/login/sso")
    response = client.get("/login/sso/callback?error=access_denied&state=whatever")
    assert response.status_code == 400
    assert b"did not sign you in" in response.data
    assert not signed_in(client)


def test_an_unknown_domain_is_refused_and_no_user_is_made(tmp_path, provider):
    app = sso_app(tmp_path, provider, OIDC_ROLE="viewer")
    provider.email = "someone@elsewhere.example"
    client = app.test_client()
    response = sign_on(client)
    assert response.status_code == 403
    assert b"its domain is not one this organisation allows" in response.data
    assert not signed_in(client)
    assert user_row(app, "someone@elsewhere.example") is None


def test_entra_ids_verified_domain_claim_vouches_when_email_verified_is_absent(app, provider):
    make_user(app, "admin@example.org", "admin")
    provider.claims = {"email_verified": None, "xms_edov": True}
    client = app.test_client()
    assert sign_on(client).status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize(
    "claims",
    [
        {"email_verified": False},
        {"email_verified": None},
        {"email_verified": None, "xms_edov": False},
        {"email_verified": False, "xms_edov": True},
        {"email_verified": "true"},
    ],
)
def test_without_a_provider_vouching_for_the_address_nobody_signs_in(app, provider, claims):
    make_user(app, "admin@example.org", "admin")
    provider.claims = claims
    client = app.test_client()
    response = sign_on(client)
    assert response.status_code == 403
    assert b"did not confirm a verified e-mail address" in response.data
    assert not signed_in(client)


def test_a_deactivated_user_is_not_let_in_by_sign_on(app, provider):
    make_user(app, "admin@example.org", "admin")
    make_user(app, "viewer@example.org", "viewer", ["Sales"])
    db = open_database(app)
    db.execute("UPDATE users SET active = 0 WHERE email = 'viewer@example.org'")
    db.conn.commit()
    db.conn.close()
    provider.email = "viewer@example.org"
    client = app.test_client()
    assert sign_on(client).status_code == 403
    assert not signed_in(client)


def test_an_unreachable_provider_gives_a_clear_answer(tmp_path, provider):
    app = sso_app(tmp_path, provider, OIDC_ISSUER="http://127.0.0.1:9")
    response = app.test_client().get("/login/sso")
    assert response.status_code == 502
    assert b"cannot be reached" in response.data


def test_a_bad_role_setting_stops_the_start(tmp_path, provider):
    with pytest.raises(RuntimeError, match="FEEDBACK_OIDC_ROLE"):
        sso_app(tmp_path, provider, OIDC_ROLE="superuser")
