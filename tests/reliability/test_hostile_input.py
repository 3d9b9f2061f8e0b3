"""Hostile input: fuzzed forms and roster files never give a 500; hostile comments are stored
verbatim (or refused with a clear message) and shown inert; oversized bodies get a 413 page."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from feedback.db import open_database
from tests.conftest import PASSWORD, make_user
from tests.factories import invite, make_person, make_survey, make_wave
from tests.reliability.conftest import signed_in

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE responses; --",
    "1 OR 1=1 UNION SELECT email FROM people",
    "\u202egnirts desrever\u202c and \u2066isolated\u2069",
    "zero\u200bwidth\u200djoiner\ufeff",
    "{{ config.SECRET_KEY }} {% raw %}",
    '=HYPERLINK("http://evil.example","click")',
    "emoji 👍🏽 and combining e\u0301",
    "javascript:alert(1)",
]
CONTROL = ["bell\x07", "escape\x1b[31mred", "nul\x00byte", "backspace\x08", "del\x7f"]
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Respondents:
    """A fresh invitation per submission, over one app and database."""

    def __init__(self, app, department: str = "Sales") -> None:
        self.app = app
        self.db = open_database(app)
        self.survey_id = make_survey(self.db)
        self.wave_id = make_wave(self.db, self.survey_id)
        self.items = list(
            self.db.query(
                "SELECT * FROM items WHERE survey_id = ? ORDER BY position", [self.survey_id]
            )
        )
        self.department = department

    def token(self) -> str:
        person = make_person(self.db, department=self.department, language="en")
        return invite(self.db, self.wave_id, person)

    def field(self, key: str) -> str:
        return "q" + str(next(i["id"] for i in self.items if i["key"] == key))

    def valid(self, comment: str = "fine") -> dict[str, str]:
        data = {}
        for item in self.items:
            if item["kind"] in ("likert", "scale"):
                data[f"q{item['id']}"] = "3"
        data[self.field("step_up")] = comment
        return data

    def count(self, sql: str, params=()) -> int:
        return self.db.execute(sql, list(params)).fetchone()[0]

    def consistent(self) -> bool:
        return self.count("SELECT COUNT(*) FROM invitations WHERE used = 1") == self.count(
            "SELECT COUNT(*) FROM responses"
        )

    def close(self) -> None:
        self.db.conn.close()


@pytest.fixture
def respondents(app):
    people = Respondents(app)
    yield people
    people.close()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_comment_is_stored_verbatim(app, respondents, text):
    response = app.test_client().post(f"/s/{respondents.token()}", data=respondents.valid(text))
    assert response.status_code == 302
    stored = [r[0] for r in respondents.db.execute("SELECT text FROM comments")]
    assert stored == [text]


@pytest.mark.parametrize("text", CONTROL)
def test_control_characters_are_refused_with_a_message(app, respondents, text):
    response = app.test_client().post(f"/s/{respondents.token()}", data=respondents.valid(text))
    assert response.status_code == 400
    assert "control characters" in response.get_data(
        as_text=True
    ) or "could not be read" in response.get_data(as_text=True)
    assert respondents.count("SELECT COUNT(*) FROM responses") == 0


def test_hostile_comments_are_shown_inert_in_the_comment_explorer(app, respondents):
    client = app.test_client()
    texts = HOSTILE + [f"plain comment {n}" for n in range(12 - len(HOSTILE))]
    for text in texts:
        assert (
            client.post(f"/s/{respondents.token()}", data=respondents.valid(text)).status_code
            == 302
        )
    admin = signed_in(app, "admin@example.org", "admin")
    page = admin.get("/dashboard/comments", query_string={"survey": respondents.survey_id})
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    for text in HOSTILE:
        assert str(escape(text)) in body, text


@given(
    comment=st.text(max_size=300),
    extra=st.text(max_size=40),
    likert=st.one_of(
        st.sampled_from(["1", "5", "", "0", "6", "x", "-1", "3.5"]), st.text(max_size=5)
    ),
    smuggled=st.dictionaries(
        st.sampled_from(
            [
                "q0",
                "q9999",
                "amb_consent",
                "amb_name",
                "amb_email",
                "csrf_token",
                "item_ids",
                "used",
                "wave_id",
            ]
        ),
        st.text(max_size=30),
        max_size=3,
    ),
    repeated=st.booleans(),
)
@FUZZ
def test_fuzzed_respondent_form_never_errors(
    app, respondents, comment, extra, likert, smuggled, repeated
):
    data: dict = respondents.valid(comment)
    data[respondents.field("awareness_why")] = [likert, "2"] if repeated else likert
    data[respondents.field("comment")] = extra
    data.update(smuggled)
    responses_before = respondents.count("SELECT COUNT(*) FROM responses")
    response = app.test_client().post(f"/s/{respondents.token()}", data=data)
    assert response.status_code in (302, 400), response.status_code
    stored = respondents.count("SELECT COUNT(*) FROM responses") - responses_before
    assert stored == (1 if response.status_code == 302 else 0)
    if response.status_code == 302 and comment.strip():
        normalised = comment.replace("\r\n", "\n").replace("\r", "\n")
        assert respondents.count("SELECT COUNT(*) FROM comments WHERE text = ?", [normalised]) >= 1
    assert respondents.consistent()


@given(email=st.text(max_size=80), password=st.text(max_size=80), nxt=st.text(max_size=40))
@FUZZ
def test_fuzzed_sign_in_never_errors(app, email, password, nxt):
    client = app.test_client()
    response = client.post(
        "/login", query_string={"next": nxt}, data={"email": email, "password": password}
    )
    assert response.status_code in (200, 400, 429), response.status_code


def test_sign_in_never_redirects_off_site(app):
    make_user(app, "admin@example.org", "admin")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"):
        client = app.test_client()
        response = client.post(
            "/login",
            query_string={"next": target},
            data={"email": "admin@example.org", "password": PASSWORD},
        )
        assert response.status_code == 302
        location = response.headers["Location"]
        parts = urlsplit(location)
        assert parts.netloc in ("", "localhost") and parts.scheme in ("", "http"), target
        assert location.startswith("/") and not location.startswith(("//", "/\\")), target


class Forms(HTMLParser):
    """The POST forms of a page: action and field names."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append((a.get("action") or "", set()))
        elif tag in ("input", "select", "textarea", "button") and self.forms and a.get("name"):
            self.forms[-1][1].add(a["name"])


