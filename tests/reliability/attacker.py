"""A curious dashboard reader: requests everything a role may request, remembers every figure.

Black box: the Reader only sends what a user of its role may send (dashboard pages, CSV
exports, the JSON API with a personal token, the `results` command for an operator) and reads
the answers. It knows the roster (every person's segments), so it can tell which people a
released group holds from the group's definition; it knows nothing else. From what it
collects, `exposed`, `small_differences` and `recover` solve for individuals the way an
attacker with a spreadsheet would: every released group is a linear equation over the
respondents' answers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from itertools import combinations
from typing import Any

import numpy as np
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.conftest import make_user, sign_in
from tests.reliability.orgs import MEASURES, SEGMENTS, Member, Org

ALL = "all"
AMBASSADOR_COUNTS = ("high_desire", "promoter", "opted_in", "candidate")


@dataclass(frozen=True)
class Definition:
    """Who a released group holds: the reader's scope, at most one filter, and the group."""

    scope: tuple[str, ...] | None = None
    filter: tuple[str, str] | None = None
    by: str | None = None
    value: str | None = None
    parent: str | None = None  # a team's department

    def holds(self, m: Member) -> bool:
        if self.scope is not None and m.department not in self.scope:
            return False
        if self.filter is not None and not _matches(m, *self.filter):
            return False
        if self.by is not None and m.segment(self.by) != self.value:
            return False
        return self.parent is None or m.department == self.parent

    def members(self, roster: Iterable[Member]) -> frozenset[str]:
        return frozenset(m.email for m in roster if self.holds(m))

    def __str__(self) -> str:
        parts = []
        if self.scope is not None:
            parts.append(f"scope {'+'.join(self.scope)}")
        if self.filter is not None:
            parts.append(f"filter={self.filter[0]}:{self.filter[1]}")
        if self.by is None:
            parts.append("everyone")
        else:
            value = f"{self.parent}/{self.value}" if self.parent else self.value
            parts.append(f"{self.by}={value}")
        return " · ".join(parts)


def _matches(m: Member, segment: str, value: str) -> bool:
    """A filter value; a team may be named within its department ("Sales/Inside" or
    "Sales / Inside"), since teams are grouped within their department."""
    if segment == "team" and "/" in value and value != m.team:
        department, _sep, team = value.partition("/")
        return (m.department, m.team) == (department.strip(), team.strip())
    return m.segment(segment) == value


@dataclass(frozen=True)
class Release:
    """One group released with figures: its definition, n, and the sums the reader can
    recover (a mean times n, a count as it is)."""

    definition: Definition
    n: int
    sums: tuple[tuple[str, float], ...]
    source: str

    def sum(self, measure: str) -> float | None:
        return dict(self.sums).get(measure)

    def __str__(self) -> str:
        return f"{self.definition} (n={self.n}, from {self.source})"


@dataclass
class Harvest:
    releases: list[Release] = field(default_factory=list)
    refused: list[tuple[str, int]] = field(default_factory=list)  # (request, status)
    page_rows: list[tuple[str, str, int]] = field(default_factory=list)  # (request, label, n)
    page_groups: list[tuple[str, Definition]] = field(default_factory=list)  # shown, no n
    comments: dict[Definition, frozenset[str]] = field(default_factory=dict)
    concepts: dict[Definition, dict[str, int]] = field(default_factory=dict)

    def groups(self, roster: Sequence[Member]) -> dict[frozenset[str], Release]:
        """Every distinct member set released, with one release that shows it."""
        out: dict[frozenset[str], Release] = {}
        for r in self.releases:
            out.setdefault(r.definition.members(roster), r)
        return out


def _number(text: Any) -> float | None:
    if text in (None, ""):
        return None
    try:
        return float(str(text).replace(",", "."))
    except ValueError:
        return None


