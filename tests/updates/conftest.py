"""An organisation with one closed wave (Sales 12, Support 11, Tiny 3 respondents: only Sales
is released per department) and the next wave open, with published actions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from feedback.dashboard.explorer import action_store
from tests.admin.conftest import smtp  # noqa: F401  (the loopback SMTP server, by name)
from tests.api.orgdata import build_org
from tests.factories import invite, make_person, make_wave

SECRET = "Tiny-only change"  # the note of the too-small group's action: must never show


@dataclass
class Org:
    survey_id: int
    closed_wave: int
    open_wave: int
    person_id: int
    token: str


def publish(db, survey_id: int, segment_by: str, value: str, note: str, **extra) -> int:
    """An action created and published through the store, as the actions page does."""
    data = {"segment_by": segment_by, "segment_value": value, "title": note, "owner": "HR"}
    action_id = action_store.create_action(db, survey_id, None, {**data, **extra})
    action_store.publish_action(db, action_id, {"note_nl": f"{note} (nl)", "note_en": note})
    return action_id


@pytest.fixture
def org(db) -> Org:
    built = build_org(db, waves=1)
    survey_id = built["survey_id"]
    open_wave = make_wave(db, survey_id)
    person_id = make_person(db, department="Sales", language="en")
    token = invite(db, open_wave, person_id)
    return Org(survey_id, built["wave_ids"][0], open_wave, person_id, token)


@pytest.fixture
def published(db, org: Org) -> Org:
    """Three published actions: for everyone, for Sales (released), for Tiny (too small)."""
    publish(db, org.survey_id, "organisation", "", "Weekly tips in the newsletter", status="done")
    publish(db, org.survey_id, "department", "Sales", "Sales gets a key user", status="in_progress")
    publish(db, org.survey_id, "department", "Tiny", SECRET)
    return org
