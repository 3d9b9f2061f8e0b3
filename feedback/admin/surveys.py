"""Surveys and their items: settings, texts per language, order, and safe removal."""

from __future__ import annotations

import json
from typing import Any, cast

import sqlite_utils
from flask_babel import lazy_gettext as _l

from feedback.admin.errors import AdminError, Conflict, NotFound
from feedback.admin.rotation import minimum_items

KINDS = ("likert", "scale", "choice", "text")


LAST_REMINDER_DAY = 60


def parse_reminder_days(text: str | None) -> list[int]:
    """'3,5' -> [3, 5]: the days after a wave opens on which `tick` sends a reminder; empty
    means none. ValueError unless whole days from 1 to LAST_REMINDER_DAY, each once."""
    parts = [p.strip() for p in (text or "").split(",")]
    if parts == [""]:
        return []
    if not all(p.isdigit() for p in parts):
        raise ValueError(text)
    days = [int(p) for p in parts]
    if len(set(days)) != len(days) or not all(1 <= d <= LAST_REMINDER_DAY for d in days):
        raise ValueError(text)
    return sorted(days)


def list_surveys(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT s.*, (SELECT COUNT(*) FROM waves w WHERE w.survey_id = s.id) AS waves, "
            "(SELECT COUNT(*) FROM items i WHERE i.survey_id = s.id AND i.active = 1) AS items "
            "FROM surveys s ORDER BY s.id DESC"
        )
    )


def get_survey(db: sqlite_utils.Database, survey_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM surveys WHERE id = ?", [survey_id]))
    if not rows:
        raise NotFound(_l("There is no survey with this number."))
    return rows[0]


def get_items(db: sqlite_utils.Database, survey_id: int) -> list[dict[str, Any]]:
    """The active items of a survey in questionnaire order."""
    return list(
        db.query(
            "SELECT * FROM items WHERE survey_id = ? AND active = 1 ORDER BY position, id",
            [survey_id],
        )
    )


def get_item(db: sqlite_utils.Database, item_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM items WHERE id = ? AND active = 1", [item_id]))
    if not rows:
        raise NotFound(_l("There is no such question."))
    return rows[0]


def thresholds_locked(db: sqlite_utils.Database, survey_id: int) -> bool:
    """Thresholds are fixed once any wave of the survey has opened."""
    row = db.execute(
        "SELECT 1 FROM waves WHERE survey_id = ? AND status != 'scheduled'", [survey_id]
    ).fetchone()
    return row is not None


def update_settings(db: sqlite_utils.Database, survey_id: int, **settings: Any) -> None:
    """Save name, max_items, cadence, reminder days and thresholds; thresholds refuse to
    change once locked."""
    survey = get_survey(db, survey_id)
    changed_k = (settings["k_scores"], settings["k_comments"]) != (
        survey["k_scores"],
        survey["k_comments"],
    )
    if changed_k and thresholds_locked(db, survey_id):
        raise Conflict(
            _l(
                "The confidentiality thresholds are locked because a wave of this survey has "
                "opened. Create a new survey to use other thresholds."
            )
        )
    least = minimum_items(get_items(db, survey_id))
    if settings["max_items"] < least:
        raise AdminError(
            _l(
                "Each wave must ask at least %(n)s questions (scaling, advocacy and one per "
                "dimension).",
                n=least,
            )
        )
    db.table("surveys").update(survey_id, settings)


def choices_json(text: str | None) -> str | None:
    """Choices typed one per line as 'English | Nederlands' become [{value, en, nl}]."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return None
    out = []
    for value, line in enumerate(lines, start=1):
        en, _, nl = line.partition("|")
        out.append({"value": value, "en": en.strip(), "nl": (nl or en).strip()})
    return json.dumps(out, ensure_ascii=False)


def choices_text(choices: str | None) -> str:
    return "\n".join(f"{c['en']} | {c['nl']}" for c in json.loads(choices or "[]"))


def add_item(db: sqlite_utils.Database, survey_id: int, data: dict[str, Any]) -> int:
    get_survey(db, survey_id)
    row = db.execute(
        "SELECT COALESCE(MAX(position), -1) + 1, COUNT(*) + 1 FROM items WHERE survey_id = ?",
        [survey_id],
    ).fetchone()
    position, serial = row
    key = f"item_{serial}"
    while db.execute(
        "SELECT 1 FROM items WHERE survey_id = ? AND key = ?", [survey_id, key]
    ).fetchone():
        serial += 1
        key = f"item_{serial}"
    fields = _item_fields(data)
    _check_room(db, survey_id, {**fields, "id": None})
    record = {**fields, "survey_id": survey_id, "position": position, "key": key}
    return cast(int, db.table("items").insert({**record, "active": 1}).last_pk)


def update_item(db: sqlite_utils.Database, item_id: int, data: dict[str, Any]) -> None:
    item = get_item(db, item_id)
    fields = _item_fields(data)
    _check_room(db, item["survey_id"], {**fields, "id": item_id})
    db.table("items").update(item_id, fields)


def _check_room(db: sqlite_utils.Database, survey_id: int, changed: dict[str, Any]) -> None:
    """A new dimension adds a question to every pulse: refuse it if max_items has no room."""
    items = [i for i in get_items(db, survey_id) if i["id"] != changed["id"]] + [changed]
    least = minimum_items(items)
    if least > get_survey(db, survey_id)["max_items"]:
        raise AdminError(
            _l(
                "With this question every wave would ask %(n)s questions; raise the number "
                "of questions per wave in the settings first.",
                n=least,
            )
        )


def _item_fields(data: dict[str, Any]) -> dict[str, Any]:
    kind = data["kind"]
    dimension = data.get("dimension") or None
    if kind in ("likert", "scale") and not dimension:
        raise AdminError(_l("A rated question needs a readiness dimension."))
    if kind == "text":
        dimension = None
    choices = choices_json(data.get("choices")) if kind == "choice" else None
    if kind == "choice" and (not choices or len(json.loads(choices)) < 2):
        raise AdminError(_l("A single-choice question needs at least two choices, one per line."))
    return {
        "kind": kind,
        "dimension": dimension,
        "text_en": data["text_en"].strip(),
        "text_nl": data["text_nl"].strip(),
        "choices": choices,
        "required": 1 if data.get("required") else 0,
    }


def move_item(db: sqlite_utils.Database, item_id: int, direction: str) -> None:
    """Swap an item with its active neighbour above ('up') or below ('down')."""
    item = get_item(db, item_id)
    items = get_items(db, item["survey_id"])
    index = next(n for n, i in enumerate(items) if i["id"] == item_id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    order = [i["id"] for i in items]
    order[index], order[other] = order[other], order[index]
    with db.conn:
        for position, iid in enumerate(order):
            db.execute("UPDATE items SET position = ? WHERE id = ?", [position, iid])


def remove_item(db: sqlite_utils.Database, item_id: int) -> str:
    """Delete an unused item; deactivate one that has answers or was handed out. Returns which."""
    get_item(db, item_id)
    used = db.execute(
        "SELECT EXISTS(SELECT 1 FROM answers WHERE item_id = :i) "
        "OR EXISTS(SELECT 1 FROM comments WHERE item_id = :i) "
        "OR EXISTS(SELECT 1 FROM waves, json_each(waves.item_ids) "
        "          WHERE json_each.value = :i)",
        {"i": item_id},
    ).fetchone()[0]
    with db.conn:
        if used:
            db.execute("UPDATE items SET active = 0 WHERE id = ?", [item_id])
            return "deactivated"
        db.execute("DELETE FROM items WHERE id = ?", [item_id])
    return "deleted"
