"""Reconstruction attack: everything a role may read, as one linear system over the respondents.

Hypothesis builds small organisations with random segments and answers; everyone answers and
the wave closes. The Reader (tests/reliability/attacker.py) requests every breakdown with no
filter and with every single filter (offered by the dashboard or not) from the exports, the
API, the `results` command and the heatmap page, and keeps each released group. A release is a
linear equation: the group's sum of answers (mean x n). No respondent's own answer, and no
group of 1..k-1 people, may be a linear combination of them; no two released groups may differ
by 1..k-1 people (docs/confidentiality.md).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.reliability.attacker import (
    Definition,
    Harvest,
    Release,
    explain,
    exposed,
    reader_for,
    recover,
    small_differences,
    solved_small_groups,
)
from tests.reliability.conftest import fresh_app
from tests.reliability.orgs import MEASURES, TENURE_START, Answers, Member, Org, build_org

pytestmark = pytest.mark.attack

ROLES = ("employee", "manager", "key_user", "editor", "communication")
LOCATIONS = ("Gent", "Brussel", "Remote")
TENURES = tuple(TENURE_START)

answers = st.builds(
    Answers,
    likert=st.tuples(*[st.integers(1, 5)] * 5),
    scaling=st.integers(0, 10),
    advocacy=st.integers(0, 10),
)


@st.composite
def organisations(draw) -> tuple[list[tuple[Member, Answers]], int]:
    """15-60 people in 2-5 departments of 1-3 teams, with skewed segment mixes."""
    departments = draw(st.integers(2, 5))
    teams = [draw(st.integers(1, 3)) for _ in range(departments)]
    locations = LOCATIONS[: draw(st.integers(1, 3))]
    roles = ROLES[: draw(st.integers(1, 5))]
    tenures = TENURES[: draw(st.integers(1, 5))]
    size = draw(st.integers(15, 60))
    people = []
    for i in range(size):
        d = draw(st.integers(0, departments - 1))
        member = Member(
            email=f"p{i:02d}@example.org",
            department=f"Dept{d}",
            team=f"Team{draw(st.integers(0, teams[d] - 1))}",
            location=draw(st.sampled_from(locations)),
            role=draw(st.sampled_from(roles)),
            tenure_band=draw(st.sampled_from(tenures)),
            language=draw(st.sampled_from(("nl", "en"))),
        )
        people.append((member, draw(answers)))
    return people, draw(st.integers(3, 5))


def _people(prefix: str, n: int, answers: Answers, **segments) -> list[tuple[Member, Answers]]:
    return [(Member(f"{prefix}{i:02d}@example.org", **segments), answers) for i in range(n)]


# Known leaks, tried first: a manager who is the difference between a team and its employees;
# one Remote person in Sales, who is Sales minus Gent.
TEAM_AND_ITS_EMPLOYEES = (
    _people("a", 5, Answers((4,) * 5, 7, 8), department="Ops", team="A")
    + _people(
        "boss", 1, Answers((1, 5, 1, 5, 1), 0, 10), department="Ops", team="A", role="manager"
    )
    + _people("b", 6, Answers((3,) * 5, 6, 7), department="Ops", team="B")
    + _people("c", 5, Answers((2,) * 5, 4, 5), department="Ops", team="C", role="manager"),
    5,
)
ONE_REMOTE_IN_SALES = (
    _people("gent", 11, Answers((4,) * 5, 8, 9), department="Sales", team="S")
    + _people("bridge", 1, Answers((1,) * 5, 0, 0), department="Sales", team="S", location="Remote")
    + _people(
        "remote", 12, Answers((3,) * 5, 5, 6), department="Support", team="T", location="Remote"
    ),
    5,
)


def check_reader_model(harvest: Harvest, org: Org) -> None:
    """The Reader's own sanity: each released n is its definition's size in the roster, and
    each recovered sum is the true sum up to the rounding of a mean (2 decimals; a page's
    0-10 scales show 1)."""
    for release in harvest.releases:
        digits = 0.1 if "heatmap" in release.source else 0.006  # rounded twice on the page
        members = release.definition.members(org.roster)
        assert len(members) == release.n, (
            f"{release} is released with n={release.n}, but its definition holds "
            f"{len(members)} people: a group released under a wrong name"
        )
        for measure, value in release.sums:
            if measure in MEASURES:
                true = sum(org.truth[p].measure(measure) for p in members)
                assert abs(true - value) <= digits * release.n + 1e-6, (release, measure)


def recoverable(harvest: Harvest, org: Org) -> list[str]:
    """(a) respondents, and groups of 2..k-1 made by two releases, solved from the sums."""
    groups = harvest.groups(org.roster)
    people = org.respondents
    values = recover(groups, people, "scaling")
    leaks = []
    for person in exposed(groups, people):
        m = org.member(person)
        got = values.get(person)
        leaks.append(
            f"{person} ({m.department}/{m.team}, {m.location}, {m.role}, {m.tenure_band}, "
            f"{m.language}) is solved exactly"
            + (
                f": scaling = {got:.2f} (true {org.truth[person].scaling})"
                if got is not None
                else ""
            )
            + f" as {explain(groups, people, person)}"
        )
    for small, a, b in solved_small_groups(groups, people, org.k):
        if len(small) > 1:
            leaks.append(f"the {len(small)} people {sorted(small)} are solved from [{a}] and [{b}]")
    return leaks


def differences(harvest: Harvest, org: Org) -> list[str]:
    """(b) pairs of released groups that differ by fewer than k people each way."""
    found = small_differences(harvest.groups(org.roster), org.k)
    return [f"[{a}] minus [{b}] = {len(rest)} person(s) {sorted(rest)}" for a, b, rest in found]


def page_extras(harvest: Harvest, org: Org) -> list[str]:
    """Groups the pages show (the heatmap with n; matrix, ambassadors, drivers and teams by
    their label) that no export or API answer releases, compared by who they hold."""
    exported = [r for r in harvest.releases if "heatmap" not in r.source]
    released = {(r.definition.members(org.roster), r.n) for r in exported}
    sets = {members for members, _n in released}
    sizes = {n for _m, n in released}
    extra = [
        str(r)
        for r in harvest.releases
        if "heatmap" in r.source and (r.definition.members(org.roster), r.n) not in released
    ]
    extra += [
        f"{d} (on {src})" for src, d in harvest.page_groups if d.members(org.roster) not in sets
    ]
    return extra + [
        f"{label} n={n} ({src})" for src, label, n in harvest.page_rows if n not in sizes
    ]


def attack(org: Org, app, role: str, scope: list[str] | None) -> None:
    reader = reader_for(app, org, role, scope)
    harvest = reader.collect(tables=("results", "ambassadors-candidates"))
    who = f"{role}" + (f" scoped to {scope}" if scope else "")
    in_scope = [p for p in org.respondents if scope is None or org.member(p).department in scope]
    if len(in_scope) >= org.k:
        assert any(r.definition == Definition(reader.scope) for r in harvest.releases), (
            f"{who}: the whole scope ({len(in_scope)} >= k respondents) is never shown, so this "
            "attack proves nothing"
        )
    check_reader_model(harvest, org)
    extra, solved, differ = (
        page_extras(harvest, org),
        recoverable(harvest, org),
        differences(harvest, org),
    )
    if extra or solved or differ:
        pytest.fail(
            f"{who} (k={org.k}, {len(org.respondents)} respondents):\n"
            f"{len(solved)} person(s) or small group(s) solved from released sums:\n  "
            + "\n  ".join(solved[:8])
            + f"\n{len(differ)} pairs of released groups differ by fewer than {org.k} each way:\n  "
            + "\n  ".join(differ[:8])
            + f"\n{len(extra)} groups shown on pages but released by no export or API:\n  "
            + "\n  ".join(extra[:5]),
            pytrace=False,
        )


def closed_org(tmp: str, people, k: int):
    app = fresh_app(Path(tmp))
    return app, build_org(app, people, k=k, k_comments=max(k, 10))


# No shrinking: a failure is a leak to read as it is.
SOLVING = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SOLVING
@given(organisations())
@example(TEAM_AND_ITS_EMPLOYEES)
@example(ONE_REMOTE_IN_SALES)
def test_an_admin_cannot_solve_for_anyone(spec):
    people, k = spec
    with tempfile.TemporaryDirectory() as tmp:
        app, org = closed_org(tmp, people, k)
        attack(org, app, "admin", None)


@SOLVING
@given(organisations())
def test_a_viewer_of_one_department_cannot_solve_for_anyone(spec):
    people, k = spec
    with tempfile.TemporaryDirectory() as tmp:
        app, org = closed_org(tmp, people, k)
        department = max(
            {m.department for m, _a in people},
            key=lambda d: (sum(m.department == d for m, _a in people), d),
        )
        attack(org, app, "viewer", [department])


# -- the solver bites ---------------------------------------------------------------------


def test_the_solver_recovers_a_manager_from_a_hand_built_leaky_release():
    """Team A (6 people) and Team A's employees (5) released side by side: the solver must
    find the one manager and their exact answers, or the tests above prove nothing."""
    team = [Member(f"a{i}@example.org", "Ops", "A", role="employee") for i in range(5)]
    manager = Member("boss@example.org", "Ops", "A", role="manager")
    roster = [*team, manager, *(Member(f"b{i}@example.org", "Ops", "B") for i in range(6))]
    truth = {m.email: Answers((2, 3, 4, 4, 2), scaling=6, advocacy=7) for m in roster}
    truth[manager.email] = Answers((5, 1, 5, 1, 5), scaling=0, advocacy=10)

    def release(definition: Definition) -> tuple[frozenset[str], Release]:
        members = definition.members(roster)
        sums = tuple((m, sum(truth[p].measure(m) for p in members)) for m in MEASURES)
        return members, Release(definition, len(members), sums, "hand-built")

    groups = dict(
        [
            release(Definition(by="team", value="A", parent="Ops")),
            release(Definition(filter=("role", "employee"), by="team", value="A", parent="Ops")),
            release(Definition()),
        ]
    )
    people = sorted(truth)
    assert exposed(groups, people) == [manager.email]
    for measure in MEASURES:
        value = recover(groups, people, measure)[manager.email]
        assert value == pytest.approx(truth[manager.email].measure(measure))
    found = small_differences(groups, k=5)
    assert [sorted(rest) for _a, _b, rest in found] == [[manager.email]]
