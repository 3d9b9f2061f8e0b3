"""Readiness matrix, driver analysis and ambassador counts, with their small-group rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.analytics.ambassadors import candidate_counts
from feedback.analytics.drivers import MIN_DRIVER_N, driver_analysis, pearson
from feedback.analytics.matrix import matrix_view, protect_quadrants, readiness_matrix
from feedback.domain import QUADRANTS
from tests.analytics import builders
from tests.analytics.conftest import memory_db


def values(knowledge: int, motivation: int, scaling: int = 5) -> dict[str, int]:
    return {
        "awareness": motivation,
        "desire": motivation,
        "knowledge": knowledge,
        "ability": knowledge,
        "reinforcement": 3,
        "scaling": scaling,
        "advocacy": 5,
    }


def test_quadrants_split_at_three_with_three_counting_as_low(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    builders.group(mdb, w, 6, values(4, 4), department="A")  # ready
    builders.group(mdb, w, 7, values(3, 4), department="A")  # willing, needs know-how
    builders.group(mdb, w, 8, values(4, 3), department="A")  # able, needs a reason
    builders.group(mdb, w, 9, values(2, 2), department="A")  # not started
    [row] = readiness_matrix(mdb, builders.query(mdb, s, w, "department"))
    assert row["quadrants"] == {"ready": 6, "willing": 7, "able": 8, "not_started": 9}
    assert row["largest"] == "not_started" and row["implies"] == "motivation"


def test_a_small_quadrant_hides_the_next_smallest_too():
    shown = protect_quadrants(30, {"ready": 20, "willing": 2, "able": 6, "not_started": 2}, 5)
    assert shown == {"ready": 20, "willing": None, "able": None, "not_started": None}
    shown = protect_quadrants(34, {"ready": 20, "willing": 3, "able": 6, "not_started": 5}, 5)
    assert shown == {"ready": 20, "willing": None, "able": 6, "not_started": None}
    shown = protect_quadrants(30, {"ready": 22, "willing": 3, "able": 5, "not_started": 0}, 5)
    assert shown == {"ready": 22, "willing": None, "able": None, "not_started": 0}
    # respondents without scores are never shown, so they count as hidden
    shown = protect_quadrants(30, {"ready": 10, "willing": 10, "able": 9, "not_started": 0}, 5)
    assert shown["able"] is None and shown["ready"] == 10


def test_free_text_that_disagrees_with_the_quadrants_is_flagged(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    for _ in range(10):  # answers say: willing but needs know-how; text says: access
        builders.respond(mdb, w, values(2, 5), comment=("no laptop", "access"), department="Depot")
    for _ in range(10):
        builders.respond(mdb, w, values(2, 5), comment=("how?", "knowledge"), department="Office")
    rows = {r["segment"]: r for r in readiness_matrix(mdb, builders.query(mdb, s, w, "department"))}
    assert rows["Depot"]["disagree"] and rows["Depot"]["text_barrier"] == "access"
    assert rows["Depot"]["implies"] == "knowledge"
    assert not rows["Office"]["disagree"]


def test_drivers_rank_the_dimension_linked_to_scaling_and_low(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    for i in range(30):
        level = 1 + i % 5
        v = {
            "awareness": 4,
            "desire": 4,
            "knowledge": level,
            "ability": 4,
            "reinforcement": 1 + (i * 7) % 5,
            "scaling": 2 * level,
            "advocacy": 5,
        }
        builders.respond(mdb, w, v, department="Big")
    builders.group(mdb, w, 10, values(3, 3), department="Small")
    rows = {r["segment"]: r for r in driver_analysis(mdb, builders.query(mdb, s, w, "department"))}
    assert rows["Big"]["top"] == "knowledge"
    assert rows["Big"]["ranking"][0]["r"] == 1.0
    assert rows["Small"] == {"segment": "Small", "parent": None, "n": 10, "too_few": True}
    assert MIN_DRIVER_N == 25


def test_pearson_is_undefined_without_variance():
    assert pearson(5, 10, 10, 20, 20, 20) is None
    assert pearson(3, 6, 6, 14, 14, 14) == 1.0


def test_ambassador_counts_hide_small_sub_counts(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    fan = {**values(5, 5), "advocacy": 10}
    for i in range(20):
        builders.respond(mdb, w, fan if i < 12 else values(3, 3), opt_in=i < 2, department="A")
    [row] = candidate_counts(mdb, builders.query(mdb, s, w, "department"))
    assert row["n"] == 20 and row["high_desire"] == 12 and row["promoter"] == 12
    assert row["opted_in"] is None and row["candidate"] is None


def quadrant(person: tuple) -> str:
    _, kn, mo, _ = person
    return {(True, True): "ready", (False, True): "willing", (True, False): "able"}.get(
        (kn > 3, mo > 3), "not_started"
    )


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(
        st.tuples(st.sampled_from("AB"), st.integers(1, 5), st.integers(1, 5), st.booleans()),
        max_size=40,
    ),
    k=st.integers(3, 8),
)
def test_no_quadrant_or_candidate_count_below_k_is_shown(people, k):
    db = memory_db()
    s = builders.survey(db, k=k, k_comments=max(k, 10))
    w = builders.wave(db, s)
    for dept, kn, mo, opt in people:
        builders.respond(db, w, values(kn, mo), opt_in=opt, department=dept)
    view = matrix_view(db, builders.query(db, s, w, "department"))
    truth = {
        d: [sum(1 for p in people if p[0] == d and quadrant(p) == q) for q in QUADRANTS]
        for d in "AB"
    }
    for row in view["rows"]:
        if row.get("suppressed"):
            assert set(row) == {"segment", "parent", "suppressed"}
            continue
        assert row["n"] >= k
        shown = [c for c in row["quadrants"].values() if c is not None]
        assert all(c == 0 or c >= k for c in shown)
        rest = row["n"] - sum(shown)
        assert rest == 0 or rest >= k  # the hidden quadrants together are no small group
    if view["overall"]:
        for j, q in enumerate(QUADRANTS):
            total = view["overall"]["quadrants"][q]
            if total is None:
                continue
            assert total == sum(t[j] for t in truth.values())
            visible = sum(r["quadrants"][q] or 0 for r in view["rows"] if not r.get("suppressed"))
            assert total - visible == 0 or total - visible >= k  # column total minus cells
    for row in candidate_counts(db, builders.query(db, s, w, "department")):
        if not row.get("suppressed"):
            for name in ("high_desire", "promoter", "opted_in", "candidate"):
                c = row[name]
                assert c is None or c == 0 or (c >= k and (row["n"] - c == 0 or row["n"] - c >= k))