def _sums(figures: dict[str, Any], n: int) -> tuple[tuple[str, float], ...]:
    """Sum per measure = mean x n (every respondent answers every item in these tests)."""
    out = []
    for m in MEASURES:
        mean = _number(figures.get(m, figures.get(f"dimensions.{m}")))
        if mean is not None:
            out.append((m, mean * n))
    for c in AMBASSADOR_COUNTS:
        count = _number(figures.get(c))
        if count is not None:
            out.append((c, count))
    return tuple(out)


class _Tables(HTMLParser):
    """Rows of every <table id=...> in a page as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._table and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(page: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


LANGUAGES = {"nl": "dutch", "en": "english"}
NUMBER = re.compile(r"[-−]?\d+(?:[.,]\d+)?")


def first_number(text: str) -> float | None:
    found = NUMBER.search(text or "")
    return _number(found.group().replace("−", "-")) if found else None


GROUP_PAGES = ("/dashboard/matrix", "/dashboard/ambassadors", "/dashboard/managers")
OPTION = re.compile(r'<option value="([a-z_]+:[^"]*)"')
COMMENT = re.compile(r'<p class="mb-1">(.*?)</p>', re.S)
THEME = re.compile(r'<(?:span|a) class="badge[^"]*"[^>]*>([^<]*?) · (\d+)</(?:span|a)>')


def comment_texts(page: str) -> list[str]:
    """The comments a comment-explorer page lists, in the order shown."""
    return [unescape(" ".join(t.split())) for t in COMMENT.findall(page)]


class Reader:
    """Requests everything its role may request for one wave and keeps what was released.

    `client` is a signed-in test client (admin, or a viewer whose departments are `scope`);
    `api_token` a personal API token of the same user; `runner` the CLI (operators only).
    """

    def __init__(
        self,
        client: FlaskClient,
        survey_id: int,
        wave_id: int,
        roster: Sequence[Member],
        scope: Sequence[str] | None = None,
        api_token: str | None = None,
        runner: FlaskCliRunner | None = None,
    ) -> None:
        self.client = client
        self.survey_id = survey_id
        self.wave_id = wave_id
        self.roster = list(roster)
        self.scope = tuple(sorted(scope)) if scope is not None else None
        self.api_token = api_token
        self.runner = runner
        self.api_filters = True  # until the API shows it ignores them

    # -- what to ask ---------------------------------------------------------------------

    def visible_roster(self) -> list[Member]:
        return [m for m in self.roster if self.scope is None or m.department in self.scope]

    def offered_filters(self) -> list[str]:
        """The filter values the dashboard's own form offers."""
        page = self.client.get("/dashboard/heatmap", query_string=self._args())
        return sorted(set(OPTION.findall(page.get_data(as_text=True))))

    def all_filters(self) -> list[str]:
        """Every segment value of the roster (in the reader's scope or not, offered by the
        dashboard or not), and whatever the dashboard offers."""
        values = {f"{s}:{m.segment(s)}" for m in self.roster for s in SEGMENTS}
        return sorted(values | set(self.offered_filters()))

    def _args(self, **extra: Any) -> dict[str, Any]:
        return {"survey": self.survey_id, "wave": self.wave_id, **extra}

    def _definition(self, flt: str | None, by: str | None = None, value=None, parent=None):
        pair = tuple(flt.split(":", 1)) if flt else None
        return Definition(self.scope, pair, by, value, parent)  # type: ignore[arg-type]

    # -- reading -------------------------------------------------------------------------

    def collect(
        self,
        breakdowns: Sequence[str] = SEGMENTS,
        filters: Sequence[str] | None = None,
        tables: Sequence[str] = ("results",),
        api: bool = True,
        pages: bool = True,
    ) -> Harvest:
        """Every breakdown with no filter and with each filter, from every source asked for."""
        harvest = Harvest()
        flts: list[str | None] = [None, *(self.all_filters() if filters is None else filters)]
        for by in breakdowns:
            for flt in flts:
                if flt and flt.split(":", 1)[0] == by:
                    continue  # one group: the same as the filter's own total
                for table in tables:
                    self.read_export(harvest, table, by, flt)
                if api and self.api_token and (flt is None or self.api_filters):
                    self.read_api(harvest, by, flt)
                if pages and (flt is None or by == "department"):
                    self.read_heatmap(harvest, by, flt)
                    for path in GROUP_PAGES:
                        self.read_page_groups(harvest, path, by, flt)
            if self.runner is not None and self.scope is None:
                self.read_cli(harvest, by)
        return harvest

    def read_export(self, harvest: Harvest, table: str, by: str, flt: str | None) -> None:
        url = f"/dashboard/export/{table}.csv"
        response = self.client.get(url, query_string=self._args(by=by, filter=flt or ""))
        label = f"{url}?by={by}&filter={flt or ''}"
        if response.status_code != 200:
            harvest.refused.append((label, response.status_code))
            return
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        for i, row in enumerate(rows):
            n = _number(row.get("n"))
            if row.get("suppressed") or n is None:
                continue
            if i == 0 and row.get("segment") == ALL and table != "ambassadors-candidates":
                definition = self._definition(flt)
            else:
                definition = self._definition(
                    flt, by, row.get("segment"), row.get("department") or None
                )
            harvest.releases.append(Release(definition, int(n), _sums(row, int(n)), label))

    def api_get(self, path: str, **params: Any):
        headers = {"Authorization": f"Bearer {self.api_token}"}
        return self.client.get(path, query_string=params, headers=headers)

    def read_api(self, harvest: Harvest, by: str, flt: str | None) -> None:
        path = f"/api/v1/surveys/{self.survey_id}/results"
        params: dict[str, Any] = {"wave": self.wave_id, "by": by}
        if flt:
            params["filter"] = flt
        response = self.api_get(path, **params)
        label = f"API results?by={by}&filter={flt or ''}"
        if response.status_code != 200:
            harvest.refused.append((label, response.status_code))
            return
        data = response.get_json()
        echo = data.get("filters")
        if flt and echo == {}:
            self.api_filters = False  # the API answered for everyone: read it so
            flt = None
        self._take_results(harvest, data, flt, label)

    def read_cli(self, harvest: Harvest, by: str) -> None:
        assert self.runner is not None
        args = ["results", str(self.survey_id), "--wave", str(self.wave_id), "--by", by]
        result = self.runner.invoke(args=args)
        label = f"flask results --by {by}"
        if result.exit_code != 0:
            harvest.refused.append((label, result.exit_code))
            return
        self._take_results(harvest, json.loads(result.output), None, label)

    def _take_results(self, harvest: Harvest, data: dict, flt: str | None, label: str) -> None:
        overall = data.get("overall") or {}
        entries = [(overall, self._definition(flt))]
        for g in data.get("groups") or []:
            entries.append(
                (g, self._definition(flt, data["by"], g.get("segment"), g.get("department")))
            )
        for entry, definition in entries:
            if entry.get("suppressed") or entry.get("n") is None:
                continue
            n = int(entry["n"])
            figures = {**(entry.get("dimensions") or {}), **entry}
            harvest.releases.append(Release(definition, n, _sums(figures, n), label))

    def read_heatmap(self, harvest: Harvest, by: str, flt: str | None) -> None:
        """The heatmap's rows: (label, n) for `page_rows`, and a release for every row whose
        label names a roster value (the page's means have 2 decimals, scaling 1)."""
        response = self.client.get("/dashboard/heatmap", query_string=self._args(by=by, filter=flt))
        label = f"/dashboard/heatmap?by={by}&filter={flt or ''}"
        if response.status_code != 200:
            harvest.refused.append((label, response.status_code))
            return
        for row in html_tables(response.get_data(as_text=True)).get("heatmap", []):
            if len(row) < 8 or not row[1].isdigit():
                continue
            n = int(row[1])
            harvest.page_rows.append((label, row[0], n))
            group = self.value_of(by, row[0])
            if group is not None:
                figures = dict(zip([*MEASURES[:5], "scaling"], row[2:8], strict=True))
                figures = {m: first_number(v) for m, v in figures.items()}
                definition = self._definition(flt, by, *group)
                harvest.releases.append(Release(definition, n, _sums(figures, n), label))

    def read_page_groups(self, harvest: Harvest, path: str, by: str, flt: str | None) -> None:
        """Groups a page shows with figures but no n (matrix, ambassadors, drivers, and the
        managers page's teams), for `page_groups`."""
        response = self.client.get(path, query_string=self._args(by=by, filter=flt))
        label = f"{path}?by={by}&filter={flt or ''}"
        if response.status_code != 200:
            harvest.refused.append((label, response.status_code))
            return
        for table, rows in html_tables(response.get_data(as_text=True)).items():
            segment = by if table in ("matrix", "ambassadors", "drivers") else "team"
            for row in rows:
                if len(row) < 2 or any("too few" in cell for cell in row[1:]):
                    continue
                group = self.value_of(segment, row[0])
                if group is not None:
                    harvest.page_groups.append((label, self._definition(flt, segment, *group)))

    def value_of(self, by: str, label: str) -> tuple[str, str | None] | None:
        """The (value, department) a page label stands for, from the roster's values."""
        for m in self.visible_roster():
            value = m.segment(by)
            shown = {value.lower(), value.replace("_", " ").lower(), LANGUAGES.get(value, "")}
            if by == "team" and label == f"{m.department} / {value}":
                return value, m.department
            if by != "team" and label.lower() in shown:
                return value, None
        return None

    def read_comments(self, harvest: Harvest, flt: str | None) -> int:
        """The comment explorer for one filter: the comments listed and the concept counts."""
        response = self.client.get("/dashboard/comments", query_string=self._args(filter=flt))
        label = f"/dashboard/comments?filter={flt or ''}"
        if response.status_code != 200:
            harvest.refused.append((label, response.status_code))
            return response.status_code
        page = response.get_data(as_text=True)
        definition = self._definition(flt)
        harvest.comments[definition] = frozenset(comment_texts(page))
        harvest.concepts[definition] = {unescape(t): int(n) for t, n in THEME.findall(page)}
        return 200


