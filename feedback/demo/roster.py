"""The roster of Stad Rivierenburg, a Flemish municipality rolling out Kompas (seeded)."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from feedback.demo.names import EN_FIRST, EN_LAST, NL_FIRST, NL_LAST

DOMAIN = "rivierenburg.example"
ACCESS_SITE = "Werkplaats"
MOTIVATION_DEPARTMENT = "Financiën"
ENTHUSIAST_DEPARTMENT = "Communicatie"


@dataclass(frozen=True)
class Department:
    name: str
    share: int  # people per 600
    teams: tuple[str, ...]
    locations: tuple[tuple[str, float], ...]
    english: float  # share of English speakers


DEPARTMENTS = (
    Department(
        "Burgerzaken",
        70,
        ("Loket & Onthaal", "Bevolking", "Burgerlijke Stand"),
        (("Stadhuis", 1.0),),
        0.12,
    ),
    Department(
        "Financiën",
        45,
        ("Boekhouding", "Aankoop", "Budget & Controle"),
        (("Administratief Centrum", 1.0),),
        0.25,
    ),
    Department(
        "Personeel & Organisatie",
        35,
        ("Personeelsadministratie", "Rekrutering", "Vorming"),
        (("Administratief Centrum", 1.0),),
        0.2,
    ),
    Department(
        "ICT",
        30,
        ("Servicedesk", "Infrastructuur", "Toepassingen"),
        (("Administratief Centrum", 1.0),),
        0.45,
    ),
    Department(
        "Communicatie",
        20,
        ("Redactie", "Digitale Communicatie", "Evenementen"),
        (("Stadhuis", 1.0),),
        0.25,
    ),
    Department(
        "Stedenbouw",
        40,
        ("Omgevingsvergunningen", "Ruimtelijke Planning", "Wonen"),
        (("Administratief Centrum", 1.0),),
        0.2,
    ),
    Department(
        "Groendienst",
        80,
        ("Parken", "Begraafplaatsen", "Natuurbeheer", "Straatbomen"),
        ((ACCESS_SITE, 0.9), ("Stadhuis", 0.1)),
        0.15,
    ),
    Department(
        "Welzijn",
        85,
        ("Sociale Dienst", "Thuiszorg", "Kinderopvang", "Seniorenwerking"),
        (("Sociaal Huis", 1.0),),
        0.2,
    ),
    Department(
        "Facilitair",
        75,
        ("Schoonmaak", "Gebouwenbeheer", "Logistiek", "Onthaal & Catering"),
        ((ACCESS_SITE, 0.55), ("Stadhuis", 0.2), ("Administratief Centrum", 0.25)),
        0.3,
    ),
    Department(
        "Openbare Werken",
        70,
        ("Wegenwerken", "Riolering", "Signalisatie", "Wagenpark"),
        ((ACCESS_SITE, 1.0),),
        0.15,
    ),
    Department(
        "Cultuur & Vrije Tijd",
        50,
        ("Bibliotheek", "Sport", "Jeugd", "Cultuurcentrum"),
        (("Bibliotheek", 0.6), ("Stadhuis", 0.4)),
        0.25,
    ),
)

# Share of staff by tenure: (share, shortest and longest time since starting, in days).
TENURE_MIX = ((0.14, 10, 200), (0.18, 200, 720), (0.25, 730, 1820), (0.43, 1830, 12_000))


def department_sizes(total: int) -> dict[str, int]:
    """Split `total` over the departments by share; Communicatie keeps at least two people."""
    minimum = {d.name: 2 if d.name == ENTHUSIAST_DEPARTMENT else 1 for d in DEPARTMENTS}
    rest = total - sum(minimum.values())
    whole = sum(d.share for d in DEPARTMENTS)
    exact = {d.name: rest * d.share / whole for d in DEPARTMENTS}
    sizes = {name: minimum[name] + int(exact[name]) for name in minimum}
    by_remainder = sorted(exact, key=lambda n: exact[n] - int(exact[n]), reverse=True)
    for name in by_remainder[: total - sum(sizes.values())]:
        sizes[name] += 1
    return sizes


def build_roster(rng: random.Random, total: int, today: dt.date) -> list[dict]:
    """People rows (without ids), managers first in each team."""
    people: list[dict] = []
    emails: set[str] = set()
    for dept, size in zip(DEPARTMENTS, department_sizes(total).values(), strict=True):
        teams = dept.teams[: min(len(dept.teams), max(1, size // 6))]
        members = [teams[i % len(teams)] for i in range(size)]
        for team in teams:
            team_people = [
                _person(rng, dept, team, today, emails, is_manager=i == 0)
                for i in range(members.count(team))
            ]
            for person in team_people[1:]:
                person["manager_email"] = team_people[0]["email"]
            people.extend(team_people)
    _assign_special_roles(rng, people)
    return people


def _person(
    rng: random.Random,
    dept: Department,
    team: str,
    today: dt.date,
    emails: set[str],
    is_manager: bool,
) -> dict:
    language = "en" if rng.random() < dept.english else "nl"
    first, last = (EN_FIRST, EN_LAST) if language == "en" else (NL_FIRST, NL_LAST)
    first_name, last_name = rng.choice(first), rng.choice(last)
    places, weights = zip(*dept.locations, strict=True)
    return {
        "email": _unique_email(first_name, last_name, emails),
        "name": f"{first_name} {last_name}",
        "department": dept.name,
        "team": team,
        "location": rng.choices(places, weights)[0],
        "role": "manager" if is_manager else "employee",
        "manager_email": None,
        "start_date": _start_date(rng, today, is_manager).isoformat(),
        "language": language,
        "active": 1,
    }


def _start_date(rng: random.Random, today: dt.date, is_manager: bool) -> dt.date:
    mix = TENURE_MIX[2:] if is_manager else TENURE_MIX
    shares, spans = [m[0] for m in mix], [m[1:] for m in mix]
    low, high = rng.choices(spans, shares)[0]
    return today - dt.timedelta(days=rng.randint(low, high))


def _unique_email(first: str, last: str, taken: set[str]) -> str:
    base = f"{_slug(first)}.{_slug(last)}"
    email, n = f"{base}@{DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{base}{n}@{DOMAIN}"
    taken.add(email)
    return email


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def _assign_special_roles(rng: random.Random, people: list[dict]) -> None:
    """Communicatie staff, then a few key users and editors spread over the organisation."""
    staff = [p for p in people if p["role"] == "employee"]
    for p in staff:
        if p["department"] == ENTHUSIAST_DEPARTMENT:
            p["role"] = "communication"
    others = [p for p in staff if p["role"] == "employee"]
    rng.shuffle(others)
    key_users = max(1, round(len(people) * 0.04))
    editors = max(1, round(len(people) * 0.025))
    for p in others[:key_users]:
        p["role"] = "key_user"
    for p in others[key_users : key_users + editors]:
        p["role"] = "editor"
