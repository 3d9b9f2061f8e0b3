"""Load the demo organisation: roster, survey, waves, invitations and answers, one wave at a time.

Responses go in directly (not through the respondent form) so 600 people and four waves load in
a few seconds; the rows follow the core schema exactly: a segment snapshot and a date, no time,
no token, no person. Ambassador contacts get random keys and are inserted after a wave's
responses, in shuffled order, so nothing links them to an answer.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import sqlite_utils

from feedback.admin.rotation import assign_items
from feedback.analytics.refresh import prepare_waves
from feedback.demo.actions import log_story_actions
from feedback.demo.comments import compose
from feedback.demo.roster import build_roster
from feedback.demo.story import Story, WavePlan, wave_plan
from feedback.invitations import issue_invitations
from feedback.scoring.store import score_pending
from feedback.segments import tenure_band
from feedback.survey_template import create_survey_from_template

SURVEY_NAME = "Kompas adoption pulse"
TOOL = "Kompas"
STEP_UP_THEMES = ("motivation", "knowledge", "access", "suggestion")


@dataclass
class LoadSummary:
    people: int = 0
    departments: int = 0
    waves: int = 0
    responses: int = 0
    comments: int = 0
    ambassadors: int = 0


def is_empty(db: sqlite_utils.Database) -> bool:
    """No survey and no roster yet: the only state the demo loads into."""
    return db.table("surveys").count == 0 and db.table("people").count == 0


def load_demo(
    db: sqlite_utils.Database, people: int, waves: int, seed: int, today: dt.date
) -> LoadSummary:
    roster = build_roster(random.Random(f"{seed}:roster"), people, today)
    names = {p["email"]: p.pop("name") for p in roster}
    with db.atomic():
        db.table("people").insert_all(roster)
    persons = list(db.query("SELECT * FROM people ORDER BY id"))
    survey_id = create_survey_from_template(db, SURVEY_NAME, TOOL, cadence_weeks=2)
    survey = db.table("surveys").get(survey_id)
    items = {
        r["key"]: r["id"]
        for r in db.query("SELECT id, key FROM items WHERE survey_id = ?", [survey_id])
    }
    story = Story(seed, persons, waves)
    summary = LoadSummary(people=len(persons), departments=len({p["department"] for p in persons}))
    contacted: set[int] = set()
    for plan in wave_plan(today, waves):
        loader = _WaveLoader(
            db, survey, items, story, plan, random.Random(f"{seed}:wave:{plan.number}")
        )
        # Random ids as a real wave's, yet the same for the same seed (a draw of their own,
        # so the story's draws stay as they were).
        loader.id_rng = random.Random(f"{seed}:ids:{plan.number}")
        loader.load(persons, names, contacted, today, summary)
    log_story_actions(db, survey_id, waves)
    score_pending(db)
    prepare_waves(db)
    return summary


@dataclass
class _Rows:
    responses: list[dict] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    opted_in: list[dict] = field(default_factory=list)


class _WaveLoader:
    """Inserts one wave: its row, invitations, then every answer in a single transaction."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        survey: dict,
        items: dict[str, int],
        story: Story,
        plan: WavePlan,
        rng: random.Random,
    ) -> None:
        self.db, self.survey, self.items, self.story = db, survey, items, story
        self.plan, self.rng = plan, rng
        self.taken: dict[str, set[int]] = {}
        self.id_rng = random.Random()
        self.asked: set[int] = set()

    def load(
        self,
        persons: list[dict],
        names: dict[str, str],
        contacted: set[int],
        today: dt.date,
        summary: LoadSummary,
    ) -> None:
        wave_id = self._insert_wave()
        # The wave's rotated item set, as for a wave opened in the app: the same for everyone.
        self.asked = set(assign_items(self.db, wave_id))
        invited = [p for p in persons if p["start_date"] <= self.plan.opens_on.isoformat()]
        issue_invitations(self.db, wave_id, [p["id"] for p in invited])
        chosen = self._respondents(invited)
        last_day = min(self.plan.closes_on, today)
        dated = sorted(((self._day(last_day), self.rng.random(), p) for p in chosen), key=_by_day)
        rows = self._answer_all(wave_id, [(day, person) for day, _, person in dated])
        new_contacts = [p for p in rows.opted_in if p["id"] not in contacted]
        contacted.update(p["id"] for p in new_contacts)
        contacts = [self._contact(p, names) for p in new_contacts]
        self.rng.shuffle(contacts)
        with self.db.atomic():
            self.db.table("responses").insert_all(rows.responses)
            self.db.table("answers").insert_all(rows.answers)
            self.db.table("comments").insert_all(rows.comments)
            self._mark_invitations(wave_id, [p["id"] for p in chosen])
            self.db.table("ambassadors").insert_all(contacts)
        summary.waves += 1
        summary.responses += len(rows.responses)
        summary.comments += len(rows.comments)
        summary.ambassadors += len(contacts)

    def _answer_all(self, wave_id: int, dated: list[tuple[dt.date, dict]]) -> _Rows:
        """Rows for every respondent, under random ids (feedback.rowids), as a real wave's."""
        rows = _Rows()
        for day, person in dated:
            response_id = self._fresh_id("responses")
            values, realised = self.story.answers(person, self.plan.number, day, self.rng)
            opt_in = (
                values["advocacy"] >= 9 and realised["desire"] >= 4.5 and self.rng.random() < 0.4
            )
            rows.responses.append(_response_row(response_id, wave_id, day, person, opt_in))
            rows.answers += [
                {"response_id": response_id, "item_id": self.items[k], "value": v}
                for k, v in values.items()
                if self.items[k] in self.asked
            ]
            rows.comments += self._comments(response_id, wave_id, person, day, realised)
            if opt_in:
                rows.opted_in.append(person)
        return rows

    def _fresh_id(self, table: str) -> int:
        """A random id not yet taken in `table` (nor drawn for this wave)."""
        taken = self.taken.setdefault(table, set())
        while True:
            row_id = self.id_rng.getrandbits(62) + 1  # as feedback.rowids.random_id
            if row_id in taken:
                continue
            if not self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone():
                taken.add(row_id)
                return row_id

    def _insert_wave(self) -> int:
        row = {
            "survey_id": self.survey["id"],
            "number": self.plan.number,
            "opens_on": self.plan.opens_on.isoformat(),
            "closes_on": self.plan.closes_on.isoformat(),
            "status": self.plan.status,
            "k_scores": self.survey["k_scores"],
            "k_comments": self.survey["k_comments"],
        }
        with self.db.atomic():
            return int(self.db.table("waves").insert(row).last_pk or 0)

    def _respondents(self, invited: list[dict]) -> list[dict]:
        """Exactly the wave's response rate, drawn by propensity (Efraimidis-Spirakis)."""
        low, high = (0.61, 0.66) if self.plan.status == "open" else (0.64, 0.78)
        count = round(self.rng.uniform(low, high) * len(invited))
        keyed = [
            (self.rng.random() ** (1 / self.story.propensity(p, self.plan.number)), p)
            for p in invited
        ]
        keyed.sort(key=lambda pair: pair[0], reverse=True)
        return [p for _, p in keyed[:count]]

    def _day(self, last_day: dt.date) -> dt.date:
        """Most answer on the day the link arrives; a reminder brings a second bump."""
        days = (last_day - self.plan.opens_on).days + 1
        weights = [0.6**d + (0.5 if d == 5 else 0.0) + 0.05 for d in range(days)]
        offset = self.rng.choices(range(days), weights)[0]
        return self.plan.opens_on + dt.timedelta(days=offset)

    def _comments(
        self, response_id: int, wave_id: int, person: dict, day: dt.date, realised: dict[str, float]
    ) -> list[dict]:
        theme = self.story.comment_theme(person, self.plan.number, day, realised, self.rng)
        if theme is None:
            return []
        step_up_chance = 0.85 if theme in STEP_UP_THEMES else 0.55
        key = "step_up" if self.rng.random() < step_up_chance else "comment"
        found = [(key, theme)]
        if key == "step_up" and self.rng.random() < 0.12:
            found.append(("comment", "remark"))
        language, tags = person["language"], self.story.tags(person, day)
        return [
            {
                "id": self._fresh_id("comments"),
                "response_id": response_id,
                "wave_id": wave_id,
                "item_id": self.items[item_key],
                "text": compose(about, language, self.rng, tags),
            }
            for item_key, about in found
        ]

    def _mark_invitations(self, wave_id: int, respondent_ids: list[int]) -> None:
        self.db.execute("UPDATE invitations SET invited = 1 WHERE wave_id = ?", [wave_id])
        self.db.conn.executemany(
            "UPDATE invitations SET used = 1 WHERE wave_id = ? AND person_id = ?",
            [(wave_id, pid) for pid in respondent_ids],
        )
        if self.plan.status == "closed":
            self.db.execute(
                "UPDATE invitations SET reminders = 1 WHERE wave_id = ? AND used = 0", [wave_id]
            )

    def _contact(self, person: dict, names: dict[str, str]) -> dict:
        return {
            "id": f"{self.rng.getrandbits(128):032x}",
            "survey_id": self.survey["id"],
            "name": names[person["email"]],
            "email": person["email"],
            "language": person["language"],
            "consent": 1,
        }


def _by_day(entry: tuple) -> tuple:
    return entry[0], entry[1]


def _response_row(response_id: int, wave_id: int, day: dt.date, person: dict, opt_in: bool) -> dict:
    return {
        "id": response_id,
        "wave_id": wave_id,
        "submitted_on": day.isoformat(),
        "department": person["department"],
        "team": person["team"],
        "location": person["location"],
        "role": person["role"],
        "tenure_band": tenure_band(person["start_date"], day),
        "language": person["language"],
        "ambassador_opt_in": int(opt_in),
    }
