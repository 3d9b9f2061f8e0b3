"""A small seeded organisation, signed-in clients, and a URL builder that fills every route.

Seeded data: one survey with an open wave where Sales (12 people, two teams), Logistics
(11 people) and Legal (3 people) all answered, each with a unique comment, so a leak of an
out-of-scope department or of a small group can be told by its name or its comment text.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import AnyConverter, Rule

from feedback import create_app
from feedback.analytics.refresh import prepare_waves
from feedback.db import open_database
from feedback.respond.service import Submission, find_invitation, submit_response
from tests.conftest import PASSWORD, make_user, sign_in
from tests.factories import invite, make_person, make_survey, make_wave

# department: (people, team names, likert answer)
DEPARTMENTS = {
    "Sales": (12, ("Inside sales", "Field sales"), 4),
    "Logistics": (11, ("Warehouse crew",), 2),
    "Legal": (3, ("Contracts desk",), 1),
}
# auth.language: the language switcher works before sign-in too (it stores the choice in the
# session, or for a signed-in user in their account); about.: the public about page;
# auth.forgot_password and auth.set_password_link: a forgotten password and the e-mailed
# links that set one (invitations, resets) work before sign-in by their nature;
# health.: /healthz for monitoring, which tells only {"status": "ok"}; updates.: a survey's
# "you said, we did" page, by a random slug, with only what may be shown to employees.
# conversations.followup: a comment's author behind the private follow-up link (256-bit key,
# looked up by hash, unknown keys rate limited like survey links).
PUBLIC_PREFIXES = (
    "respond.",
    "conversations.followup",
    "openlinks.answer",  # an open link per location: anyone with its key (docs/open-links.md)
    "static",
    "bootstrap.",
    "auth.login",
    "auth.oidc_",
    "auth.language",
    "auth.forgot_password",
    "auth.set_password_link",
    "about.",
    "health.",
    "updates.",
)
CSRF_INPUT = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@dataclass
class Org:
    survey_id: int
    wave_id: int
    items: list[dict[str, Any]]
    person_ids: list[int]
    comment_of: dict[str, list[str]] = field(default_factory=dict)
    unused_token: str = ""
    used_token: str = ""

    def item(self, key: str) -> dict[str, Any]:
        return next(i for i in self.items if i["key"] == key)


def comment_text(department: str, n: int) -> str:
    return f"Comment {department} #{n}: a training would help"


def seed_org(db) -> Org:
    """The organisation above, answered through the respondent service."""
    survey_id = make_survey(db)
    wave_id = make_wave(db, survey_id)
    items = list(db.query("SELECT * FROM items WHERE survey_id = ? ORDER BY position", [survey_id]))
    org = Org(survey_id, wave_id, items, [])
    for department, (people, teams, likert) in DEPARTMENTS.items():
        org.comment_of[department] = []
        for n in range(people):
            person = make_person(
                db, department=department, team=teams[n % len(teams)], language="en"
            )
            org.person_ids.append(person)
            token = invite(db, wave_id, person)
            text = comment_text(department, n)
            submit_response(db, find_invitation(db, token), answers_for(items, likert, text))
            org.comment_of[department].append(text)
            org.used_token = token
    spare = make_person(db, department="Sales", team="Inside sales", language="en")
    org.person_ids.append(spare)
    org.unused_token = invite(db, wave_id, spare)
    prepare_waves(db)  # as after the last submission
    return org


def answers_for(items: list[dict[str, Any]], likert: int, text: str) -> Submission:
    submission = Submission()
    for item in items:
        if item["kind"] == "likert":
            submission.answers[item["id"]] = likert
        elif item["kind"] == "scale":
            submission.answers[item["id"]] = 2 * likert
        elif item["kind"] == "text":
            submission.comments[item["id"]] = text
    return submission


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory) -> dict[str, tuple[Path, Any]]:
    return {}


@pytest.fixture
def seeded(db, seed_cache, tmp_path_factory):
    """seeded(name, builder): the builder's data in this test's database, built once per
    session and copied in with SQLite's backup API (building it takes seconds)."""

    def load(name: str, builder: Callable[[Any], Any]) -> Any:
        if name not in seed_cache:
            folder = tmp_path_factory.mktemp(f"seed-{name}")
            database = open_database(fresh_app(folder))
            try:
                result = builder(database)
            finally:
                database.conn.close()
            seed_cache[name] = (folder / "test.db", result)
        path, result = seed_cache[name]
        source = sqlite3.connect(path)
        try:
            source.backup(db.conn)
        finally:
            source.close()
        return copy.deepcopy(result)

    return load


@pytest.fixture
def org(seeded) -> Org:
    return seeded("org", seed_org)


def signed_in(app: Flask, email: str, role: str, departments: list[str] | None = None):
    make_user(app, email, role, departments)
    client = app.test_client()
    response = sign_in(client, email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def sales_viewer(app: Flask, org: Org) -> FlaskClient:
    """A viewer whose scope is the Sales department only."""
    return signed_in(app, "sales.viewer@example.org", "viewer", ["Sales"])


def url_values(rule: Rule, org: Org | None, db) -> dict[str, Any]:
    """Existing ids for every URL parameter a rule has, so each route can be exercised."""
    known: dict[str, Any] = {"filename": "goesting.css", "token": "x" * 43, "key": "nope"}
    if org is not None:
        ids = {
            "survey_id": org.survey_id,
            "wave_id": org.wave_id,
            "item_id": org.items[0]["id"],
            "person_id": org.person_ids[-1],
            "user_id": db.execute("SELECT MAX(id) FROM users").fetchone()[0] or 1,
            "token": org.unused_token,
        }
        known.update(ids)
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]  # noqa: SLF001 (werkzeug keeps converters here)
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
            continue
        numeric = ("IdConverter", "IntegerConverter", "NumberConverter")
        fallback = 1 if type(converter).__name__ in numeric else "x"
        values[name] = known.get(name, fallback)
    return values


def routes(app: Flask) -> list[tuple[Rule, str]]:
    """Every (rule, method) of the app but HEAD and OPTIONS, sorted for stable test ids."""
    pairs = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            pairs.append((rule, method))
    return sorted(pairs, key=lambda p: (p[0].rule, p[1]))


def build_url(app: Flask, rule: Rule, values: dict[str, Any]) -> str:
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, values, method=None, force_external=False)


def is_public(endpoint: str) -> bool:
    return endpoint.startswith(PUBLIC_PREFIXES)


def fresh_app(tmp_path: Path, **config: Any) -> Flask:
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "DATABASE": str(tmp_path / "test.db"),
        "WTF_CSRF_ENABLED": False,
    }
    settings.update(config)
    return create_app(settings)


def snapshot(database) -> str:
    """The whole database as SQL text, to prove that a refused request wrote nothing."""
    skip = ('INSERT INTO "analytics_cache"', 'INSERT INTO "api_tokens"')
    return "\n".join(line for line in database.conn.iterdump() if not line.startswith(skip))


def today() -> str:
    return dt.date.today().isoformat()


__all__ = ["PASSWORD", "open_database"]
