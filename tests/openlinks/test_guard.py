"""Rate limits per device and per address, and open-link keys kept out of the logs."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedback import create_app
from feedback.db import open_database
from feedback.logmask import mask_tokens
from tests.openlinks.conftest import answers, make_open_setup, visit


@pytest.fixture
def limited(tmp_path: Path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE": str(tmp_path / "test.db"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "OPENLINK_ANSWERS_PER_ADDRESS_PER_HOUR": 2,
            "OPENLINK_REQUESTS_PER_DEVICE_PER_MINUTE": 4,
        }
    )
    database = open_database(app)
    yield app, make_open_setup(database), database
    database.conn.close()


def test_answers_per_address_are_limited(limited):
    app, setup, db = limited
    statuses = []
    for _ in range(3):
        browser = app.test_client()
        visit(browser, setup.url)
        statuses.append(browser.post(setup.url, data=answers(setup.items)).status_code)
    assert statuses == [302, 302, 429]
    assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 2


def test_requests_per_device_are_limited(limited):
    app, setup, _db = limited
    browser = app.test_client()
    visit(browser, setup.url)  # counted by address: the browser has no device cookie yet
    statuses = [browser.get(setup.url).status_code for _ in range(6)]
    assert statuses[:4] == [200] * 4 and statuses[4:] == [429, 429]
    assert int(browser.get(setup.url).headers["Retry-After"]) >= 1
    other = app.test_client()  # another device behind the same address still gets in
    assert other.get(setup.url).status_code == 200


def test_guessing_keys_is_limited_like_guessing_survey_links(limited):
    app, _setup, _db = limited
    browser = app.test_client()
    statuses = {browser.get(f"/o/{'a' * 21}{n % 10}").status_code for n in range(40)}
    assert 429 in statuses


def test_keys_are_masked_in_access_logs():
    line = '127.0.0.1 - - "GET /o/OpJ-gjTMlC9Tacr7WuYqQA?lang=en HTTP/1.1" 200'
    assert "OpJ-gjTMlC9Tacr7WuYqQA" not in mask_tokens(line)
    assert "/o/<masked>?lang=en" in mask_tokens(line)
