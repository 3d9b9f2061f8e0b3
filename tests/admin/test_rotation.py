"""Rotation keeps pulses short and still asks every item regularly."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.admin.rotation import choose_items
from feedback.admin.surveys import get_items
from feedback.admin.waves import open_wave, schedule_wave
from feedback.invitations import reissue_token
from feedback.survey_template import ADOPTION_PULSE
from tests.factories import invite, make_person, make_survey, make_wave

QUESTION = re.compile(r'name="q(\d+)"')

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


@given(wave=st.integers(1, 500), n=st.integers(7, 12))
def test_every_pulse_is_short_and_complete(wave, n):
    items = template_items()
    ids = choose_items(items, n, wave)
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
    assert choose_items(items, 8, 3) == choose_items(list(reversed(items)), 8, 3)


@pytest.mark.parametrize("first", [1, 2, 7, 12])
def test_every_item_comes_back_within_a_few_waves(items, first):
    seen = set()
    for wave in range(first, first + 3):
        seen |= set(choose_items(items, 8, wave))
    assert seen == {i["id"] for i in items}


@given(wave=st.integers(1, 500), n=st.integers(7, 12))
def test_every_item_comes_back_within_a_few_waves_whatever_the_size(wave, n):
    items = template_items()
    seen: set[int] = set()
    for number in range(wave, wave + 6):
        seen |= set(choose_items(items, n, number))
    assert seen == {i["id"] for i in items}


def test_the_pulse_changes_from_one_wave_to_the_next(items):
    assert choose_items(items, 8, 1) != choose_items(items, 8, 2)


def test_with_room_for_everything_everything_is_asked(items):
    assert choose_items(items, 50, 1) == [i["id"] for i in items]


def test_opening_a_wave_stores_one_item_set_on_the_wave_and_none_per_person(db):
    survey_id = make_survey(db)
    people = [make_person(db) for _ in range(6)]
    day = dt.date(2026, 1, 5)
    wave_id = schedule_wave(db, survey_id, day, day)
    open_wave(db, wave_id, day)
    items = get_items(db, survey_id)
    stored = db.execute("SELECT item_ids FROM waves WHERE id = ?", [wave_id]).fetchone()[0]
    assert json.loads(stored) == choose_items(items, 8, 1)
    rows = db.execute(
        "SELECT person_id, item_ids FROM invitations WHERE wave_id = ?", [wave_id]
    ).fetchall()
    assert sorted(r[0] for r in rows) == sorted(people)
    assert {item_ids for _, item_ids in rows} == {None}


def test_every_invitee_of_a_wave_is_asked_the_same_items(app, db, client):
    survey_id = make_survey(db)
    for n in range(8):
        make_person(db, language="en", email=f"same{n}@example.org")
    day = dt.date.today()
    wave_id = schedule_wave(db, survey_id, day, day)
    open_wave(db, wave_id, day)
    tokens = [reissue_token(db, r[0]) for r in db.execute("SELECT id FROM invitations")]
    pages = [client.get(f"/s/{t}").get_data(as_text=True) for t in tokens]
    forms = {frozenset(int(q) for q in QUESTION.findall(page)) for page in pages}
    assert len(forms) == 1
    wave_set = json.loads(db.execute("SELECT item_ids FROM waves").fetchone()[0])
    assert forms == {frozenset(wave_set)}


def test_the_migration_moves_item_sets_off_the_invitations(tmp_path):
    from feedback import schema
    from feedback.db import connect, migrate

    database = connect(tmp_path / "old.db")
    try:
        schema.migrations.apply(database, stop_before="m002_item_set_per_wave")
        survey_id = make_survey(database)
        wave_id = make_wave(database, survey_id)
        person_id = make_person(database)
        invite(database, wave_id, person_id)
        with database.conn:
            database.execute("UPDATE invitations SET item_ids = '[1, 2, 3]'")
        migrate(database)
        rows = database.execute("SELECT person_id, item_ids FROM invitations").fetchall()
        assert rows == [(person_id, None)]
        assert "item_ids" in {c.name for c in database.table("waves").columns}
        migrate(database)  # idempotent
    finally:
        database.conn.close()