def reader_for(app: Flask, org: Org, role: str, scope: Sequence[str] | None = None) -> Reader:
    """A new user of `role` (a viewer with `scope`), signed in, with a personal API token;
    an admin also runs the `results` command."""
    email = f"{role}-{'-'.join(scope or ['all']).lower()}@example.org"
    make_user(app, email, role, list(scope) if scope is not None else None)
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    result = app.test_cli_runner().invoke(args=["create-token", email])
    assert result.exit_code == 0, result.output
    runner = app.test_cli_runner() if role == "admin" else None
    return Reader(
        client, org.survey_id, org.wave_id, org.roster, scope, result.output.strip(), runner
    )


# -- solving -------------------------------------------------------------------------------


def indicator_matrix(groups: Iterable[frozenset[str]], people: Sequence[str]) -> np.ndarray:
    index = {p: i for i, p in enumerate(people)}
    rows = []
    for g in groups:
        row = np.zeros(len(people))
        for p in g:
            if p in index:
                row[index[p]] = 1.0
        rows.append(row)
    return np.array(rows) if rows else np.zeros((0, len(people)))


def in_row_space(matrix: np.ndarray, vector: np.ndarray) -> bool:
    """Whether `vector` is a linear combination of the rows: appending it keeps the rank."""
    if matrix.shape[0] == 0:
        return False
    rank = np.linalg.matrix_rank(matrix)
    return bool(np.linalg.matrix_rank(np.vstack([matrix, vector])) == rank)


