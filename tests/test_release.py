"""The release model (feedback.release): what is released can be solved for nobody.

These tests read the release through its Python API and check it the way an attacker would
use it: every released group's members are known (the roster), its sums are known, and the
attacker adds and subtracts. Attacks over HTTP are in tests/reliability/.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.analytics.guard import check_filter, get_release
from feedback.analytics.query import Query
from feedback.confidentiality import GroupTooSmall
from feedback.domain import SEGMENTS
from feedback.release import TooManyFilters
from tests.analytics import builders
from tests.analytics.conftest import memory_db

PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(["Fin", "HR", "IT"]),
        st.sampled_from(["T1", "T2"]),
        st.sampled_from(["HQ", "Depot"]),
        st.sampled_from(["employee", "manager"]),
        st.sampled_from(["nl", "en"]),
    ),
    min_size=3,
    max_size=45,
)
KEYS = ("department", "team", "location", "role", "language")
ATTACKS = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])


def build(people, k=3, status="closed"):
    db = memory_db()
    survey_id = builders.survey(db, k=k, k_comments=max(k, 4))
    wave_id = builders.wave(db, survey_id, status=status)
    for person in people:
        builders.respond(db, wave_id, builders.uniform(3), **dict(zip(KEYS, person, strict=True)))
    builders.prepared(db, wave_id)
    return db, survey_id, wave_id


def members(key: str, people) -> np.ndarray:
    scope, conditions = json.loads(key)
    profiles = [{**builders.SEGMENT_DEFAULTS, **dict(zip(KEYS, p, strict=True))} for p in people]
    return np.array(
        [
            (scope is None or p["department"] in scope) and all(p[s] == v for s, v in conditions)
            for p in profiles
        ],
        dtype=float,
    )


def in_span(rows: np.ndarray, vector: np.ndarray) -> bool:
    if not len(rows):
        return False
    return np.linalg.matrix_rank(np.vstack([rows, vector])) == np.linalg.matrix_rank(rows)


@ATTACKS
@given(people=PEOPLE, k=st.integers(3, 5))
def test_no_released_figure_lets_anyone_solve_for_a_person(people, k):
    db, _s, wave_id = build(people, k)
    release = get_release(db, wave_id)
    rows = np.array([members(key, people) for key in release.figures])
    for row in rows:
        assert row.sum() >= k
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            only_a, only_b = (a * (1 - b)).sum(), (b * (1 - a)).sum()
            assert not (only_a < k and only_b < k and only_a + only_b > 0), (only_a, only_b)
    for person in range(len(people)):
        unit = np.zeros(len(people))
        unit[person] = 1
        assert not in_span(rows, unit), f"person {person} {people[person]} is determined"


@ATTACKS
@given(people=PEOPLE, k=st.integers(3, 5))
def test_no_combination_of_comment_lists_isolates_fewer_than_k_comments(people, k):
    db, _s, wave_id = build(people, k)
    release = get_release(db, wave_id)
    kc = release.limits.k_comments
    rows = [members(key, people).astype(bool) for key in release.comments]
    if not rows:
        return
    patterns: dict[tuple, int] = {}
    for person in range(len(people)):
        pattern = tuple(bool(r[person]) for r in rows)
        if any(pattern):
            patterns[pattern] = patterns.get(pattern, 0) + 1
    assert all(n >= kc for n in patterns.values()), patterns


def test_a_filter_that_drops_one_manager_from_a_team_is_suppressed():
    # Team A: five employees and one manager; filtering on employees leaves the manager out.
    people = [("Fin", "A", "HQ", "employee", "nl")] * 5 + [("Fin", "A", "HQ", "manager", "nl")]
    people += [("HR", "B", "HQ", "employee", "nl")] * 8 + [("HR", "B", "HQ", "manager", "nl")] * 4
    db, survey_id, wave_id = build(people, k=3)
    by_team = builders.results_of(db, survey_id, wave_id, by="team")
    team_a = next(g for g in by_team["groups"] if g["segment"] == "A")
    assert team_a["n"] == 6
    filtered = builders.results_of(db, survey_id, wave_id, by="team", filters={"role": "employee"})
    team_a = next(g for g in filtered["groups"] if g["segment"] == "A")
    assert team_a == {"segment": "A", "department": "Fin", "suppressed": True}


def test_a_complement_hidden_in_a_breakdown_cannot_be_asked_for_as_a_filter():
    people = [("Fin", "T1", "HQ", "employee", "nl")] * 12 + [("HR", "T1", "HQ", "employee", "nl")]
    people += [("IT", "T1", "HQ", "employee", "nl")] * 2
    db, survey_id, wave_id = build(people, k=3)
    shown = {
        g["segment"]: g
        for g in builders.results_of(db, survey_id, wave_id, by="department")["groups"]
    }
    hidden = [name for name, g in shown.items() if g.get("suppressed")]
    assert set(hidden) == {"HR", "IT"}  # 1 and 2 people: together fewer than k... and Fin?
    for name in hidden:
        with pytest.raises(GroupTooSmall):
            check_filter(db, Query.make(survey_id, wave_id, filters={"department": name}))


def test_more_than_one_filter_is_refused_before_anything_is_counted():
    db, survey_id, wave_id = build([("Fin", "T1", "HQ", "employee", "nl")] * 5)
    many = [("department", f"D{i}") for i in range(18)]
    with pytest.raises(TooManyFilters):
        check_filter(db, Query.make(survey_id, wave_id, filters=many))


def test_one_more_answer_in_an_open_wave_changes_nothing_released():
    people = [("Fin", "T1", "HQ", "employee", "nl")] * 10 + [
        ("HR", "T2", "HQ", "manager", "en")
    ] * 10
    db, survey_id, wave_id = build(people, k=5, status="open")
    before = builders.results_of(db, survey_id, wave_id, by="department")
    snapshot = get_release(db, wave_id).snapshot
    builders.respond(db, wave_id, builders.uniform(5), department="Fin", team="T1")
    assert builders.results_of(db, survey_id, wave_id, by="department") == before
    assert get_release(db, wave_id).snapshot == snapshot
    for _ in range(4):  # k answers in the same department: the next snapshot may come
        builders.respond(db, wave_id, builders.uniform(5), department="Fin", team="T1")
    after = builders.results_of(db, survey_id, wave_id, by="department")
    fin = next(g for g in after["groups"] if g["segment"] == "Fin")
    assert fin["n"] == 15 and after["overall"]["n"] == 25
    assert get_release(db, wave_id).snapshot == snapshot + 1


def test_answers_that_would_change_a_released_group_by_fewer_than_k_wait():
    people = [("Fin", "T1", "HQ", "employee", "nl")] * 10 + [
        ("HR", "T2", "HQ", "manager", "en")
    ] * 10
    db, survey_id, wave_id = build(people, k=5, status="open")
    builders.results_of(db, survey_id, wave_id, by="department")
    for _ in range(5):
        builders.respond(db, wave_id, builders.uniform(5), department="Fin", team="T1")
    builders.respond(db, wave_id, builders.uniform(1), department="HR", team="T2", role="manager")
    out = builders.results_of(db, survey_id, wave_id, by="department")
    # the five in Fin are released; the one in HR waits (HR would change by one)
    assert out["overall"]["n"] == 25
    hr = next(g for g in out["groups"] if g["segment"] == "HR")
    assert hr["n"] == 10


def test_every_segment_of_the_release_is_a_known_segment():
    people = [("Fin", "T1", "HQ", "employee", "nl")] * 6
    db, _s, wave_id = build(people)
    for key in get_release(db, wave_id).figures:
        _scope, conditions = json.loads(key)
        assert all(segment in SEGMENTS for segment, _v in conditions)


def test_an_invented_filter_value_is_refused_and_leaves_no_cache_entry():
    db, survey_id, wave_id = build([("Fin", "T1", "HQ", "employee", "nl")] * 8)
    builders.results_of(db, survey_id, wave_id, by="team")
    cached = db.execute("SELECT COUNT(*) FROM analytics_cache").fetchone()[0]
    for i in range(20):
        with pytest.raises(GroupTooSmall):
            builders.results_of(
                db, survey_id, wave_id, by="team", filters={"department": f"made-up {i}"}
            )
    assert db.execute("SELECT COUNT(*) FROM analytics_cache").fetchone()[0] == cached
