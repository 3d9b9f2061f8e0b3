"""Item rotation: short pulses that still ask every item regularly.

A wave asks at most `max_items` rated items: always the scaling and advocacy questions, one
item of every readiness dimension, and the rest from a rotating pool. Text items are always
asked and do not count. The set is chosen per WAVE, the same for every invitee: a set per
person would, together with a response's segment, tell whose response it is. The choice
depends only on the wave number, so it can be recomputed and tested; as the number grows,
each dimension's pick and the pool's window move on, so every item comes back within a few
waves. The set is stored on the wave (`waves.item_ids`); `invitations.item_ids` stays NULL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlite_utils

ALWAYS = ("scaling", "advocacy")
RATED_KINDS = ("likert", "scale", "choice")


def minimum_items(items: Sequence[dict[str, Any]]) -> int:
    """The smallest max_items that still allows the always-asked items and one per dimension."""
    rated = [i for i in items if i["kind"] in RATED_KINDS]
    always = sum(1 for i in rated if i["dimension"] in ALWAYS)
    groups = {i["dimension"] for i in rated if i["dimension"] not in ALWAYS}
    return always + len(groups)


def choose_items(items: Sequence[dict[str, Any]], max_items: int, wave_number: int) -> list[int]:
    """The ids of the items every invitee of one wave is asked, in questionnaire order."""
    active = sorted((i for i in items if i.get("active", 1)), key=lambda i: i["position"])
    texts = [i for i in active if i["kind"] not in RATED_KINDS]
    rated = [i for i in active if i["kind"] in RATED_KINDS]
    chosen = [i for i in rated if i["dimension"] in ALWAYS]
    groups: dict[Any, list[dict[str, Any]]] = {}
    for item in rated:
        if item["dimension"] not in ALWAYS:
            groups.setdefault(item["dimension"], []).append(item)
    for members in groups.values():
        chosen.append(members[wave_number % len(members)])
    picked = {i["id"] for i in chosen}
    pool = [i for i in rated if i["id"] not in picked]
    room = max(0, max_items - len(chosen))
    if pool and room:
        start = (wave_number * room) % len(pool)
        chosen += [pool[(start + n) % len(pool)] for n in range(min(room, len(pool)))]
    selected = {i["id"] for i in chosen} | {i["id"] for i in texts}
    return [i["id"] for i in active if i["id"] in selected]


def assign_items(db: sqlite_utils.Database, wave_id: int) -> list[int]:
    """The wave's item set: chosen and stored on the wave the first time, then kept."""
    number, survey_id, max_items, stored = db.execute(
        "SELECT w.number, s.id, s.max_items, w.item_ids FROM waves w "
        "JOIN surveys s ON s.id = w.survey_id WHERE w.id = ?",
        [wave_id],
    ).fetchone()
    if stored:
        return list(json.loads(stored))
    items = list(db.query("SELECT * FROM items WHERE survey_id = ? AND active = 1", [survey_id]))
    ids = choose_items(items, max_items, number)
    with db.conn:
        db.execute(
            "UPDATE waves SET item_ids = ? WHERE id = ? AND item_ids IS NULL",
            [json.dumps(ids), wave_id],
        )
    return ids
