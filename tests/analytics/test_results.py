"""results(): protected per-segment figures for the API, exports and CLI."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.analytics.population import UnknownSegment
from feedback.confidentiality import GroupTooSmall
from tests.analytics import builders
from tests.analytics.conftest import memory_db


def test_figures_per_department_with_a_small_group_suppressed(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    builders.group(mdb, w, 12, builders.uniform(4, scaling=8, advocacy=10), department="IT")
    builders.group(mdb, w, 8, builders.uniform(2, scaling=3, advocacy=2), department="Fin")
    builders.group(mdb, w, 6, builders.uniform(3), department="HR")
    builders.group(mdb, w, 3, builders.uniform(5), department="Tiny")
    out = builders.results_of(mdb, s, w, by="department")
    by_name = {g["segment"]: g for g in out["groups"]}
    assert by_name["Tiny"] == {"segment": "Tiny", "suppressed": True}
    assert by_name["HR"] == {"segment": "HR", "suppressed": True}  # next-smallest, complement
    it = by_name["IT"]
    assert it["n"] == 12 and it["dimensions"]["desire"] == 4.0
    assert it["readiness_index"] == 75.0 and it["nps"] == 100.0 and it["scaling"] == 8.0
    assert it["barrier_point"] is None
    fin = by_name["Fin"]
    assert fin["barrier_point"] == "awareness" and fin["nps"] == -100.0
    assert out["overall"]["n"] == 29
    assert out["k"] == 5


def test_barrier_point_is_the_first_dimension_at_three_or_lower(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    values = {**builders.uniform(4), "knowledge": 3, "reinforcement": 1}
    builders.group(mdb, w, 6, values, department="A")
    assert builders.results_of(mdb, s, w)["overall"]["barrier_point"] == "knowledge"


def test_barrier_mix_needs_k_classified_comments(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    for i in range(10):
        barrier = "knowledge" if i < 6 else "motivation"
        builders.respond(
            mdb, w, builders.uniform(4), comment=("x", barrier, i not in (0, 9)), department="A"
        )
    for i in range(10):
        comment = ("y", "access") if i < 2 else None
        builders.respond(mdb, w, builders.uniform(4), comment=comment, department="B")
    groups = {g["segment"]: g for g in builders.results_of(mdb, s, w, by="department")["groups"]}
    assert groups["A"]["barrier_mix"] == {
        "knowledge": 60.0,
        "motivation": 40.0,
        "access": 0.0,
        "none": 0.0,
        "unclear": 20.0,  # two of ten the scorer was not sure about
    }
    assert groups["B"]["barrier_mix"] is None


def test_a_viewer_sees_only_their_departments(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    builders.group(mdb, w, 10, builders.uniform(5), department="IT")
    builders.group(mdb, w, 10, builders.uniform(1), department="Fin")
    viewer = SimpleNamespace(departments=["IT"])
    out = builders.results_of(mdb, s, w, by="location", user=viewer)
    assert out["overall"]["n"] == 10
    assert out["overall"]["dimensions"]["awareness"] == 5.0
    assert [g["segment"] for g in out["groups"]] == ["HQ"]


def test_bad_segment_wave_and_small_filters_are_refused(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    builders.group(mdb, w, 10, department="IT")
    builders.group(mdb, w, 3, department="Fin")
    with pytest.raises(UnknownSegment):
        builders.results_of(mdb, s, w, by="email")
    with pytest.raises(LookupError):
        builders.results_of(mdb, s + 1, w)
    with pytest.raises(GroupTooSmall):
        builders.results_of(mdb, s, w, filters={"department": "Fin"})
    with pytest.raises(GroupTooSmall):  # 13 minus 10 would isolate Fin
        builders.results_of(mdb, s, w, filters={"department": "IT"})


def test_teams_with_the_same_name_in_two_departments_stay_apart(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    builders.group(mdb, w, 6, department="A", team="Front")
    builders.group(mdb, w, 7, department="B", team="Front")
    groups = builders.results_of(mdb, s, w, by="team")["groups"]
    assert [(g["department"], g["n"]) for g in groups] == [("A", 6), ("B", 7)]


roster = st.lists(
    st.tuples(
        st.sampled_from(["Fin", "HR", "IT", "Ops"]),
        st.sampled_from(["T1", "T2"]),
        st.sampled_from(["HQ", "Depot"]),
        st.integers(1, 5),
    ),
    max_size=45,
)


@settings(max_examples=40, deadline=None)
@given(
    roster=roster,
    k=st.integers(3, 10),
    by=st.sampled_from(["department", "team", "location", None]),
    filters=st.dictionaries(
        st.sampled_from(["department", "location"]),
        st.sampled_from(["Fin", "HR", "HQ", "Depot"]),
        max_size=1,
    ),
)
def test_results_never_show_a_group_below_k(roster, k, by, filters):
    db = memory_db()
    s = builders.survey(db, k=k, k_comments=max(k, 10))
    w = builders.wave(db, s)
    for dept, team, loc, value in roster:
        builders.respond(db, w, builders.uniform(value), department=dept, team=team, location=loc)
    try:
        out = builders.results_of(db, s, w, by=by, filters=filters)
    except GroupTooSmall:
        return
    cols = {"department": 0, "team": 1, "location": 2}
    people = [r for r in roster if all(r[cols[f]] == v for f, v in filters.items())]
    assert len(people) == 0 or len(people) >= k
    if not out["overall"].get("suppressed"):
        assert out["overall"]["n"] == len(people) >= k
    hidden = 0
    for g in out["groups"]:
        members = [
            r
            for r in people
            if r[cols[by]] == g["segment"] and (by != "team" or r[0] == g["department"])
        ]
        if g.get("suppressed"):
            assert set(g) <= {"segment", "department", "suppressed"}
            hidden += len(members)
        else:
            assert g["n"] == len(members) >= k
    assert hidden == 0 or hidden >= k or all(g.get("suppressed") for g in out["groups"])


def test_tenure_bands_come_in_their_own_order_not_alphabetically():
    db = memory_db()
    s = builders.survey(db, k=3)
    w = builders.wave(db, s)
    for band in ("5+ years", "< 6 months", "2-5 years", "6-24 months"):
        for _ in range(4):
            builders.respond(db, w, builders.uniform(3), tenure_band=band)
    out = builders.results_of(db, s, w, by="tenure_band")
    assert [g["segment"] for g in out["groups"]] == [
        "< 6 months",
        "6-24 months",
        "2-5 years",
        "5+ years",
    ]


def test_unclear_comments_count_in_the_mix_but_not_in_the_diagnosis(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    for sure, department in ((False, "Unsure"), (True, "Sure")):
        for _ in range(10):
            comment = ("no tablet", "access", sure)
            builders.respond(mdb, w, builders.uniform(4), comment=comment, department=department)
    groups = {g["segment"]: g for g in builders.results_of(mdb, s, w, by="department")["groups"]}
    unsure, sure = groups["Unsure"], groups["Sure"]
    assert unsure["barrier_mix"]["access"] == sure["barrier_mix"]["access"] == 100.0
    assert (unsure["barrier_mix"]["unclear"], sure["barrier_mix"]["unclear"]) == (100.0, 0.0)
    text = {g: groups[g]["diagnosis"]["signals"][2] for g in groups}
    assert text["Unsure"]["n"] == 0 and text["Sure"]["n"] == 10
    assert (unsure["diagnosis"]["verdict"], sure["diagnosis"]["verdict"]) == ("none", "access")
