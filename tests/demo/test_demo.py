"""The demo organisation, through the `demo` command and then SQL on the database it wrote."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.exceptions import NotFound

from feedback import create_app
from feedback.demo.roster import ACCESS_SITE, MOTIVATION_DEPARTMENT
from feedback.demo.welcome import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from feedback.domain import ROLES, TENURE_BANDS
from feedback.tokens import hash_token

PEOPLE = 120
LINK = re.compile(r"(http://\S+)/s/(\S+)")


def make_app(path: Path) -> Flask:
    return create_app(
        {"TESTING": True, "SECRET_KEY": "test", "DATABASE": str(path), "WTF_CSRF_ENABLED": False}
    )


def run_demo(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=["demo", *args])


def query(app: Flask, sql: str, params: tuple = ()) -> list[dict]:
    conn = sqlite3.connect(app.config["DATABASE"])
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def scalar(app: Flask, sql: str, params: tuple = ()):
    return next(iter(query(app, sql, params)[0].values()))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> tuple[Flask, str]:
    app = make_app(tmp_path_factory.mktemp("demo") / "demo.db")
    result = run_demo(app, "--people", str(PEOPLE))
    assert result.exit_code == 0, result.output
    return app, result.output


@pytest.fixture
def demo_app(loaded) -> Flask:
    return loaded[0]


def dimension_mean(app: Flask, dimension: str, where: str, params: tuple = ()) -> float:
    return scalar(
        app,
        f"""SELECT AVG(a.value) FROM answers a JOIN items i ON i.id = a.item_id
            JOIN responses r ON r.id = a.response_id JOIN waves w ON w.id = r.wave_id
            WHERE i.dimension = ? AND {where}""",
        (dimension, *params),
    )


def test_the_roster_looks_like_an_organisation(demo_app):
    people = query(demo_app, "SELECT * FROM people")
    assert len(people) == PEOPLE
    assert len({p["department"] for p in people}) >= 8
    assert len({p["location"] for p in people}) >= 3
    assert {p["role"] for p in people} == set(ROLES)
    english = sum(p["language"] == "en" for p in people) / len(people)
    assert 0.12 <= english <= 0.35
    teams = {(p["department"], p["team"]) for p in people}
    assert sum(p["role"] == "manager" for p in people) == len(teams)
    assert all(p["email"].endswith("@rivierenburg.example") for p in people)
    half_a_year_ago = (dt.date.today() - dt.timedelta(days=182)).isoformat()
    assert sum(p["start_date"] > half_a_year_ago for p in people) >= 0.08 * PEOPLE


def test_four_waves_two_weeks_apart_with_the_last_one_open(demo_app):
    waves = query(demo_app, "SELECT * FROM waves ORDER BY number")
    survey = query(demo_app, "SELECT * FROM surveys")[0]
    assert [w["status"] for w in waves] == ["closed", "closed", "closed", "open"]
    opens = [dt.date.fromisoformat(w["opens_on"]) for w in waves]
    assert [(b - a).days for a, b in zip(opens, opens[1:], strict=False)] == [14, 14, 14]
    today = dt.date.today()
    assert opens[-1] <= today < dt.date.fromisoformat(waves[-1]["closes_on"])
    assert all(dt.date.fromisoformat(w["closes_on"]) < today for w in waves[:-1])
    assert {(w["k_scores"], w["k_comments"]) for w in waves} == {
        (survey["k_scores"], survey["k_comments"])
    }


def test_response_rates_are_between_60_and_80_percent(demo_app):
    for wave in query(demo_app, "SELECT id FROM waves"):
        invited = scalar(
            demo_app, "SELECT COUNT(*) FROM invitations WHERE wave_id = ?", (wave["id"],)
        )
        used = scalar(
            demo_app, "SELECT SUM(used) FROM invitations WHERE wave_id = ?", (wave["id"],)
        )
        responses = scalar(
            demo_app, "SELECT COUNT(*) FROM responses WHERE wave_id = ?", (wave["id"],)
        )
        assert responses == used
        assert 0.6 <= responses / invited <= 0.8


def test_every_response_answers_exactly_its_waves_rotated_items(demo_app):
    """One item set per wave (rotation), the same for every respondent of that wave."""
    for wave in query(demo_app, "SELECT id, item_ids FROM waves"):
        asked = set(json.loads(wave["item_ids"]))
        sets = query(
            demo_app,
            """SELECT DISTINCT group_concat(a.item_id) AS ids FROM (
                   SELECT a.response_id, a.item_id FROM answers a
                   JOIN responses r ON r.id = a.response_id
                   WHERE r.wave_id = ? ORDER BY a.response_id, a.item_id) a
               GROUP BY a.response_id""",
            (wave["id"],),
        )
        assert len(sets) == 1
        assert {int(i) for i in sets[0]["ids"].split(",")} <= asked
    assert scalar(demo_app, "SELECT COUNT(*) FROM invitations WHERE item_ids IS NOT NULL") == 0


def test_every_response_answers_every_asked_closed_item_within_its_scale(demo_app):
    counts = query(
        demo_app,
        """SELECT i.kind, MIN(a.value) AS low, MAX(a.value) AS high, COUNT(*) AS n
           FROM answers a JOIN items i ON i.id = a.item_id GROUP BY i.kind""",
    )
    by_kind = {row["kind"]: row for row in counts}
    responses = scalar(demo_app, "SELECT COUNT(*) FROM responses")
    assert by_kind["likert"]["n"] == 6 * responses  # 8 rated items: 2 scales, 6 of 10 Likert
    assert by_kind["scale"]["n"] == 2 * responses
    assert by_kind["likert"]["low"] >= 1 and by_kind["likert"]["high"] <= 5
    assert by_kind["scale"]["low"] >= 0 and by_kind["scale"]["high"] <= 10


def test_finance_wants_it_least(demo_app):
    finance = dimension_mean(demo_app, "desire", "r.department = ?", (MOTIVATION_DEPARTMENT,))
    rest = dimension_mean(demo_app, "desire", "r.department != ?", (MOTIVATION_DEPARTMENT,))
    assert finance < rest - 0.5
    assert finance <= 3


def test_the_access_site_cannot_until_something_is_done(demo_app):
    site_first = dimension_mean(
        demo_app, "ability", "r.location = ? AND w.number = 1", (ACCESS_SITE,)
    )
    rest_first = dimension_mean(
        demo_app, "ability", "r.location != ? AND w.number = 1", (ACCESS_SITE,)
    )
    site_last = dimension_mean(
        demo_app, "ability", "r.location = ? AND w.number = 4", (ACCESS_SITE,)
    )
    assert site_first < rest_first - 0.7
    assert site_last > site_first + 0.8


def test_newcomers_do_not_know_how_yet(demo_app):
    newcomers = dimension_mean(demo_app, "knowledge", "r.tenure_band = ?", (TENURE_BANDS[0],))
    others = dimension_mean(demo_app, "knowledge", "r.tenure_band != ?", (TENURE_BANDS[0],))
    assert newcomers < others - 0.5


def test_readiness_rises_over_the_waves(demo_app):
    scaling = [
        scalar(
            demo_app,
            """SELECT AVG(a.value) FROM answers a JOIN items i ON i.id = a.item_id
               JOIN responses r ON r.id = a.response_id JOIN waves w ON w.id = r.wave_id
               WHERE i.key = 'scaling' AND w.number = ?""",
            (n,),
        )
        for n in (1, 4)
    ]
    assert scaling[1] > scaling[0]


def test_comments_are_varied_and_in_both_languages(demo_app):
    rows = query(
        demo_app,
        """SELECT c.text, r.language, i.key FROM comments c
           JOIN responses r ON r.id = c.response_id JOIN items i ON i.id = c.item_id""",
    )
    assert {row["key"] for row in rows} == {"step_up", "comment"}
    other_language = {
        "nl": re.compile(r"\b(the|my|it's|don't|would|with)\b", re.IGNORECASE),
        "en": re.compile(r"\b(ik|het|niet|een|mijn|zou|met)\b", re.IGNORECASE),
    }
    for language in ("nl", "en"):
        texts = [row["text"] for row in rows if row["language"] == language]
        assert len(set(texts)) >= 0.6 * len(texts) >= 15
        assert sum(bool(other_language[language].search(t)) for t in texts) <= 0.02 * len(texts)
    lengths = [len(row["text"].split()) for row in rows]
    assert min(lengths) == 1 and max(lengths) >= 20
    commented = scalar(demo_app, "SELECT COUNT(DISTINCT response_id) FROM comments")
    assert 0.4 <= commented / scalar(demo_app, "SELECT COUNT(*) FROM responses") <= 0.65


ACCESS_WORDS = re.compile(
    r"\bpc\b|inlog|log in|login|tablet|device|toestel|computer|account|wifi|wachtwoord|password"
)
BETTER_WORDS = re.compile(r"\bsinds\b|\bsince\b|\bnow\b|\bnu\b|eindelijk|finally|beter|better")


def share_of_comments(app: Flask, pattern: re.Pattern, where: str) -> float:
    texts = [
        row["text"].lower()
        for row in query(
            app,
            f"""SELECT c.text FROM comments c JOIN responses r ON r.id = c.response_id
                JOIN waves w ON w.id = c.wave_id WHERE {where}""",
            (ACCESS_SITE,),
        )
    ]
    return sum(bool(pattern.search(text)) for text in texts) / len(texts)


def test_the_access_site_writes_about_access_and_then_about_the_fix(demo_app):
    site_before = "r.location = ? AND w.number <= 2"
    site_after = "r.location = ? AND w.number >= 3"
    elsewhere = "r.location != ? AND w.number <= 2"
    access = share_of_comments(demo_app, ACCESS_WORDS, site_before)
    assert access >= 0.2
    assert access > 2 * share_of_comments(demo_app, ACCESS_WORDS, elsewhere)
    better_after = share_of_comments(demo_app, BETTER_WORDS, site_after)
    assert better_after > share_of_comments(demo_app, BETTER_WORDS, site_before) + 0.05


def test_no_response_has_a_time_of_day(demo_app):
    dates = [r["submitted_on"] for r in query(demo_app, "SELECT submitted_on FROM responses")]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    inside = query(
        demo_app,
        """SELECT COUNT(*) AS n FROM responses r JOIN waves w ON w.id = r.wave_id
           WHERE r.submitted_on < w.opens_on OR r.submitted_on > w.closes_on
              OR r.submitted_on > date('now')""",
    )
    assert inside[0]["n"] == 0


def test_ambassador_contacts_cannot_be_joined_to_responses(demo_app):
    columns = {
        table: {c["name"] for c in query(demo_app, f"PRAGMA table_info({table})")}
        for table in ("ambassadors", "responses")
    }
    assert columns["ambassadors"] & columns["responses"] <= {"id", "language"}
    contacts = query(demo_app, "SELECT * FROM ambassadors")
    assert contacts
    assert all(re.fullmatch(r"[0-9a-f]{32}", c["id"]) for c in contacts)
    assert len({c["email"] for c in contacts}) == len(contacts)
    opted_in = scalar(demo_app, "SELECT SUM(ambassador_opt_in) FROM responses")
    assert len(contacts) <= opted_in


def test_demo_prints_url_login_and_three_working_links(loaded):
    app, output = loaded
    assert app.config["PUBLIC_URL"] in output
    assert DEMO_ADMIN_EMAIL in output and DEMO_ADMIN_PASSWORD in output
    links = LINK.findall(output)
    assert len(links) == 3
    open_wave = scalar(app, "SELECT id FROM waves WHERE status = 'open'")
    languages = set()
    for base, token in links:
        assert base == app.config["PUBLIC_URL"]
        rows = query(
            app,
            """SELECT i.used, i.wave_id, p.language FROM invitations i
               JOIN people p ON p.id = i.person_id WHERE i.token_hash = ?""",
            (hash_token(token),),
        )
        assert [(r["used"], r["wave_id"]) for r in rows] == [(0, open_wave)]
        languages.add(rows[0]["language"])
    assert languages == {"nl", "en"}


def test_a_printed_link_opens_the_survey_once_the_form_exists(tmp_path):
    app = make_app(tmp_path / "demo.db")
    output = run_demo(app, "--people", "40").output
    links = LINK.findall(output)
    assert len(links) == 3
    try:
        app.url_map.bind("localhost").match(f"/s/{links[0][1]}")
    except NotFound:
        pytest.skip("the respondent form has not landed yet")
    for _, token in links:
        assert app.test_client().get(f"/s/{token}").status_code == 200


def test_the_demo_admin_can_sign_in(demo_app):
    response = demo_app.test_client().post(
        "/login", data={"email": DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD}
    )
    assert response.status_code == 302


def test_if_empty_loads_an_empty_database_and_then_only_prints(app):
    assert run_demo(app, "--if-empty", "--people", "30").exit_code == 0
    assert scalar(app, "SELECT COUNT(*) FROM people") == 30
    before = scalar(app, "SELECT COUNT(*) FROM responses")
    result = run_demo(app, "--if-empty")
    assert result.exit_code == 0, result.output
    assert "not loaded again" in result.output
    assert scalar(app, "SELECT COUNT(*) FROM responses") == before
    assert scalar(app, "SELECT COUNT(*) FROM surveys") == 1
    assert scalar(app, "SELECT COUNT(*) FROM users") == 1
    assert DEMO_ADMIN_PASSWORD in result.output and len(LINK.findall(result.output)) == 3


def test_loading_twice_is_refused(app):
    assert run_demo(app, "--people", "20").exit_code == 0
    result = run_demo(app, "--people", "20")
    assert result.exit_code == 1
    assert "FEEDBACK_DATABASE" in result.output
    assert scalar(app, "SELECT COUNT(*) FROM people") == 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--people", "19"], "--people must be at least 20"),
        (["--waves", "0"], "--waves must be between 1 and 12"),
        (["--waves", "13"], "--waves must be between 1 and 12"),
    ],
)
def test_bad_options_are_refused_with_a_message(app, args, message):
    result = run_demo(app, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert scalar(app, "SELECT COUNT(*) FROM people") == 0


def test_the_number_of_waves_is_an_option(app):
    assert run_demo(app, "--people", "30", "--waves", "2").exit_code == 0
    assert [w["status"] for w in query(app, "SELECT status FROM waves ORDER BY number")] == [
        "closed",
        "open",
    ]


def test_the_readme_documents_the_command_and_the_demo_login():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "`demo [" in readme
    assert DEMO_ADMIN_EMAIL in readme and DEMO_ADMIN_PASSWORD in readme


def test_help_explains_the_options(app):
    output = run_demo(app, "--help").output
    for option in ("--people", "--waves", "--seed", "--if-empty"):
        assert option in output


CONTENT = {
    "people": "SELECT * FROM people ORDER BY id",
    "responses": "SELECT * FROM responses ORDER BY id",
    "answers": "SELECT * FROM answers ORDER BY response_id, item_id",
    "comments": "SELECT response_id, wave_id, item_id, text FROM comments ORDER BY id",
    "ambassadors": "SELECT * FROM ambassadors ORDER BY id",
    "invitations": "SELECT wave_id, person_id, used FROM invitations ORDER BY id",
}


def content(tmp_path: Path, name: str, seed: str) -> dict[str, list[dict]]:
    app = make_app(tmp_path / name)
    assert run_demo(app, "--people", "60", "--seed", seed).exit_code == 0
    return {table: query(app, sql) for table, sql in CONTENT.items()}


def test_the_same_seed_gives_the_same_organisation_and_another_seed_does_not(tmp_path):
    first = content(tmp_path, "a.db", "7")
    assert content(tmp_path, "b.db", "7") == first
    other = content(tmp_path, "c.db", "8")
    for table in ("people", "answers", "comments"):
        assert other[table] != first[table]


@pytest.mark.slow
def test_the_full_demo_loads_with_every_comment_scored(app):
    """How long it takes is bench/scoring.py's figure (`demo_900_texts_seconds`), not a test's."""
    assert run_demo(app).exit_code == 0
    assert scalar(app, "SELECT COUNT(*) FROM people") == 600
    assert scalar(app, "SELECT COUNT(*) FROM comments") > 0
    assert scalar(app, "SELECT COUNT(*) FROM comments WHERE model_version IS NULL") == 0


def test_demo_response_ids_do_not_follow_the_answer_dates(tmp_path):
    content(tmp_path, "ids.db", "7")
    from feedback.db import connect

    database = connect(tmp_path / "ids.db")
    try:
        rows = database.execute(
            "SELECT id, submitted_on FROM responses ORDER BY submitted_on, id"
        ).fetchall()
        comment_ids = [r[0] for r in database.execute("SELECT id FROM comments")]
    finally:
        database.conn.close()
    ids = [r[0] for r in rows]
    assert ids != sorted(ids)
    assert max(ids) > 2**40 and max(comment_ids) > 2**40


@pytest.fixture(scope="module")
def full_demo(tmp_path_factory) -> Flask:
    app = make_app(tmp_path_factory.mktemp("full-demo") / "demo.db")
    result = run_demo(app)
    assert result.exit_code == 0, result.output
    return app


def test_the_release_model_hides_none_of_the_groups_the_story_is_about(full_demo):
    """docs/confidentiality.md: on a 600-person organisation the guard costs no
    organisation-level or department-level figure, and the groups the demo's story is about
    (the access site, the newcomers, Finance) are shown in every breakdown that has them."""
    from feedback.analytics.query import Query
    from feedback.analytics.results import results
    from feedback.db import get_db

    with full_demo.app_context():
        db = get_db()
        for wave in query(full_demo, "SELECT id, survey_id FROM waves WHERE status != 'scheduled'"):
            shown = {}
            for by in ("department", "location", "tenure_band"):
                out = results(db, Query.make(wave["survey_id"], wave["id"], by))
                assert not out["overall"].get("suppressed")
                shown[by] = {g["segment"] for g in out["groups"] if not g.get("suppressed")}
                if by == "department":
                    assert all(not g.get("suppressed") for g in out["groups"]), out["groups"]
            assert ACCESS_SITE in shown["location"]
            assert "< 6 months" in shown["tenure_band"]
            assert MOTIVATION_DEPARTMENT in shown["department"]


def _row_verdicts(html: str, label: str = r'<th scope="row">(.*?)</th>') -> dict[str, str]:
    """{row label: verdict} of a page's table rows that carry a diagnosis."""
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        name, verdict = re.search(label, row, re.S), re.search(r'data-verdict="(\w+)"', row)
        if name and verdict:
            out[unescape(re.sub(r"<a .*", "", name.group(1), flags=re.S)).strip()] = verdict.group(
                1
            )
    return out