def admin_forms(app, admin, org_ids: dict[str, int]) -> dict[str, set[str]]:
    """Every POST form on every admin and dashboard page an admin can open."""
    pages = [
        "/admin/surveys",
        "/admin/users",
        "/admin/roster",
        "/dashboard/comments",
        "/dashboard/actions",
        f"/admin/surveys/{org_ids['survey']}",
        f"/admin/waves/{org_ids['wave']}",
        f"/admin/items/{org_ids['item']}",
    ]
    found: dict[str, set[str]] = {}
    for url in pages:
        page = admin.get(url, query_string={"survey": org_ids["survey"]})
        if page.status_code != 200:
            continue
        parser = Forms()
        parser.feed(page.get_data(as_text=True))
        for action, names in parser.forms:
            if action.startswith("/") and "logout" not in action:
                found.setdefault(action.split("?")[0], set()).update(names - {"csrf_token"})
    return found


@pytest.fixture
def admin_setup(app, respondents):
    admin = signed_in(app, "admin@example.org", "admin")
    for n in range(3):
        admin_client_post = app.test_client().post(
            f"/s/{respondents.token()}", data=respondents.valid(f"ok {n}")
        )
        assert admin_client_post.status_code == 302
    item = respondents.items[0]["id"]
    ids = {"survey": respondents.survey_id, "wave": respondents.wave_id, "item": item}
    return admin, admin_forms(app, admin, ids)


@given(data=st.data())
@FUZZ
def test_fuzzed_admin_forms_never_error(app, admin_setup, data):
    admin, forms = admin_setup
    assert len(forms) >= 5, forms
    action = data.draw(st.sampled_from(sorted(forms)))
    names = sorted(forms[action])
    values = {
        name: data.draw(
            st.one_of(
                st.text(max_size=60), st.sampled_from(["", "0", "-1", "999999", "1", "nl", "admin"])
            )
        )
        for name in names
    }
    response = admin.post(action, data=values)
    assert response.status_code < 500, (action, values, response.status_code)


HEADER = "email,department,team,location,role,manager_email,start_date,language"
cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


def multipart(content: bytes, filename: str) -> dict:
    """A hand-built body: the test client spools big ones to a file it never closes."""
    boundary = "----reliability-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


@given(
    rows=st.lists(st.lists(cell, min_size=0, max_size=10), max_size=6),
    header=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]),
)
@FUZZ
def test_fuzzed_roster_import_never_errors(app, admin_client, rows, header, encoding):
    lines = ([HEADER] if header else []) + [",".join(r) for r in rows]
    content = "\n".join(lines).encode(encoding, "replace")
    response = admin_client.post("/admin/roster/upload", **multipart(content, "roster.csv"))
    assert response.status_code in (200, 400), response.status_code


@given(
    content=st.binary(max_size=2000),
    name=st.sampled_from(["roster.csv", "roster.xlsx", "roster.exe", "r", "../../x.csv"]),
)
@FUZZ
def test_fuzzed_roster_bytes_never_error(app, admin_client, content, name):
    response = admin_client.post("/admin/roster/upload", **multipart(content, name))
    assert response.status_code in (200, 400), response.status_code


