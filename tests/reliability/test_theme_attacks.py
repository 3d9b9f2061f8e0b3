"""The curious reader against the comment explorer's themes: theme counts are released under
the same rules as the comments, so no two selections' theme counts subtract to a person.

The organisation is built so that subtraction would work if themes were counted carelessly:
Sales 12 (11 in Gent, one Remote), Support 12 (Remote); the one Remote person in Sales writes
the only comment about logging in among Sales, so Remote minus Support, or everyone minus
Gent minus Support, is that one person's theme.
"""

from __future__ import annotations

import html
import re
from itertools import combinations

import pytest

from tests.reliability.attacker import Release, exposed, reader_for
from tests.reliability.conftest import fresh_app
from tests.reliability.orgs import Answers, Member, build_org, score_comments

pytestmark = pytest.mark.attack

THEME = re.compile(r'<span class="badge border text-bg-light theme">([^<]*?) · (\d+)</span>')
BRIDGE = "sales11@example.org"


def remark(i: int) -> str:
    if i == 11 or i >= 12 and i % 2:
        return f"Remark {i:02d}: I cannot log in to the intranet, my password is refused again"
    return f"Remark {i:02d}: I don't see the point of the intranet, email works fine"


def person(i: int) -> tuple[Member, Answers]:
    """Sales 0-11 (11 in Remote, the others in Gent), then Support 12-23 (Remote)."""
    department, team = ("Sales", "S") if i < 12 else ("Support", "T")
    location = "Gent" if i < 11 else "Remote"
    email = f"{department.lower()}{i % 12:02d}@example.org"
    return Member(email, department, team, location=location), Answers(comment=remark(i))


@pytest.fixture(scope="module")
def themed(tmp_path_factory):
    app = fresh_app(tmp_path_factory.mktemp("themes"))
    people = [person(i) for i in range(24)]
    org = build_org(app, people, k=5, k_comments=10)
    score_comments(app)
    reader = reader_for(app, org, "admin")
    seen: dict = {}
    for flt in [None, *reader.all_filters()]:
        response = reader.client.get("/dashboard/comments", query_string=reader._args(filter=flt))
        if response.status_code == 200:
            counts = {
                html.unescape(t): int(n) for t, n in THEME.findall(response.get_data(as_text=True))
            }
            seen[reader._definition(flt)] = counts
    return org, seen


def test_every_shown_theme_holds_at_least_k_comments(themed):
    org, seen = themed
    assert seen, "no selection shows themes"
    assert any(seen.values()), "everyone's comments show no theme"
    small = [
        (str(d), t, n)
        for d, counts in seen.items()
        for t, n in counts.items()
        if n < org.k_comments
    ]
    assert not small, small


def test_two_selections_theme_counts_never_subtract_to_a_small_group(themed):
    org, seen = themed
    leaks = []
    for (a, ca), (b, cb) in combinations(seen.items(), 2):
        ma, mb = a.members(org.roster), b.members(org.roster)
        for theme in set(ca) | set(cb):
            difference = ca.get(theme, 0) - cb.get(theme, 0)
            apart = len(ma ^ mb)
            if difference and apart < org.k_comments:
                leaks.append(f"[{a}] - [{b}] on {theme!r}: {difference} over {apart} people")
    assert not leaks, "\n".join(leaks[:8])


def test_theme_counts_never_solve_for_a_person(themed):
    org, seen = themed
    names = sorted({t for counts in seen.values() for t in counts})
    groups = {}
    for definition, counts in seen.items():
        members = definition.members(org.roster)
        sums = tuple((t, float(counts.get(t, 0))) for t in names)
        groups.setdefault(members, Release(definition, len(members), sums, "themes"))
    solved = exposed(groups, org.respondents)
    assert BRIDGE not in solved and not solved, solved


def test_the_attack_has_themes_to_compare(themed):
    _org, seen = themed
    assert sum(1 for counts in seen.values() if counts) >= 3, seen