class RowSpace:
    """The row space of a matrix, for many membership tests (one SVD, then projections)."""

    def __init__(self, matrix: np.ndarray) -> None:
        if matrix.shape[0] == 0:
            self.basis = np.zeros((0, matrix.shape[1]))
            return
        _u, s, vt = np.linalg.svd(matrix, full_matrices=False)
        rank = int((s > s.max() * max(matrix.shape) * np.finfo(float).eps).sum())
        self.basis = vt[:rank]

    def __contains__(self, vector: np.ndarray) -> bool:
        rest = vector - self.basis.T @ (self.basis @ vector)
        return bool(np.linalg.norm(rest) < 1e-6 * max(1.0, np.linalg.norm(vector)))


def exposed(releases: dict[frozenset[str], Release], people: Sequence[str]) -> list[str]:
    """People whose own answer is a linear combination of the released group sums."""
    matrix = indicator_matrix(releases, people)
    out = []
    for i, p in enumerate(people):
        unit = np.zeros(len(people))
        unit[i] = 1.0
        if in_row_space(matrix, unit):
            out.append(p)
    return out


def small_differences(
    releases: dict[frozenset[str], Release], k: int
) -> list[tuple[Release, Release, frozenset[str]]]:
    """Pairs of released groups that differ, yet by fewer than k people each way: B is A
    with 1..k-1 people added or taken away (one contains the other), or each holds fewer
    than k that the other lacks. Comparing such a pair singles out a small group, by its
    sums or, on a bounded scale, by its extremes. (A small difference one way next to k or
    more the other way is allowed by docs/confidentiality.md: the row-space checks here
    prove that the small side's answers cannot be solved.)"""
    found = []
    for (a, ra), (b, rb) in combinations(releases.items(), 2):
        only_a, only_b = a - b, b - a
        if (only_a or only_b) and len(only_a) < k and len(only_b) < k:
            left, right, rest = (ra, rb, only_a) if only_a else (rb, ra, only_b)
            found.append((left, right, frozenset(rest)))
    return found


