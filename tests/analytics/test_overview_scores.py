"""Overview trends, deltas and movers; the per-response score table stays in step."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.analytics.aggregate import group_stats
from feedback.analytics.overview import changes, movers, trend
from feedback.analytics.query import Query
from feedback.analytics.waves import survey_waves
from tests.analytics import builders
from tests.analytics.conftest import memory_db


def two_waves(db):
    s = builders.survey(db)
    w1, w2 = builders.wave(db, s, 1), builders.wave(db, s, 2)
    builders.group(db, w1, 10, builders.uniform(2, advocacy=3), department="A")
    builders.group(db, w1, 10, builders.uniform(3), department="B")
    builders.group(db, w2, 10, builders.uniform(4, advocacy=10), department="A")
    builders.group(db, w2, 10, builders.uniform(3), department="B")
    builders.group(db, w2, 2, builders.uniform(5), department="C")
    return s, w1, w2


def test_trend_changes_and_movers(mdb):
    s, w1, w2 = two_waves(mdb)
    builders.prepared(mdb, w1)
    waves = trend(mdb, builders.query(mdb, s, w2, "department"))
    assert [w["responded"] for w in waves] == [20, 22]
    assert waves[0]["figures"]["readiness_index"] == 37.5
    delta = changes(waves[1], waves[0])
    assert delta["dimensions"]["awareness"] == round((2 * 5 + 40 + 30) / 22 - 2.5, 2)
    reported = {w["id"]: w for w in survey_waves(mdb, s)}
    moved = movers(mdb, builders.query(mdb, s, w2, "department"), reported[w1])
    # C (2 people) is hidden in wave 2, and A or B with it (the complement, equal in size)
    assert [(m["segment"], m["delta"]) for m in moved] in ([("B", 0.0)], [("A", 50.0)])


def test_a_wave_below_k_shows_no_figures(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    builders.group(mdb, w, 4, department="A")
    [summary] = trend(mdb, builders.query(mdb, s, w))
    assert summary["suppressed"] and "figures" not in summary and "responded" not in summary


def test_scores_follow_new_and_deleted_responses(mdb):
    s = builders.survey(mdb)
    w = builders.wave(mdb, s)
    builders.group(mdb, w, 6, builders.uniform(2), department="A")
    assert group_stats(mdb, builders.query(mdb, s, w))[0].n == 6
    builders.group(mdb, w, 6, builders.uniform(4), department="A")
    assert group_stats(mdb, Query(s, w))[0].n == 6  # a page reads what was prepared
    [stats] = group_stats(mdb, builders.query(mdb, s, w))
    assert stats.n == 12 and stats.mean("desire", 5) == 3.0
    with mdb.conn:
        mdb.execute("DELETE FROM responses WHERE id IN (SELECT id FROM responses LIMIT 6)")
    [stats] = group_stats(mdb, builders.query(mdb, s, w))
    assert stats.n == 6 and stats.mean("desire", 5) == 4.0


def test_analytics_refresh_fills_scores_ahead(app, db, runner):
    s = builders.survey(db)
    w = builders.wave(db, s)
    builders.group(db, w, 5, department="A")
    result = runner.invoke(args=["analytics-refresh"])
    assert result.exit_code == 0, result.output
    assert db.execute("SELECT COUNT(*) FROM analytics_scores").fetchone()[0] == 5
    bad = runner.invoke(args=["analytics-refresh", "--wave", "99"])
    assert bad.exit_code != 0 and "No wave with id 99" in bad.output


@settings(max_examples=25, deadline=None)
@given(
    batches=st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["A", "B"]),
                st.sampled_from(["T1", "T2"]),
                st.integers(1, 5),
                st.integers(0, 10),
            ),
            max_size=8,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_rollups_agree_with_the_score_table_as_responses_arrive(batches):
    db = memory_db()
    s = builders.survey(db)
    w = builders.wave(db, s)
    for batch in batches:
        for dept, team, value, advocacy in batch:
            builders.respond(
                db, w, builders.uniform(value, advocacy=advocacy), department=dept, team=team
            )
        builders.prepared(db, w)
        for by in (None, "department", "team", "location"):
            fast = group_stats(db, Query.make(s, w, by))
            # a filter: read from the score table
            slow = group_stats(db, Query.make(s, w, by, {"language": "nl"}))
            assert [vars(x) for x in fast] == [vars(x) for x in slow]
            scoped = group_stats(db, Query.make(s, w, by, None, ["A"]))
            filtered = group_stats(db, Query.make(s, w, by, {"department": "A"}))
            assert [vars(x) for x in scoped] == [vars(x) for x in filtered]
