"""published_updates: the whole organisation always, a group only where it is released."""

from __future__ import annotations

from feedback.dashboard.explorer import action_store
from feedback.updates.query import group_conditions, published_updates
from tests.updates.conftest import SECRET, publish


def notes(db, survey_id, lang="en"):
    return [u.note for u in published_updates(db, survey_id, lang)]


def test_whole_organisation_and_released_groups_only(db, published):
    found = published_updates(db, published.survey_id, "en")
    assert {(u.note, u.status, u.segment_value) for u in found} == {
        ("Weekly tips in the newsletter", "done", ""),
        ("Sales gets a key user", "in_progress", "Sales"),
    }
    assert SECRET not in notes(db, published.survey_id)


def test_each_reader_gets_their_language(db, published):
    assert "Sales gets a key user (nl)" in notes(db, published.survey_id, "nl")
    assert "Sales gets a key user" in notes(db, published.survey_id, "fr")


def test_a_group_is_hidden_until_a_closed_wave_releases_it(db, org):
    with db.conn:
        db.execute("UPDATE waves SET status = 'open' WHERE id = ?", [org.closed_wave])
    publish(db, org.survey_id, "organisation", "", "For everyone")
    publish(db, org.survey_id, "department", "Sales", "For Sales")
    assert notes(db, org.survey_id) == ["For everyone"]


def test_unpublished_and_unknown_groups_are_not_shown(db, org):
    action_id = publish(db, org.survey_id, "department", "Sales", "For Sales")
    publish(db, org.survey_id, "team", "Sales / no such team", "Ghost team")
    publish(db, org.survey_id, "location", "Nowhere", "Ghost site")
    action_store.unpublish_action(db, action_id)
    assert notes(db, org.survey_id) == []


def test_a_released_team_is_shown(db, org):
    from feedback.analytics.guard import get_release

    team = "Sales-A"
    release = get_release(db, org.closed_wave)
    shown = release.shows(None, group_conditions("team", f"Sales / {team}"))
    publish(db, org.survey_id, "team", f"Sales / {team}", "For the team")
    assert shown, "the fixture should release a team"
    assert "For the team" in notes(db, org.survey_id)


def test_group_conditions_refuse_what_names_no_group():
    assert group_conditions("team", "no department") is None
    assert group_conditions("salary", "high") is None
    assert group_conditions("department", "") is None
    assert group_conditions("department", "Sales") == (("department", "Sales"),)
