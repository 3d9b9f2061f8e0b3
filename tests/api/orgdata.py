"""A small organisation with known answers, for the API, export and explorer tests.

Each department answers with its own fixed values, so a test can tell whether a small
department's figures leak: "Tiny" (3 people) answers every Likert item with 1 and the 0-10
questions with 0, which no other department does.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlite_utils

from feedback.analytics.refresh import prepare_waves
from tests.factories import make_response, make_survey, make_wave

# department: (people, likert answer, 0-10 answer)
DEFAULT_GROUPS = {"Sales": (12, 4, 8), "Support": (11, 2, 5), "Tiny": (3, 1, 0)}
TEXTS = {
    "knowledge": "I don't know how to post in a group",
    "motivation": "I don't see the point, email works fine",
    "access": "I can't log in from the warehouse",
    "none": "I use it daily, love the groups",
}


def build_org(
    db: sqlite_utils.Database,
    groups: dict[str, tuple[int, int, int]] | None = None,
    waves: int = 1,
    k_scores: int = 5,
    k_comments: int = 10,
    barrier: str = "knowledge",
    prepare: bool = True,
) -> dict:
    """A survey with `waves` closed waves; every respondent answers every item and comments.
    The waves are prepared for the dashboards (as `tick` would) unless `prepare` is False."""
    groups = groups or DEFAULT_GROUPS
    survey_id = make_survey(db, "Pulse", "Yammer", k_scores=k_scores, k_comments=k_comments)
    items = {r["key"]: r for r in db.query("SELECT * FROM items WHERE survey_id = ?", [survey_id])}
    wave_ids = []
    for number in range(1, waves + 1):
        opens = dt.date(2026, 1, 5) + dt.timedelta(weeks=4 * (number - 1))
        closes = opens + dt.timedelta(days=14)
        wave_ids.append(make_wave(db, survey_id, "closed", opens, closes, number))
    for wave_id in wave_ids:
        opens = dt.date.fromisoformat(db.table("waves").get(wave_id)["opens_on"])
        for department, (people, likert, ten) in groups.items():
            for i in range(people):
                add_response(db, wave_id, items, department, likert, ten, i, opens, barrier)
    if prepare:
        prepare_waves(db, wave_ids)
    return {"survey_id": survey_id, "wave_ids": wave_ids, "items": items}


def add_response(db, wave_id, items, department, likert, ten, i, opens, barrier) -> int:
    submitted = (opens + dt.timedelta(days=1 + i % 9)).isoformat()
    response_id = make_response(
        db,
        wave_id,
        submitted,
        department=department,
        team=f"{department}-{'A' if i % 2 else 'B'}",
        tenure_band="2-5 years",
        language="en",
        ambassador_opt_in=0,
    )
    answers = []
    for item in items.values():
        if item["kind"] == "likert":
            answers.append({"response_id": response_id, "item_id": item["id"], "value": likert})
        elif item["kind"] == "scale":
            answers.append({"response_id": response_id, "item_id": item["id"], "value": ten})
    db.table("answers").insert_all(answers)
    db.table("comments").insert(
        {
            "response_id": response_id,
            "wave_id": wave_id,
            "item_id": items["step_up"]["id"],
            "text": f"{TEXTS[barrier]} ({department} {i})",
            "language": "en",
            "sentiment": "negative",
            "sentiment_score": -0.4,
            "barrier": barrier,
            # the scorer's probabilities agree with its label, confidently
            **{f"p_{b}": 0.97 if b == barrier else 0.01 for b in TEXTS},
            "confident": 1,
            "evidence": json.dumps(["don't know how", "post"]),
            "model_version": "test",
        }
    )
    return response_id