def test_every_page_gives_each_department_the_same_diagnosis(full_demo):
    """Overview, heatmap, readiness matrix, actions, the API and the `results` command all
    show the one verdict of feedback.analytics.diagnosis, for every department and wave."""
    client = full_demo.test_client()
    client.post("/login", data={"email": DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD})
    runner = full_demo.test_cli_runner()
    token = runner.invoke(args=["create-token", DEMO_ADMIN_EMAIL]).output.strip()
    waves = query(full_demo, "SELECT id, survey_id FROM waves WHERE status != 'scheduled'")
    named = set()
    for wave in waves:
        args = {"survey": wave["survey_id"], "wave": wave["id"], "by": "department"}
        api = client.get(
            f"/api/v1/surveys/{wave['survey_id']}/results",
            query_string={"wave": wave["id"], "by": "department"},
            headers={"Authorization": f"Bearer {token}"},
        ).get_json()
        truth = {g["segment"]: g["diagnosis"]["verdict"] for g in api["groups"]}
        assert len(truth) == 11 and len(set(truth.values())) > 1
        cli = runner.invoke(
            args=[
                "results",
                str(wave["survey_id"]),
                "--wave",
                str(wave["id"]),
                "--by",
                "department",
            ]
        )
        assert {
            g["segment"]: g["diagnosis"]["verdict"] for g in json.loads(cli.output)["groups"]
        } == truth
        for page in (
            "/dashboard/heatmap",
            "/dashboard/matrix",
            "/dashboard/managers",
            "/dashboard/actions",
        ):
            shown = _row_verdicts(client.get(page, query_string=args).get_data(as_text=True))
            assert shown == truth, page
        overview = client.get("/dashboard/", query_string=args).get_data(as_text=True)
        for by, name, verdict in re.findall(
            r'data-group="(\w+):(.*?)".*?data-verdict="(\w+)"', overview, re.S
        ):
            if by == "department":
                assert truth[unescape(name)] == verdict
                named.add((unescape(name), verdict))
    assert (MOTIVATION_DEPARTMENT, "motivation") in named


