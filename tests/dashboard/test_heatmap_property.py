"""Property: whatever the roster and k, the heatmap page never shows a group below k, and the
hidden groups together are never a small group recoverable from the total."""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback import create_app
from feedback.db import open_database
from tests.analytics import builders
from tests.conftest import make_user, sign_in


@cache
def signed_in() -> FlaskClient:
    """One app for all examples (building one is slow); each example empties its tables."""
    tmp = tempfile.mkdtemp(prefix="goesting-heatmap-")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "WTF_CSRF_ENABLED": False,
            "DATABASE": str(Path(tmp) / "t.db"),
        }
    )
    make_user(app, "a@example.org", "admin")
    client = app.test_client()
    sign_in(client, "a@example.org")
    return client


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 14), min_size=1, max_size=6), k=st.integers(3, 8))
def test_heatmap_never_shows_a_small_group(sizes, k):
    client = signed_in()
    db = open_database(client.application)
    with db.conn:
        db.execute("DELETE FROM surveys")
    s = builders.survey(db, k=k, k_comments=max(k, 10))
    w = builders.wave(db, s)
    for i, size in enumerate(sizes):
        builders.group(db, w, size, builders.uniform(1 + i % 5), department=f"D{i}")
    builders.prepared(db, w)
    db.conn.close()
    response = client.get("/dashboard/heatmap?by=department")
    html = response.get_data(as_text=True)
    if sum(sizes) < k:
        assert response.status_code == 422
        assert 'id="heatmap"' not in html
        return
    hidden = 0
    for i, size in enumerate(sizes):
        row = re.search(
            rf'<th scope="row">D{i}(?: <a [^>]*>[^<]*</a>)?</th>(.*?)</tr>', html, re.S
        ).group(1)
        if "too few to show" in row:
            assert not re.search(r"\d", re.sub(r"<[^>]+>", "", row))
            hidden += size
        else:
            assert size >= k
            assert f"<td>{size}</td>" in row
    assert hidden == 0 or hidden >= k
