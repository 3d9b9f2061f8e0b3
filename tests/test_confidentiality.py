"""The confidentiality engine: nothing below k leaks through suppression or filters."""

from __future__ import annotations

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.confidentiality import (
    comment_groups_ok,
    hidden_cells,
    hidden_indices,
    present_comments,
    protect_count,
    protect_groups,
    thresholds,
)
from feedback.db import migrate
from tests.analytics import builders

ks = st.integers(min_value=3, max_value=10)
sizes_strategy = st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=12)


def memory_db() -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    return db


def assert_not_recoverable(sizes: list[int], hidden: set[int], members: list[int], k: int):
    inside = [i for i in members if i in hidden]
    if not inside or len(inside) == len(members):
        return
    assert len(inside) >= 2, (sizes, hidden, members)
    assert sum(sizes[i] for i in inside) >= k, (sizes, hidden, members)


@settings(max_examples=200, deadline=None)
@given(sizes=sizes_strategy, k=ks)
def test_small_groups_are_hidden_and_not_recoverable_from_the_total(sizes, k):
    hidden = hidden_indices(sizes, k)
    assert all(i in hidden for i, n in enumerate(sizes) if n < k)
    assert_not_recoverable(sizes, hidden, list(range(len(sizes))), k)
    visible_sum = sum(n for i, n in enumerate(sizes) if i not in hidden)
    remainder = sum(sizes) - visible_sum
    # With everything hidden only the total is left, which the population rule governs.
    assert remainder == 0 or remainder >= k or len(hidden) == len(sizes)


@settings(max_examples=200, deadline=None)
@given(
    teams=st.lists(
        st.tuples(st.sampled_from("ABCD"), st.integers(min_value=1, max_value=30)),
        min_size=1,
        max_size=12,
    ),
    k=ks,
)
def test_teams_are_protected_within_their_department_too(teams, k):
    rows = [{"segment": f"t{i}", "parent": d, "n": n} for i, (d, n) in enumerate(teams)]
    shown = protect_groups(rows, k, ("segment", "parent"), parent_key="parent")
    hidden = {i for i, r in enumerate(shown) if r.get("suppressed")}
    sizes = [n for _, n in teams]
    for dept in set(d for d, _ in teams):
        members = [i for i, (d, _) in enumerate(teams) if d == dept]
        assert_not_recoverable(sizes, hidden, members, k)
    assert_not_recoverable(sizes, hidden, list(range(len(sizes))), k)
    for row in shown:
        if row.get("suppressed"):
            assert set(row) == {"segment", "parent", "suppressed"}


def test_the_next_smallest_group_is_hidden_too():
    rows = [{"segment": s, "n": n} for s, n in [("a", 40), ("b", 3), ("c", 12), ("d", 9)]]
    shown = protect_groups(rows, 5, ("segment",))
    assert [r.get("suppressed", False) for r in shown] == [False, True, False, True]
    assert shown[1] == {"segment": "b", "suppressed": True}


def test_k_below_three_is_refused():
    with pytest.raises(ValueError):
        hidden_indices([10, 10], 2)


@settings(max_examples=200, deadline=None)
@given(total=st.integers(0, 60), data=st.data(), k=ks)
def test_a_sub_count_is_shown_only_when_it_and_its_rest_are_not_small(total, data, k):
    count = data.draw(st.integers(0, total))
    shown = protect_count(count, total, k)
    if shown is not None:
        assert shown == count and total >= k
        assert count == 0 or count >= k
        assert total - count == 0 or total - count >= k


def test_thresholds_come_from_the_wave_then_the_survey_never_below_three():
    db = memory_db()
    survey_id = builders.survey(db, k=6, k_comments=12)
    assert thresholds(db, builders.wave(db, survey_id, 1)) == (6, 12)
    own = builders.wave(db, survey_id, 2, k=8, k_comments=9)
    assert thresholds(db, own) == (8, 9)
    low = builders.wave(db, survey_id, 3, k=1, k_comments=1)
    assert thresholds(db, low) == (3, 3)


def test_comments_need_k_comments_and_come_dated_with_the_wave_in_the_given_order():
    assert comment_groups_ok(10, 10) and not comment_groups_ok(9, 10)
    assert not comment_groups_ok(2, 1)
    rows = [
        {"id": i, "response_id": i, "submitted_on": f"2026-01-0{i % 9 + 1}", "text": f"c{i}"}
        for i in range(30)
    ]
    assert [c["text"] for c in present_comments(rows[::-1], "x")] == [r["text"] for r in rows[::-1]]
    shown = present_comments(rows, "2026-01-01")
    assert {c["date"] for c in shown} == {"2026-01-01"}
    assert all(set(c) == {"text", "date"} for c in shown)


@settings(max_examples=200, deadline=None)
@given(
    table=st.lists(st.lists(st.integers(0, 15), min_size=4, max_size=4), min_size=1, max_size=6),
    k=ks,
)
def test_two_way_suppression_leaves_no_small_row_or_column_remainder(table, k):
    # as on a page: rows (groups) below k, and their complements, are suppressed first
    gone = hidden_indices([sum(row) for row in table], k)
    hidden, blocked = hidden_cells(table, k, gone)
    for i, row in enumerate(table):
        for j, value in enumerate(row):
            if 0 < value < k or i in gone:
                assert (i, j) in hidden
        if i not in gone:
            remainder = sum(v for j, v in enumerate(row) if (i, j) in hidden)
            assert remainder == 0 or remainder >= k
    for j in range(4):
        if j in blocked:
            continue
        remainder = sum(table[i][j] for i in range(len(table)) if (i, j) in hidden)
        assert remainder == 0 or remainder >= k