def solved_small_groups(
    releases: dict[frozenset[str], Release], people: Sequence[str], k: int
) -> list[tuple[frozenset[str], Release, Release]]:
    """Groups of 1..k-1 people formed by two releases (A minus B, A and B) whose sum is a
    linear combination of the released sums."""
    space = RowSpace(indicator_matrix(releases, people))
    found, seen = [], set()
    for (a, ra), (b, rb) in combinations(releases.items(), 2):
        for small in (a - b, b - a, a & b):
            if 0 < len(small) < k and small not in seen:
                seen.add(small)
                if indicator_matrix([small], people)[0] in space:
                    found.append((frozenset(small), ra, rb))
    return found


def recover(
    releases: dict[frozenset[str], Release], people: Sequence[str], measure: str
) -> dict[str, float]:
    """Each exposed person's answer on `measure`, solved from the released sums."""
    usable = {g: r for g, r in releases.items() if r.sum(measure) is not None}
    matrix = indicator_matrix(usable, people)
    sums = np.array([r.sum(measure) for r in usable.values()])
    out = {}
    for p in exposed(usable, people):
        unit = np.zeros(len(people))
        unit[people.index(p)] = 1.0
        weights = np.linalg.lstsq(matrix.T, unit, rcond=None)[0]
        out[p] = float(weights @ sums)
    return out


def explain(releases: dict[frozenset[str], Release], people: Sequence[str], person: str) -> str:
    """The releases a solution for `person` combines, with their weights (for messages)."""
    matrix = indicator_matrix(releases, people)
    unit = np.zeros(len(people))
    unit[people.index(person)] = 1.0
    weights = np.linalg.lstsq(matrix.T, unit, rcond=None)[0]
    terms = [
        f"{w:+.2g} x [{r}]"
        for w, r in zip(weights, releases.values(), strict=True)
        if abs(w) > 1e-6
    ]
    return " ".join(terms[:8]) + (" ..." if len(terms) > 8 else "")
