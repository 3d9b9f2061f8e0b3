"""Ids in URL paths go through one bounded converter: anything but 1 … 2**63-1 is no page.

SQLite integers are signed 64 bits; a larger id reaching a query would raise OverflowError
(a server error), and 0 or a negative id names no row. Every route of the app is walked, so a
new route with an id is covered too.
"""

from __future__ import annotations

import pytest

from feedback.api.tokens import create_api_token
from feedback.params import IdConverter
from tests.conftest import make_user
from tests.reliability.conftest import Org, build_url, routes, signed_in, snapshot, url_values

SENTINEL = 918273645546372819  # a valid id no seeded row has, replaced by each bad value
BAD_IDS = ["0", "-1", str(2**63), "x1", "abc", "007", "1.0", "1e3", "\u0663", "9" * 40]


def id_arguments(rule) -> list[str]:
    return sorted(
        name
        for name in rule.arguments
        if isinstance(rule._converters[name], IdConverter)  # noqa: SLF001
    )


def test_every_int_like_url_argument_uses_the_id_converter(app):
    """No route keeps werkzeug's unbounded int (or a free string) for an id."""
    loose = [
        (rule.rule, name)
        for rule, _method in routes(app)
        for name in rule.arguments
        if name.endswith("_id") and name not in id_arguments(rule)
    ]
    assert loose == []
    assert sum(1 for rule, _m in routes(app) if id_arguments(rule)) > 15


def test_every_route_answers_a_bad_id_with_404_and_no_server_error(app, db, org: Org):
    admin = signed_in(app, "admin@example.org", "admin")
    before = snapshot(db)
    wrong = []
    checked = 0
    for rule, method in routes(app):
        for name in id_arguments(rule):
            values = url_values(rule, org, db) | {name: SENTINEL}
            template = build_url(app, rule, values)
            assert template.count(str(SENTINEL)) == 1, template
            for bad in BAD_IDS:
                url = template.replace(str(SENTINEL), bad)
                response = admin.open(url, method=method)
                response.close()
                checked += 1
                if response.status_code not in (400, 404):
                    wrong.append((method, url, response.status_code))
    assert checked > 100
    assert wrong == []
    assert snapshot(db) == before


@pytest.mark.parametrize("bad", ["0", "-1", str(2**63), "abc"])
def test_the_api_answers_a_bad_survey_id_with_json_404(app, db, bad):
    make_user(app, "admin@example.org", "admin")
    token = create_api_token(db, "admin@example.org")
    response = app.test_client().get(
        f"/api/v1/surveys/{bad}/results",
        query_string={"wave": 1, "by": "department"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404
    assert response.is_json


@pytest.mark.parametrize("value", [1, 2**63 - 1])
def test_the_bounds_themselves_are_ids(app, value):
    adapter = app.url_map.bind("localhost")
    assert adapter.match(f"/api/v1/surveys/{value}") == ("api.survey", {"survey_id": value})
    with app.test_request_context():
        assert adapter.build("api.survey", {"survey_id": value}) == f"/api/v1/surveys/{value}"