def test_the_demo_logs_the_actions_its_story_implies_and_their_effect_shows(full_demo):
    actions = query(
        full_demo, "SELECT segment_by, segment_value, barrier, status FROM actions ORDER BY id"
    )
    assert {(a["segment_by"], a["segment_value"], a["barrier"]) for a in actions} == {
        ("location", ACCESS_SITE, "access"),
        ("tenure_band", "< 6 months", "knowledge"),
        ("department", MOTIVATION_DEPARTMENT, "motivation"),
    }
    client = full_demo.test_client()
    client.post("/login", data={"email": DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD})
    html = client.get("/dashboard/actions").get_data(as_text=True)
    assert html.count('class="verdict-change"') == 3  # the diagnosis then and now, per action
    overview = client.get("/dashboard/").get_data(as_text=True)
    markers = re.findall(r'<g class="chart-marker"><title>([^<]*)</title>', overview)
    assert markers and any(ACCESS_SITE in unescape(m) for m in markers), markers
    page = re.sub(r"<[^>]+>", " ", html)
    after_site = re.sub(r"\s+", " ", page.split(f"Location: {ACCESS_SITE}", 1)[1])[:400]
    before, after = (float(x) for x in re.findall(r"(\d+\.\d) → (\d+\.\d)", after_site)[1])
    assert after > before + 5  # readiness at the access site rose after tablets and SSO


