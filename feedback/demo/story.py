"""The story the demo's answers tell: a latent readiness model shifted by segment and wave.

Each person has a motivation and a knowledge level; segments shift them the way a change
manager would recognise: Financiën does not see the point (awareness/desire), the Werkplaats
cannot get at Kompas (ability) until tablets and single sign-on arrive, newcomers do not yet
know how (knowledge), and Communicatie and the key users carry the message.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from feedback.demo.roster import ACCESS_SITE, ENTHUSIAST_DEPARTMENT, MOTIVATION_DEPARTMENT
from feedback.domain import TENURE_BANDS
from feedback.segments import tenure_band

WAVE_DAYS = 12
WAVE_GAP_DAYS = 14
OPEN_WAVE_AGE_DAYS = 4  # the latest wave opened this many days ago and is still open
ACCESS_GAP = 1.6  # ability lost at the access site before the fix
ENTHUSIAST_ROLES = ("key_user", "editor", "communication")
TEAM_LEAD_MEAN = {MOTIVATION_DEPARTMENT: 2.5, ENTHUSIAST_DEPARTMENT: 4.0}

LIKERT_ITEMS = {
    "awareness_why": ("awareness", 0.1),
    "awareness_goal": ("awareness", -0.1),
    "desire_want": ("desire", 0.1),
    "desire_value": ("desire", -0.1),
    "knowledge_how": ("knowledge", 0.15),
    "knowledge_where": ("knowledge", -0.15),
    "ability_daily": ("ability", 0.0),
    "ability_access": ("ability", 0.0),
    "reinforcement_manager": ("reinforcement", 0.0),
    "reinforcement_team": ("reinforcement", 0.0),
}


@dataclass(frozen=True)
class WavePlan:
    number: int
    opens_on: dt.date
    closes_on: dt.date
    status: str


@dataclass(frozen=True)
class Traits:
    motivation: float
    knowledge: float
    engagement: float  # how readily someone answers a survey at all


def wave_plan(today: dt.date, waves: int) -> list[WavePlan]:
    """Waves two weeks apart; the last opened a few days ago and closes after today."""
    plans = []
    for number in range(1, waves + 1):
        age = WAVE_GAP_DAYS * (waves - number) + OPEN_WAVE_AGE_DAYS
        opens = today - dt.timedelta(days=age)
        closes = opens + dt.timedelta(days=WAVE_DAYS - 1)
        plans.append(WavePlan(number, opens, closes, "open" if number == waves else "closed"))
    return plans


def fix_wave(waves: int) -> int | None:
    """The wave in which tablets and single sign-on reach the access site."""
    return waves // 2 + 1 if waves >= 2 else None


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


class Story:
    """Answers and comment themes for one person in one wave, from the seeded latent model."""

    def __init__(self, seed: int, people: list[dict], waves: int) -> None:
        rng = random.Random(f"{seed}:traits")
        self.traits = {
            p["id"]: Traits(rng.gauss(0, 0.55), rng.gauss(0, 0.55), rng.gauss(0, 0.6))
            for p in people
        }
        teams = sorted({(p["department"], p["team"]) for p in people})
        self.team_lead = {t: rng.gauss(TEAM_LEAD_MEAN.get(t[0], 3.25), 0.4) for t in teams}
        self.fix = fix_wave(waves)

    def access_gap(self, person: dict, wave: int) -> float:
        if person["location"] != ACCESS_SITE:
            return 0.0
        if self.fix is None or wave < self.fix:
            return ACCESS_GAP
        return 0.6 if wave == self.fix else 0.2

    def is_enthusiast(self, person: dict) -> bool:
        return person["department"] == ENTHUSIAST_DEPARTMENT or person["role"] in ENTHUSIAST_ROLES

    def propensity(self, person: dict, wave: int) -> float:
        """A relative weight for answering this wave (not a probability)."""
        weight = math.exp(self.traits[person["id"]].engagement)
        if person["role"] == "manager" or self.is_enthusiast(person):
            weight *= 1.4
        return weight * (0.75 if self.access_gap(person, wave) > 1 else 1.0)

    def dimension_means(self, person: dict, wave: int, on: dt.date) -> dict[str, float]:
        t = self.traits[person["id"]]
        finance = person["department"] == MOTIVATION_DEPARTMENT
        progress = (0.06 if finance else 0.12) * (wave - 1)
        mot, kno = 3.5 + t.motivation + progress, 3.55 + t.knowledge + progress
        lead = self.team_lead[(person["department"], person["team"])]
        means = {
            "awareness": mot + 0.15,
            "desire": mot,
            "knowledge": kno,
            "ability": kno + 0.1,
            "reinforcement": lead + 0.25 * t.motivation + progress,
        }
        shifts: list[tuple[str, float]] = []
        if finance:
            shifts += [("awareness", -0.8), ("desire", -1.2)]
        gap = self.access_gap(person, wave)
        shifts += [("ability", -gap), ("desire", -0.15 * gap)]
        if tenure_band(person["start_date"], on) == TENURE_BANDS[0]:
            shifts += [("knowledge", -1.3), ("ability", -0.5), ("awareness", -0.3)]
        if self.is_enthusiast(person):
            shifts += [("awareness", 0.6), ("desire", 0.9), ("knowledge", 0.8), ("ability", 0.5)]
        if person["role"] == "manager":
            shifts += [("awareness", 0.3), ("reinforcement", 0.2)]
        if person["department"] == "ICT":
            shifts += [("knowledge", 0.4), ("ability", 0.3)]
        for dimension, delta in shifts:
            means[dimension] += delta
        return means

    def answers(
        self, person: dict, wave: int, on: dt.date, rng: random.Random
    ) -> tuple[dict[str, int], dict[str, float]]:
        """Item values by item key, and the realised mean per dimension."""
        means = self.dimension_means(person, wave, on)
        gap = self.access_gap(person, wave)
        values: dict[str, int] = {}
        for key, (dimension, offset) in LIKERT_ITEMS.items():
            if key == "ability_access":
                offset -= 0.35 * gap
            elif key == "ability_daily":
                offset += 0.35 * gap
            values[key] = _clip(means[dimension] + offset + rng.gauss(0, 0.6), 1, 5)
        realised = {
            dim: sum(values[k] for k, (d, _) in LIKERT_ITEMS.items() if d == dim) / 2
            for dim in means
        }
        working = (realised["knowledge"] + realised["ability"] + realised["desire"]) / 3
        values["scaling"] = _clip((working - 1) * 2.5 + rng.gauss(0, 0.9), 0, 10)
        pull = 0.55 * realised["desire"] + 0.25 * realised["awareness"] + 0.2 * realised["ability"]
        values["advocacy"] = _clip((pull - 1) * 2.5 + 0.6 + rng.gauss(0, 1.2), 0, 10)
        return values, realised

    def tags(self, person: dict, on: dt.date) -> tuple[str, ...]:
        """The segments whose own phrasings this person may use."""
        newcomer = tenure_band(person["start_date"], on) == TENURE_BANDS[0]
        return (person["department"], person["location"]) + (("newcomer",) if newcomer else ())

    def comment_theme(
        self, person: dict, wave: int, on: dt.date, realised: dict[str, float], rng: random.Random
    ) -> str | None:
        """What this respondent writes about, or None when they leave the text empty.

        Mostly their own weakest point; the segment's culture tips the balance (Financiën
        talks about the point of it all, newcomers about finding their way).
        """
        motivation = (realised["awareness"] + realised["desire"]) / 2
        overall = sum(realised.values()) / len(realised)
        gap = self.access_gap(person, wave)
        tags = self.tags(person, on)
        fixed = person["location"] == ACCESS_SITE and gap < 1
        weights = {
            "motivation": 0.1
            + 3.0 * max(0.0, 3.6 - motivation) ** 1.2
            + 0.8 * (MOTIVATION_DEPARTMENT in tags),
            "knowledge": 0.1
            + 3.0 * max(0.0, 3.6 - realised["knowledge"]) ** 1.2
            + 0.8 * ("newcomer" in tags),
            "access": 0.04 + 3.0 * gap / ACCESS_GAP,
            "praise": 0.1 + 1.5 * max(0.0, overall - 3.4),
            "suggestion": 0.1 + max(0.0, overall - 3.4) + 0.6 * self.is_enthusiast(person),
            "fixed": 1.6 if fixed else 0.0,
        }
        strained = min(motivation, realised["knowledge"]) < 2.8 or gap > 1
        chance = 0.46 + 0.12 * strained + 0.12 * self.is_enthusiast(person)
        if rng.random() >= chance:
            return None
        return rng.choices(list(weights), list(weights.values()))[0]