def test_hostile_roster_cells_are_shown_escaped(app, admin_client):
    evil = "<script>alert(1)</script>"
    content = "\n".join([HEADER, f"a@example.org,{evil},T,Gent,employee,,2020-01-01,nl"])
    response = admin_client.post(
        "/admin/roster/upload", **multipart(content.encode(), "roster.csv")
    )
    body = response.get_data(as_text=True)
    assert response.status_code in (200, 400)
    assert evil not in body and str(escape(evil)) in body


@pytest.mark.parametrize("path_kind", ["survey", "login"])
def test_a_100_kb_payload_gets_a_413_page_and_stores_nothing(app, respondents, path_kind):
    url = f"/s/{respondents.token()}" if path_kind == "survey" else "/login"
    data = (
        respondents.valid("x" * 100_000)
        if path_kind == "survey"
        else {"email": "a@example.org", "password": "p" * 100_000}
    )
    response = app.test_client().post(url, data=data)
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "too large" in body
    assert respondents.count("SELECT COUNT(*) FROM responses") == 0


def test_a_100_kb_payload_is_413_in_dutch_too(app, respondents):
    data = respondents.valid("x" * 100_000)
    response = app.test_client().post(
        f"/s/{respondents.token()}?lang=nl", data=data, headers={"Accept-Language": "nl"}
    )
    assert response.status_code == 413
    assert "too large" not in response.get_data(as_text=True)


def test_non_utf8_and_odd_encodings_never_error(app, respondents):
    client = app.test_client()
    bodies = [b"\xff\xfe\x00garbage", b"q1=%FF%FE", b"=&&==&", b"csrf_token=" + b"A" * 5000]
    for body in bodies:
        response = client.post(
            f"/s/{respondents.token()}", data=body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (400, 413), (body[:20], response.status_code)
    odd = client.post(
        f"/s/{respondents.token()}", data=io.BytesIO(b"{}"), content_type="application/json"
    )
    assert odd.status_code == 400
    assert respondents.count("SELECT COUNT(*) FROM responses") == 0


def test_a_huge_query_string_and_path_never_error(app, respondents):
    client = app.test_client()
    assert client.get("/s/" + "A" * 5000).status_code == 404
    assert client.get("/login", query_string={"next": "x" * 8000}).status_code == 200
    assert (
        client.get(f"/s/{respondents.token()}", query_string={"lang": "<script>"}).status_code
        == 200
    )


QUERY_KEYS = ("survey", "wave", "by", "filter", "barrier", "sentiment", "lang", "page")
query_value = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "1",
            "0",
            "-1",
            "99999999999999999999",
            "department",
            "team:",
            "department:Sales",
            ":",
            "role:manager:x",
            "knowledge",
            "nl",
        ]
    ),
)


@pytest.fixture
def dashboard_pages(app, org):
    admin = signed_in(app, "admin@example.org", "admin")
    pages = [
        r.rule
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/dashboard") and "GET" in (r.methods or ()) and not r.arguments
    ]
    pages += ["/dashboard/export/results.csv", "/dashboard/export/heatmap.xlsx"]
    return admin, pages


@given(data=st.data())
@settings(FUZZ, max_examples=15)
def test_fuzzed_dashboard_queries_never_error(dashboard_pages, data):
    admin, pages = dashboard_pages
    page = data.draw(st.sampled_from(pages))
    query = data.draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS), query_value), max_size=5))
    response = admin.get(page, query_string=query)
    response.close()
    assert response.status_code < 500, (page, query, response.status_code)


FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)"]


def test_hostile_segment_names_are_inert_in_csv_exports(app, db):
    import csv
    import io

    from feedback.analytics.refresh import prepare_waves
    from feedback.respond.service import find_invitation, submit_response
    from tests.reliability.conftest import answers_for

    survey = make_survey(db)
    wave = make_wave(db, survey)
    items = list(db.query("SELECT * FROM items WHERE survey_id = ?", [survey]))
    for department in FORMULAS:
        for n in range(5):
            person = make_person(
                db, department=department, team=f"{department} team", language="en"
            )
            invitation = find_invitation(db, invite(db, wave, person))
            submit_response(db, invitation, answers_for(items, 3, f"note {n}"))
    prepare_waves(db)
    admin = signed_in(app, "admin@example.org", "admin")
    response = admin.get(
        "/dashboard/export/results.csv", query_string={"survey": survey, "by": "department"}
    )
    assert response.status_code == 200
    cells = [c for row in csv.reader(io.StringIO(response.get_data(as_text=True))) for c in row]
    assert any("HYPERLINK" in c for c in cells), "the hostile names are in the export"
    named = [c for c in cells if any(f[1:] in c for f in FORMULAS)]
    assert len(named) >= len(FORMULAS)
    assert [c for c in named if c[:1] in ("=", "+", "-", "@")] == []
