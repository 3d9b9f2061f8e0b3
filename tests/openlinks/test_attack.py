"""The reconstruction attack (tests/reliability/test_reconstruction.py) on a wave with
open-link answers mixed in. The attacker is even told who answered through the open link (a
colleague seen at the shared tablet): such a respondent is a roster row with location and
department, and team, role and tenure band `unknown`, as the response stores them."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedback.db import open_database
from feedback.openlinks.links import create_link
from tests.reliability.conftest import fresh_app
from tests.reliability.orgs import (
    Answers,
    Member,
    Org,
    build_org,
    close_wave,
    form_data,
    prepare_wave,
)
from tests.reliability.test_reconstruction import attack

pytestmark = pytest.mark.attack


def staff(prefix: str, n: int, answers: Answers, **segments) -> list[tuple[Member, Answers]]:
    return [(Member(f"{prefix}{i:02d}@example.org", **segments), answers) for i in range(n)]


def answer_openly(app, org: Org, location: str, people: list[tuple[Member, Answers]]) -> None:
    """Each person answers through the location's open link, from their own browser; the
    wave is prepared once afterwards (`prepare_wave`), so every answer is released."""
    db = open_database(app)
    try:
        _link_id, key = create_link(db, org.wave_id, location, all_departments=True)
    finally:
        db.conn.close()
    app.config["PREPARE_ON_SUBMIT"] = False
    for member, answers in people:
        browser = app.test_client()
        assert browser.get(f"/o/{key}?lang=en").status_code == 200
        data = form_data(org.items, answers) | {"department": member.department}
        sent = browser.post(f"/o/{key}?lang=en", data=data)
        assert sent.status_code == 302, sent.get_data(as_text=True)[:500]
        org.roster.append(member)
        org.truth[member.email] = answers
    app.config["PREPARE_ON_SUBMIT"] = True


def unknown(prefix: str, n: int, answers: Answers, **segments) -> list[tuple[Member, Answers]]:
    anonymous = {"team": "unknown", "role": "unknown", "tenure_band": "unknown", "language": "en"}
    return staff(prefix, n, answers, **anonymous, **segments)


@pytest.mark.parametrize("open_in_sales", [3, 7])
def test_open_answers_mixed_in_give_nobody_away(tmp_path: Path, open_in_sales: int):
    app = fresh_app(tmp_path)
    invited = [
        *staff("sales", 8, Answers((4,) * 5, 8, 9), department="Sales", team="S"),
        *staff("ops", 9, Answers((3,) * 5, 5, 6), department="Ops", team="O", location="Brussel"),
        *staff(
            "boss",
            1,
            Answers((1, 5, 1, 5, 1), 0, 10),
            department="Ops",
            team="O",
            location="Brussel",
            role="manager",
        ),
    ]
    org = build_org(app, invited, k=5, k_comments=10, close=False, prepare=False)
    answer_openly(
        app,
        org,
        "Gent",
        unknown(
            "floor",
            open_in_sales,
            Answers((2, 1, 5, 2, 4), 1, 2),
            department="Sales",
            location="Gent",
        ),
    )
    answer_openly(
        app,
        org,
        "Brussel",
        unknown("dock", 6, Answers((5, 4, 2, 1, 3), 9, 3), department="Ops", location="Brussel"),
    )
    prepare_wave(app)
    close_wave(app, org)
    attack(org, app, "admin", None)
