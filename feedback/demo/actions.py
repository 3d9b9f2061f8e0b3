"""The actions the demo's story implies, logged as a change manager would have, so the loop
barrier -> action -> effect in the next wave is visible on first sight."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from feedback.demo.roster import ACCESS_SITE, MOTIVATION_DEPARTMENT
from feedback.demo.story import fix_wave

NEWCOMERS = "< 6 months"
PUBLISHED = {
    "note_nl": "Op de werkvloer staan nu tablets en je meldt je aan met je gewone account.",
    "note_en": "There are tablets on the shop floor now, and you sign in with your usual account.",
}
UNPUBLISHED = {"note_nl": None, "note_en": None, "published_on": None}


def log_story_actions(db: sqlite_utils.Database, survey_id: int, waves: int) -> int:
    """Tablets and single sign-on for the access site in the wave before they arrive (done,
    and published to employees: "you said, we did"); an onboarding track for newcomers and a
    role-model campaign for the motivation department after the first wave. Returns how many
    actions were logged (none for one wave)."""
    fix = fix_wave(waves)
    if fix is None:
        return 0
    ids = dict(db.execute("SELECT number, id FROM waves WHERE survey_id = ?", [survey_id]))
    planned = [
        (
            fix - 1,
            "location",
            ACCESS_SITE,
            "access",
            "Tablets op de werkvloer en single sign-on voor Kompas",
            "ICT & Facilitair",
            "done",
        ),
        (
            1,
            "tenure_band",
            NEWCOMERS,
            "knowledge",
            "Onthaaltraject met een key user voor nieuwe collega's",
            "Personeel & Organisatie",
            "in_progress",
        ),
        (
            1,
            "department",
            MOTIVATION_DEPARTMENT,
            "motivation",
            "Leidinggevenden tonen hoe zij Kompas gebruiken",
            "Communicatie",
            "in_progress",
        ),
    ]
    rows = []
    for index, (number, segment_by, value, barrier, title, owner, status) in enumerate(planned):
        opened = db.execute("SELECT opens_on FROM waves WHERE id = ?", [ids[number]]).fetchone()
        due = dt.date.fromisoformat(opened[0]) + dt.timedelta(days=13)
        rows.append(
            {
                "survey_id": survey_id,
                "segment_by": segment_by,
                "segment_value": value,
                "barrier": barrier,
                "title": title,
                "owner": owner,
                "due_on": due.isoformat(),
                "status": status,
                "created_wave_id": ids[number],
                "created_on": opened[0],
                **(PUBLISHED if index == 0 else UNPUBLISHED),
                **({"published_on": due.isoformat()} if index == 0 else {}),
            }
        )
    with db.atomic():
        db.table("actions").insert_all(rows)
    return len(rows)
