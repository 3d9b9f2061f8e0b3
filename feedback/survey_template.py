"""The built-in adoption-pulse template: items for the five readiness dimensions, in nl and en."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

import sqlite_utils

# key, kind, dimension, English, Dutch. "{tool}" is replaced by the tool's name.
ADOPTION_PULSE: tuple[tuple[str, str, str | None, str, str], ...] = (
    (
        "awareness_why",
        "likert",
        "awareness",
        "I understand why our organisation is introducing {tool}.",
        "Ik begrijp waarom onze organisatie {tool} invoert.",
    ),
    (
        "awareness_goal",
        "likert",
        "awareness",
        "I know what {tool} should change in the way we work together.",
        "Ik weet wat {tool} moet veranderen aan de manier waarop we samenwerken.",
    ),
    (
        "desire_want",
        "likert",
        "desire",
        "I want to use {tool} in my work.",
        "Ik wil {tool} gebruiken in mijn werk.",
    ),
    (
        "desire_value",
        "likert",
        "desire",
        "{tool} brings something to my own work.",
        "{tool} levert iets op voor mijn eigen werk.",
    ),
    (
        "knowledge_how",
        "likert",
        "knowledge",
        "I know how to use {tool} for my own tasks.",
        "Ik weet hoe ik {tool} gebruik voor mijn eigen taken.",
    ),
    (
        "knowledge_where",
        "likert",
        "knowledge",
        "I know where to find help when I get stuck in {tool}.",
        "Ik weet waar ik hulp vind als ik vastloop in {tool}.",
    ),
    (
        "ability_daily",
        "likert",
        "ability",
        "I actually manage to use {tool} in my daily work.",
        "Het lukt me om {tool} echt te gebruiken in mijn dagelijkse werk.",
    ),
    (
        "ability_access",
        "likert",
        "ability",
        "I can reach {tool} easily where I work (device, login, connection).",
        "Ik kan {tool} makkelijk bereiken waar ik werk (toestel, login, verbinding).",
    ),
    (
        "reinforcement_manager",
        "likert",
        "reinforcement",
        "My manager uses {tool} and encourages us to use it.",
        "Mijn leidinggevende gebruikt {tool} en moedigt ons aan om het te gebruiken.",
    ),
    (
        "reinforcement_team",
        "likert",
        "reinforcement",
        "My colleagues use {tool} to share and work together.",
        "Mijn collega's gebruiken {tool} om te delen en samen te werken.",
    ),
    (
        "scaling",
        "scale",
        "scaling",
        "On a scale from 0 to 10, how well does using {tool} work for you today?",
        "Op een schaal van 0 tot 10: hoe goed lukt het gebruik van {tool} jou vandaag?",
    ),
    (
        "step_up",
        "text",
        None,
        "What would take you one step higher?",
        "Wat zou jou één stap hoger brengen?",
    ),
    (
        "advocacy",
        "scale",
        "advocacy",
        "How likely are you to recommend {tool} to a colleague?",
        "Hoe waarschijnlijk is het dat je {tool} aanraadt aan een collega?",
    ),
    (
        "comment",
        "text",
        None,
        "Anything else you want to tell us? (optional)",
        "Wil je ons nog iets anders vertellen? (optioneel)",
    ),
)

OPTIONAL_KEYS = {"step_up", "comment"}


def create_survey_from_template(
    db: sqlite_utils.Database, name: str, tool: str, **settings: Any
) -> int:
    """Insert a survey with the adoption-pulse items; returns the survey id."""
    with db.conn:
        survey_id = (
            db.table("surveys")
            .insert(
                {
                    "name": name,
                    "k_scores": settings.get("k_scores", 5),
                    "k_comments": settings.get("k_comments", 10),
                    "max_items": settings.get("max_items", 8),
                    "cadence_weeks": settings.get("cadence_weeks"),
                    "created_on": dt.date.today().isoformat(),
                }
            )
            .last_pk
        )
        db.table("items").insert_all(
            [
                {
                    "survey_id": survey_id,
                    "position": position,
                    "key": key,
                    "kind": kind,
                    "dimension": dimension,
                    "text_en": text_en.format(tool=tool),
                    "text_nl": text_nl.format(tool=tool),
                    "choices": None,
                    "required": 0 if key in OPTIONAL_KEYS else 1,
                    "active": 1,
                }
                for position, (key, kind, dimension, text_en, text_nl) in enumerate(ADOPTION_PULSE)
            ]
        )
    return cast(int, survey_id)


def item_choices(item: dict) -> list[dict]:
    return json.loads(item["choices"]) if item.get("choices") else []
