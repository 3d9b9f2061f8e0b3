"""For any group sizes, the API never shows a group below k, nor leaves one recoverable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.db import open_database
from tests.api.orgdata import build_org
from tests.conftest import make_user

SIZES = st.lists(st.integers(min_value=1, max_value=14), min_size=2, max_size=5)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sizes=SIZES)
def test_suppression_never_leaks(app, runner, sizes):
    db = open_database(app)
    if not db.execute("SELECT 1 FROM users").fetchone():
        make_user(app, "admin@example.org", "admin")
    token = runner.invoke(args=["create-token", "admin@example.org"]).output.strip()
    groups = {f"D{i}": (n, 1 + i % 5, i % 11) for i, n in enumerate(sizes)}
    org = build_org(db, groups=groups)
    db.conn.close()
    response = app.test_client().get(
        f"/api/v1/surveys/{org['survey_id']}/results?wave={org['wave_ids'][0]}&by=department",
        headers={"Authorization": f"Bearer {token}"},
    )
    data = response.get_json()
    k = data["k"]
    shown = [g for g in data["groups"] if not g.get("suppressed")]
    hidden = [g for g in data["groups"] if g.get("suppressed")]
    for group in shown:
        assert group["n"] >= k and group["n"] == groups[group["segment"]][0]
    for group in hidden:
        assert set(group) == {"segment", "suppressed"}
    assert all(groups[name][0] >= k for name in (g["segment"] for g in shown))
    if hidden and not data["overall"].get("suppressed"):
        assert len(hidden) >= 2
        assert data["overall"]["n"] - sum(g["n"] for g in shown) >= k