def test_a_heatmap_row_opens_its_comments_and_they_are_that_group_s(full_demo):
    client = full_demo.test_client()
    client.post("/login", data={"email": DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD})
    html = client.get("/dashboard/heatmap", query_string={"by": "department"}).get_data(
        as_text=True
    )
    links = re.findall(
        r'<th scope="row">([^<]*) <a class="small comment-link" href="([^"]+)"', html
    )
    assert len(links) >= 5
    for name, link in links:
        page = client.get(unescape(link))
        assert page.status_code == 200
        assert f"department:{unescape(name)}" in unescape(page.get_data(as_text=True))
        assert 'class="list-group-item"' in page.get_data(as_text=True)
    filtered = client.get(
        "/dashboard/heatmap", query_string={"by": "department", "filter": "language:nl"}
    ).get_data(as_text=True)
    assert "comment-link" not in filtered  # a comment list is one group, never one in a filter


def test_the_demo_tells_employees_what_was_done_about_the_access_site(full_demo):
    """The story's finished action is published: its note is on the survey's public page, in
    the reader's language; the actions still in progress are not."""
    slug = scalar(full_demo, "SELECT slug FROM survey_slugs")
    client = full_demo.test_client()
    dutch = client.get(f"/updates/{slug}?lang=nl").get_data(as_text=True)
    english = client.get(f"/updates/{slug}?lang=en").get_data(as_text=True)
    assert "tablets en je meldt je aan met je gewone account" in dutch
    assert "you sign in with your usual account" in english
    assert "Leidinggevenden tonen" not in dutch + english
