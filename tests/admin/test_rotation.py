"""Rotation keeps pulses short and still asks every item regularly."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.admin.rotation import choose_items
from feedback.admin.surveys import get_items
from feedback.admin.waves import open_wave, schedule_wave
from feedback.survey_template import ADOPTION_PULSE
from tests.factories import make_person, make_survey

RATED = ("likert", "scale", "choice")


def template_items() -> list[dict]:
    """The template's items as stored, with ids in a different order than positions."""
    return [
        {
            "id": 100 - position,
            "position": position,
            "key": key,
            "kind": kind,
            "dimension": dimension,
            "active": 1,
        }
        for position, (key, kind, dimension, _en, _nl) in enumerate(ADOPTION_PULSE)
    ]


@pytest.fixture
def items():
    return template_items()


def rated(items, ids):
    return [i for i in items if i["id"] in ids and i["kind"] in RATED]


@given(wave=st.integers(1, 500), person=st.integers(1, 100_000), n=st.integers(7, 12))
def test_every_pulse_is_short_and_complete(wave, person, n):
    items = template_items()
    ids = choose_items(items, n, wave, person)
    asked = rated(items, ids)
    assert len(asked) <= n
    dimensions = {i["dimension"] for i in asked}
    assert {
        "scaling",
        "advocacy",
        "awareness",
        "desire",
        "knowledge",
        "ability",
        "reinforcement",
    } <= dimensions
    texts = {i["id"] for i in items if i["kind"] == "text"}
    assert texts <= set(ids)
    assert ids == [i["id"] for i in items if i["id"] in ids]


def test_the_choice_is_deterministic(items):
    assert choose_items(items, 8, 3, 42) == choose_items(list(reversed(items)), 8, 3, 42)


@pytest.mark.parametrize("person", [1, 2, 7, 12])
def test_every_item_comes_back_within_a_few_waves(items, person):
    seen = set()
    for wave in range(1, 4):
        seen |= set(choose_items(items, 8, wave, person))
    assert seen == {i["id"] for i in items}


def test_a_person_does_not_get_the_same_pulse_twice_in_a_row(items):
    assert choose_items(items, 8, 1, 5) != choose_items(items, 8, 2, 5)


def test_with_room_for_everything_everything_is_asked(items):
    assert choose_items(items, 50, 1, 1) == [i["id"] for i in items]


def test_opening_a_wave_stores_each_persons_items(db):
    survey_id = make_survey(db)
    people = [make_person(db) for _ in range(6)]
    day = dt.date(2026, 1, 5)
    wave_id = schedule_wave(db, survey_id, day, day)
    open_wave(db, wave_id, day)
    items = get_items(db, survey_id)
    rows = db.execute(
        "SELECT person_id, item_ids FROM invitations WHERE wave_id = ?", [wave_id]
    ).fetchall()
    assert sorted(r[0] for r in rows) == sorted(people)
    for person_id, item_ids in rows:
        assert json.loads(item_ids) == choose_items(items, 8, 1, person_id)
