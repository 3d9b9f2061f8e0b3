"""Organisations for the attack suite: a roster the attacker knows, answers only the test knows.

Everything is made the way an organisation gets its data: roster rows and invitations through
tests/factories.py, answers posted to the respondent's own link (/s/<token>), the wave closed
with the `close-wave` command. The attacker (tests/reliability/attacker.py) is handed the
roster (`Org.roster`) and nothing else; `Org.truth` is the oracle the tests compare a
recovered figure with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from feedback.db import open_database
from tests.factories import invite, make_person, make_survey, make_wave

DIMENSIONS = ("awareness", "desire", "knowledge", "ability", "reinforcement")
MEASURES = (*DIMENSIONS, "scaling", "advocacy")
SEGMENTS = ("department", "team", "location", "role", "tenure_band", "language")
# Days before today someone in each tenure band started (far from the bands' edges).
TENURE_START = {
    "< 6 months": 60,
    "6-24 months": 400,
    "2-5 years": 1300,
    "5+ years": 3000,
    "unknown": None,
}


@dataclass(frozen=True)
class Member:
    """One roster row as the attacker knows it: e-mail and segments."""

    email: str
    department: str
    team: str
    location: str = "Gent"
    role: str = "employee"
    tenure_band: str = "2-5 years"
    language: str = "en"

    def segment(self, name: str) -> str:
        return str(getattr(self, name))


@dataclass(frozen=True)
class Answers:
    """What one person answers: one Likert value per dimension (on each of its items), the two
    0-10 scales, and an optional comment."""

    likert: tuple[int, int, int, int, int] = (3, 3, 3, 3, 3)
    scaling: int = 5
    advocacy: int = 5
    comment: str = ""

    def measure(self, name: str) -> float:
        if name in DIMENSIONS:
            return float(self.likert[DIMENSIONS.index(name)])
        return float(getattr(self, name))


@dataclass
class Org:
    survey_id: int
    wave_id: int
    k: int
    k_comments: int
    roster: list[Member]
    tokens: dict[str, str] = field(default_factory=dict)  # unused links, by e-mail
    truth: dict[str, Answers] = field(default_factory=dict)  # who answered what (oracle)
    items: list[dict[str, Any]] = field(default_factory=list, repr=False)  # to post answers

    @property
    def respondents(self) -> list[str]:
        return sorted(self.truth)

    def member(self, email: str) -> Member:
        return next(m for m in self.roster if m.email == email)


def build_org(
    app: Flask,
    people: list[tuple[Member, Answers | None]],
    k: int = 5,
    k_comments: int = 10,
    close: bool = True,
    prepare: bool = True,
) -> Org:
    """The roster, one open wave, everyone with Answers answering through their link; the
    wave prepared (`prepare_wave`) and closed afterwards unless `prepare`/`close` is False
    (None = invited, has not answered)."""
    db = open_database(app)
    try:
        survey_id = make_survey(db, k_scores=k, k_comments=k_comments)
        wave_id = make_wave(db, survey_id)
        org = Org(survey_id, wave_id, k, k_comments, [m for m, _a in people])
        for member, _answers in people:
            days = TENURE_START[member.tenure_band]
            start = None if days is None else (dt.date.today() - dt.timedelta(days=days))
            person = make_person(
                db,
                email=member.email,
                department=member.department,
                team=member.team,
                location=member.location,
                role=member.role,
                start_date=start.isoformat() if start else None,
                language=member.language,
            )
            org.tokens[member.email] = invite(db, wave_id, person)
        org.items = list(
            db.query("SELECT * FROM items WHERE survey_id = ? ORDER BY position", [survey_id])
        )
    finally:
        db.conn.close()
    # Everyone answers, then the wave is prepared once (as `tick` would): the reader model
    # counts every answer as released; later answers are prepared as they come.
    app.config["PREPARE_ON_SUBMIT"] = False
    try:
        for member, answers in people:
            if answers is not None:
                respond(app, org, member.email, answers)
    finally:
        app.config["PREPARE_ON_SUBMIT"] = True
    if prepare:
        prepare_wave(app)
    if close:
        close_wave(app, org)
    return org


def form_data(items: list[dict[str, Any]], answers: Answers) -> dict[str, str]:
    """The respondent form's fields for `answers` (q<item id> = value)."""
    data = {}
    for item in items:
        name = f"q{item['id']}"
        if item["kind"] == "likert":
            data[name] = str(answers.likert[DIMENSIONS.index(item["dimension"])])
        elif item["key"] in ("scaling", "advocacy"):
            data[name] = str(getattr(answers, item["key"]))
        elif item["key"] == "comment" and answers.comment:
            data[name] = answers.comment
    return data


def respond(
    app: Flask, org: Org, email: str, answers: Answers, ambassador: str | None = None
) -> None:
    """`email` answers through their own link, as a respondent's browser would; with
    `ambassador` (a name) they also sign up as an ambassador."""
    token = org.tokens.pop(email)
    data = form_data(org.items, answers)
    if ambassador:
        data |= {"amb_name": ambassador, "amb_email": email, "amb_consent": "y"}
    response = app.test_client().post(f"/s/{token}?lang=en", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    org.truth[email] = answers


def prepare_wave(app: Flask) -> None:
    """What `tick` does: the waves' snapshots and releases, once, for every answer so far."""
    refreshed = app.test_cli_runner().invoke(args=["analytics-refresh"])
    assert refreshed.exit_code == 0, refreshed.output


def close_wave(app: Flask, org: Org) -> None:
    result = app.test_cli_runner().invoke(args=["close-wave", str(org.wave_id)])
    assert result.exit_code == 0, result.output


def score_comments(app: Flask) -> None:
    """Score the comments just posted with the `rescore` command (the background scorer may
    be at it too; both give the same labels), so the comment explorer's concept counts are
    in place before anyone reads."""
    result = app.test_cli_runner().invoke(args=["rescore"])
    assert result.exit_code == 0, result.output
