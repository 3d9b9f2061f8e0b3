"""The curious reader's concrete attacks, each on an organisation built to make it work.

Every test plays a user who requests only what their role may request (pages, exports, the
API with a personal token, the CLI) and asserts that what they get together gives nobody
away; the assertion messages name the group, the person and the figure that leaked. The rules
are in docs/confidentiality.md; the Reader is tests/reliability/attacker.py.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest

from tests.reliability.attacker import (
    Definition,
    Harvest,
    Reader,
    Release,
    comment_texts,
    exposed,
    html_tables,
    reader_for,
    recover,
)
from tests.reliability.conftest import fresh_app
from tests.reliability.orgs import (
    MEASURES,
    SEGMENTS,
    Answers,
    Member,
    Org,
    build_org,
    respond,
    score_comments,
)

pytestmark = pytest.mark.attack

PAGES = (
    "/dashboard/",
    "/dashboard/heatmap",
    "/dashboard/matrix",
    "/dashboard/managers",
    "/dashboard/ambassadors",
)
ROOT = Path(__file__).resolve().parents[2]


def staff(prefix: str, n: int, answers: Answers, **segments) -> list[tuple[Member, Answers]]:
    return [(Member(f"{prefix}{i:02d}@example.org", **segments), answers) for i in range(n)]


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def only(harvest: Harvest, **where) -> list[Release]:
    """The releases whose definition has these attributes."""
    return [
        r
        for r in harvest.releases
        if all(getattr(r.definition, key) == value for key, value in where.items())
    ]


# -- 3. before and after one answer in an open wave ------------------------------------------

LATE = "late@example.org"
LATE_ANSWERS = Answers((1, 5, 1, 5, 1), scaling=0, advocacy=10)


def open_office(app) -> Org:
    """25 answers in an open wave; one more person (LATE, in Sales) has not answered yet."""
    people = [
        *staff("sales", 8, Answers((4,) * 5, 7, 8), department="Sales", team="S"),
        *staff("ops", 8, Answers((3,) * 5, 5, 6), department="Ops", team="O", location="Brussel"),
        *staff("hr", 9, Answers((2,) * 5, 3, 9), department="HR", team="H", role="manager"),
        (Member(LATE, "Sales", "S"), None),
    ]
    return build_org(app, people, k=5, close=False)


def open_wave_view(reader: Reader) -> dict[str, tuple]:
    """What an admin sees of an open wave: results per breakdown (API and export), the
    overview's numbers, the response rates on the admin's wave page and in the export."""
    harvest = Harvest()
    for by in SEGMENTS:
        reader.read_api(harvest, by, None)
        reader.read_export(harvest, "results", by, None)
    view: dict[str, tuple] = {
        f"{r.source}: {r.definition}": (r.n, dict(r.sums)) for r in harvest.releases
    }
    text = reader.client.get("/dashboard/", query_string=reader._args()).get_data(as_text=True)
    kpis = tuple(part.split("</div>")[0] for part in text.split('class="kpi-value">')[1:])
    view["overview page: key figures"] = (None, {"kpis": kpis})
    wave_page = reader.client.get(f"/admin/waves/{reader.wave_id}").get_data(as_text=True)
    for table, rows in html_tables(wave_page).items():
        for row in rows:
            if row and any(cell for cell in row[1:]):
                view[f"admin wave page {table}: {row[0]}"] = (None, {"cells": tuple(row[1:])})
    rates = reader.client.get(
        "/dashboard/export/response-rates.csv", query_string=reader._args(by="department")
    )
    for row in csv_rows(rates) if rates.status_code == 200 else []:
        view[f"response-rates.csv wave {row.get('number')}"] = (
            None,
            {"responded": row.get("responded"), "rate": row.get("response_rate")},
        )
    return view


def test_one_more_answer_in_an_open_wave_changes_no_released_figure(app):
    org = open_office(app)
    reader = reader_for(app, org, "admin")
    before = open_wave_view(reader)
    respond(app, org, LATE, LATE_ANSWERS)
    after = open_wave_view(reader)
    leaks = []
    for key in sorted(before.keys() & after.keys()):
        (n0, f0), (n1, f1) = before[key], after[key]
        if (n0, f0) == (n1, f1):
            continue
        step = None if n0 is None or n1 is None else n1 - n0
        if step is not None and abs(step) >= org.k:
            continue
        moved = {m: (f0.get(m), f1.get(m)) for m in f1 if f0.get(m) != f1.get(m)}
        detail = ", ".join(
            f"{m}: {a} -> {b}"
            + (
                f" (so {LATE} answered {b - a:.2f}, true {LATE_ANSWERS.measure(m)})"
                if step == 1 and m in MEASURES and a is not None and b is not None
                else ""
            )
            for m, (a, b) in list(moved.items())[:4]
        )
        leaks.append(f"{key}: " + (f"n {n0} -> {n1}; " if n0 is not None else "") + detail)
    if leaks:
        sources: dict[str, list[str]] = {}
        for leak in leaks:  # a few from each page, export, API or command
            sources.setdefault(re.split(r"[?:]", leak, maxsplit=1)[0], []).append(leak)
        shown = [leak for found in sources.values() for leak in found[:2]]
        pytest.fail(
            f"one answer ({LATE}) changed {len(leaks)} released figures in an open wave by a "
            f"step below k={org.k}, among them:\n  " + "\n  ".join(shown),
            pytrace=False,
        )


def test_an_open_wave_releases_no_ambassador_names(app):
    org = open_office(app)
    reader = reader_for(app, org, "admin")
    url = f"/dashboard/ambassadors.csv?survey={org.survey_id}"
    before = csv_rows(reader.client.get(url))
    respond(app, org, LATE, LATE_ANSWERS, ambassador="Lotte Laatkomer")
    after = csv_rows(reader.client.get(url))
    page = reader.client.get("/dashboard/ambassadors", query_string=reader._args())
    named = [r for r in after if r not in before]
    assert not named, (
        f"the wave is open, yet ambassadors.csv names {named} right after {LATE} answered: "
        "read next to the figures that moved, it ties their answers to their name"
    )
    assert "Lotte Laatkomer" not in page.get_data(as_text=True), (
        "the ambassadors page names the person who just answered in an open wave"
    )


# -- 5. the links export -------------------------------------------------------------------


def links(app, org: Org, via: str, admin: Reader) -> dict[str, str] | None:
    """{email: token} from the admin's links export (page) or the `links` command; None when
    the export is refused (once a wave has an answer, a list of links would tell who is
    missing)."""
    if via == "page":
        response = admin.client.post(f"/admin/waves/{org.wave_id}/links.csv")
        if response.status_code == 409:
            return None
        assert response.status_code == 200, response.status_code
        text = response.get_data(as_text=True)
    else:
        result = app.test_cli_runner().invoke(args=["links", str(org.wave_id)])
        if result.exit_code != 0 and "would tell who has not answered" in result.output:
            return None
        assert result.exit_code == 0, result.output
        text = result.output
    rows = csv.DictReader(io.StringIO(text))
    return {r["email"]: r["url"].rsplit("/s/", 1)[-1] for r in rows}


@pytest.mark.parametrize("via", ["page", "cli"])
def test_the_links_export_does_not_tell_who_answered(app, via):
    people = [(Member(f"late{i}@example.org", "Sales", "S"), None) for i in range(12)]
    org = build_org(app, people, k=5, close=False)
    admin = reader_for(app, org, "admin")
    first = links(app, org, via, admin)
    assert first is not None and len(first) == 12, "before any answer: everyone's link"
    org.tokens["late0@example.org"] = first["late0@example.org"]
    respond(app, org, "late0@example.org", Answers())
    second = links(app, org, via, admin)
    if second is None:
        return  # refused outright after the first answer: nothing to compare
    gone, new = sorted(set(first) - set(second)), sorted(set(second) - set(first))
    assert set(first) == set(second), (
        f"the links export ({via}) lists other people after one answer: {gone} dropped out, "
        f"{new} came in; comparing two exports tells who answered"
    )


# -- 4. comments: intersections, concept counts, order --------------------------------------

BRIDGE = "sales11@example.org"  # the one Remote person in Sales


def remark(i: int) -> str:
    if i == 11:
        return f"Remark {i:02d}: I cannot log in, my password expired again"
    if i % 2:
        return f"Remark {i:02d}: it is useless, email works fine"
    return f"Remark {i:02d}: I need a training, I don't know how to post"


@pytest.fixture(scope="module")
def commented(tmp_path_factory) -> tuple[Org, Harvest, Reader]:
    """Sales 12 (11 in Gent, one Remote), Support 12 (all Remote): Remote is 13, Gent 11,
    each at least k_comments = 10; everyone leaves a comment. The reader asks the comment
    explorer for everyone and for every single filter."""
    app = fresh_app(tmp_path_factory.mktemp("comments"))
    people = [
        (
            Member(
                f"sales{i:02d}@example.org",
                "Sales",
                "S",
                location="Remote" if i == 11 else "Gent",
            ),
            Answers(comment=remark(i)),
        )
        for i in range(12)
    ]
    people += [
        (
            Member(f"support{i:02d}@example.org", "Support", "T", location="Remote"),
            Answers(comment=remark(12 + i)),
        )
        for i in range(12)
    ]
    org = build_org(app, people, k=5, k_comments=10)
    score_comments(app)
    reader = reader_for(app, org, "admin")
    harvest = Harvest()
    for flt in [None, *reader.all_filters()]:
        reader.read_comments(harvest, flt)
    return org, harvest, reader


def author_of(org: Org, text: str) -> str:
    return next((p for p, a in org.truth.items() if a.comment == text), "?")


def test_two_comment_lists_never_share_or_differ_by_a_small_group(commented):
    org, harvest, _reader = commented
    shown = {d: c for d, c in harvest.comments.items() if c}
    assert shown.get(Definition()), "everyone's comments (24 >= k_comments) are not listed"
    leaks = []
    for (a, ca), (b, cb) in combinations(shown.items(), 2):
        for name, part in (("share", ca & cb), ("minus", ca - cb), ("reversed minus", cb - ca)):
            if 0 < len(part) < org.k_comments:
                authors = sorted(author_of(org, t) for t in part)
                leaks.append(
                    f"[{a}] ({len(ca)}) and [{b}] ({len(cb)}) {name} {len(part)} comment(s) "
                    f"{sorted(part)[:2]}: written by {authors}, whom the roster places in that "
                    "small group"
                )
    if leaks:
        pytest.fail(
            f"k_comments={org.k_comments}, {len(leaks)} leaks:\n  " + "\n  ".join(leaks[:8]),
            pytrace=False,
        )


def test_concept_counts_never_solve_for_a_person(commented):
    """The explorer's "most named" concept counts are sums over the listed group: Sales plus
    Remote minus everyone (or Sales minus Gent) is the one Remote person in Sales."""
    org, harvest, _reader = commented
    people = org.respondents
    groups: dict[frozenset[str], Release] = {}
    concepts = sorted({c for counts in harvest.concepts.values() for c in counts})
    for definition, counts in harvest.concepts.items():
        if counts:
            members = definition.members(org.roster)
            sums = tuple((c, float(counts.get(c, 0))) for c in concepts)
            groups.setdefault(members, Release(definition, len(members), sums, "comments page"))
    assert harvest.concepts.get(Definition()), "everyone's concept counts are not shown"
    solved = exposed(groups, people)
    details = []
    for person in solved:
        said = {c: round(recover(groups, people, c)[person], 2) for c in concepts}
        details.append(f"{person}'s comment {org.truth[person].comment!r} names {said}")
    if solved:
        pytest.fail(
            f"concept counts of {len(groups)} comment groups solve for {len(solved)} people:\n  "
            + "\n  ".join(details[:5]),
            pytrace=False,
        )


def test_comment_order_does_not_change_with_the_filter(commented):
    """Two lists that share comments show them in the same relative order."""
    _org, _harvest, reader = commented
    lists = {}
    for flt in (None, "department:Sales", "location:Gent", "location:Remote"):
        page = reader.client.get("/dashboard/comments", query_string=reader._args(filter=flt))
        if page.status_code == 200:
            text = page.get_data(as_text=True)
            lists[flt] = comment_texts(text)
    for (a, la), (b, lb) in combinations(lists.items(), 2):
        common = set(la) & set(lb)
        order_a = [t for t in la if t in common]
        order_b = [t for t in lb if t in common]
        assert order_a == order_b, (
            f"filter={a} and filter={b} list their {len(common)} shared comments in another order"
        )


# -- 6. the specific findings ---------------------------------------------------------------

BOSS = "boss@example.org"
BOSS_ANSWERS = Answers((1, 5, 1, 5, 1), scaling=0, advocacy=10)


def team_office(app) -> Org:
    """Ops/A: 5 employees and their manager (BOSS); Ops/B: 6 employees; Ops/C: 5 managers.
    Team A is 6, its employees 5: the difference is the manager."""
    people = [
        *staff("a", 5, Answers((4,) * 5, 7, 8), department="Ops", team="A"),
        (Member(BOSS, "Ops", "A", role="manager"), BOSS_ANSWERS),
        *staff("b", 6, Answers((3,) * 5, 6, 7), department="Ops", team="B"),
        *staff("c", 5, Answers((2,) * 5, 4, 5), department="Ops", team="C", role="manager"),
    ]
    return build_org(app, people, k=5)


@pytest.mark.parametrize("source", ["export", "heatmap", "api"])
def test_a_filter_does_not_take_one_manager_out_of_a_team(app, source):
    org = team_office(app)
    reader = reader_for(app, org, "admin")
    harvest = Harvest()
    for flt in (None, "role:employee"):
        if source == "export":
            reader.read_export(harvest, "results", "team", flt)
        elif source == "heatmap":
            reader.read_heatmap(harvest, "team", flt)
        else:
            reader.read_api(harvest, "team", flt)
    whole = only(harvest, by="team", value="A", filter=None)
    part = only(harvest, by="team", value="A", filter=("role", "employee"))
    if whole and part and whole[0].n != part[0].n:
        a, b = whole[0], part[0]
        step = a.n - b.n
        diff = {m: (dict(a.sums)[m] - dict(b.sums).get(m, 0)) / step for m, _v in a.sums}
        pytest.fail(
            f"[{a}] and [{b}] differ by {step} person(s), the manager {BOSS}: their answers "
            + ", ".join(
                f"{m} {v:.2f} (true {BOSS_ANSWERS.measure(m):g})"
                for m, v in diff.items()
                if m in MEASURES
            ),
            pytrace=False,
        )


def hr_office(app) -> Org:
    """Sales 12, Support 11, HR 6, Tiny 3 (k = 5): Tiny is hidden, so HR is hidden with it
    (complementary suppression); everyone minus Sales, Support and HR would be Tiny."""
    people = [
        *staff("sales", 12, Answers((4,) * 5, 8, 9), department="Sales", team="S"),
        *staff("support", 11, Answers((3,) * 5, 5, 6), department="Support", team="T"),
        *staff("hr", 6, Answers((4,) * 5, 6, 7), department="HR", team="H"),
        *staff("tiny", 3, Answers((1,) * 5, 0, 0), department="Tiny", team="X"),
    ]
    return build_org(app, people, k=5)


def hidden_departments(reader: Reader, org: Org) -> list[str]:
    """Departments the department breakdown does not show (read from the export)."""
    harvest = Harvest()
    reader.read_export(harvest, "results", "department", None)
    shown = {r.definition.value for r in only(harvest, by="department", filter=None)}
    return sorted({m.department for m in org.roster} - shown)


def test_a_complement_suppressed_department_cannot_be_filtered_back_in(app):
    """Filtering on a department the breakdown hides must not show it: everyone minus the
    shown departments minus it would be the small one."""
    org = hr_office(app)
    reader = reader_for(app, org, "admin")
    harvest = Harvest()
    reader.read_export(harvest, "results", "department", None)
    everyone = next(iter(only(harvest, by=None, filter=None)), None)
    shown = only(harvest, by="department", filter=None)
    for department in hidden_departments(reader, org):
        reader.read_heatmap(harvest, "department", f"department:{department}")
        found = only(harvest, filter=("department", department), value=department)
        if not found or everyone is None:
            continue
        rest_n = everyone.n - sum(r.n for r in shown) - found[0].n
        if 0 < rest_n < org.k:
            rest = {
                m: round((v - sum(r.sum(m) or 0 for r in [*shown, found[0]])) / rest_n, 2)
                for m, v in everyone.sums
                if m in ("awareness", "scaling")
            }
            pytest.fail(
                f"{department} is hidden in the department breakdown, yet shown as "
                f"[{found[0]}]: everyone ({everyone.n}) minus the shown departments minus "
                f"{department} leaves {rest_n} people (Tiny) with {rest} (true 1.0 and 0)",
                pytrace=False,
            )


@pytest.mark.parametrize("path", [*PAGES, "/dashboard/export/results.csv", "api"])
def test_a_hidden_department_as_filter_answers_422(app, path):
    """Every department the breakdown hides (Tiny, below k, and HR, hidden with it) answers
    422 as a filter."""
    org = hr_office(app)
    reader = reader_for(app, org, "admin")
    hidden = hidden_departments(reader, org)
    assert "Tiny" in hidden, "Tiny (3 < k) is shown in the department breakdown"
    wrong = []
    for department in hidden:
        flt = f"department:{department}"
        if path == "api":
            response = reader.api_get(
                f"/api/v1/surveys/{org.survey_id}/results",
                wave=org.wave_id,
                by="location",
                filter=flt,
            )
            data = response.get_json(silent=True) or {}
            if response.status_code != 422 and data.get("filters") != {}:  # {}: filter ignored
                wrong.append(f"API results?filter={flt} answers {response.status_code}")
            continue
        response = reader.client.get(path, query_string=reader._args(filter=flt))
        if response.status_code != 422:
            wrong.append(f"{path}?filter={flt} answers {response.status_code}")
    assert not wrong, f"hidden in the department breakdown {hidden}, yet as a filter: " + "; ".join(
        wrong
    )


TWO_FILTERS = ["department:Sales", "location:Gent"]


@pytest.mark.parametrize(
    "path", [*PAGES, "/dashboard/export/results.csv", "/dashboard/comments", "api"]
)
def test_more_than_one_filter_is_a_400(app, path):
    org = hr_office(app)
    reader = reader_for(app, org, "admin")
    if path == "api":
        response = reader.api_get(
            f"/api/v1/surveys/{org.survey_id}/results",
            wave=org.wave_id,
            by="role",
            filter=TWO_FILTERS,
        )
    else:
        response = reader.client.get(path, query_string=reader._args(filter=TWO_FILTERS))
    assert response.status_code == 400, (
        f"{path} with two filters {TWO_FILTERS} answers {response.status_code}, not 400"
    )


SLOW_FILTER_SCRIPT = """
import sys, time
from pathlib import Path
from tests.conftest import sign_in
from tests.reliability.conftest import fresh_app
app = fresh_app(Path(sys.argv[1]))
client = app.test_client()
assert sign_in(client, sys.argv[2]).status_code == 302
start = time.monotonic()
survey, wave = sys.argv[4], sys.argv[5]
args = {"survey": survey, "wave": wave, "filter": sys.argv[6:]}
response = client.get(sys.argv[3], query_string=args)
print(response.status_code, round(time.monotonic() - start, 3))
"""


@pytest.mark.parametrize("path", ["/dashboard/heatmap", "/dashboard/export/results.csv"])
def test_a_long_filter_list_is_refused_at_once(app, tmp_path, path):
    """17 filters: checking every subset of them would be 2^17 population counts. The request
    runs in a child process so a slow answer fails the test instead of hanging it."""
    org = hr_office(app)
    email = "admin-all@example.org"  # the user reader_for makes
    reader_for(app, org, "admin")
    filters = [f"{s}:{v}" for s in ("team", "location", "role") for v in "ABCDEF"][:17]
    ids = [str(org.survey_id), str(org.wave_id)]
    done = None
    with contextlib.suppress(subprocess.TimeoutExpired):  # fail below, without the command line
        done = subprocess.run(
            [sys.executable, "-c", SLOW_FILTER_SCRIPT, str(tmp_path), email, path, *ids, *filters],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=8,
            check=False,
        )
    if done is None:
        pytest.fail(f"{path} with 17 filters did not answer within 8 s (2^17 subsets?)")
    assert done.returncode == 0, done.stderr[-2000:]
    status, seconds = done.stdout.split()
    assert status == "400", f"{path} with 17 filters answers {status} after {seconds} s"
    assert float(seconds) < 1.0, f"{path} took {seconds} s to refuse 17 filters"
