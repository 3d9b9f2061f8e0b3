"""The analytics pages through the test client: figures, suppression, scope, refusals."""

from __future__ import annotations

import re

from tests.analytics import builders
from tests.conftest import make_user, sign_in

PAGES = [
    "/dashboard/",
    "/dashboard/heatmap",
    "/dashboard/matrix",
    "/dashboard/managers",
    "/dashboard/ambassadors",
]


def small_org(db) -> tuple[int, int, int]:
    """Two waves: IT (12), Finance (9), HR (7) and Tiny (3 people)."""
    s = builders.survey(db)
    w1 = builders.wave(db, s, 1)
    w2 = builders.wave(db, s, 2)
    for w, it in ((w1, 3), (w2, 4)):
        builders.group(db, w, 12, builders.uniform(it, scaling=8, advocacy=9), department="IT")
        builders.group(db, w, 9, {**builders.uniform(4), "desire": 2}, department="Finance")
        builders.group(db, w, 7, builders.uniform(4), department="HR")
        builders.group(db, w, 3, builders.uniform(1, scaling=0, advocacy=0), department="Tiny")
        builders.prepared(db, w)
    return s, w1, w2


def heat_row(html: str, name: str) -> str:
    match = re.search(rf'<th scope="row">{name}(?: <a [^>]*>[^<]*</a>)?</th>(.*?)</tr>', html, re.S)
    assert match, name
    return match.group(1)


def test_every_page_renders_and_needs_sign_in(client, admin_client, db):
    small_org(db)
    for url in PAGES:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "<script>" not in response.get_data(as_text=True)
    anonymous = client.application.test_client()
    assert anonymous.get("/dashboard/").status_code == 302


def test_a_group_of_three_is_shown_without_figures(admin_client, db):
    small_org(db)
    html = admin_client.get("/dashboard/heatmap").get_data(as_text=True)
    assert "too few to show" in heat_row(html, "Tiny")
    assert "1.00" not in heat_row(html, "Tiny")
    assert "too few to show" in heat_row(html, "HR")  # hidden as the complement
    it = heat_row(html, "IT")
    assert "4.00" in it and "+1.00" in it and ">12<" in it
    assert "Desire" in heat_row(html, "Finance")  # barrier point
    assert "band-weak" in heat_row(html, "Finance")


def test_charts_carry_accessible_text(admin_client, db):
    small_org(db)
    html = admin_client.get("/dashboard/").get_data(as_text=True)
    assert html.count('role="img"') >= 5
    assert '<title id="chart-index-t">' in html and "<desc" in html
    assert 'class="visually-hidden"' in html
    assert "http://" not in html.split("<main", 1)[1].replace("http://www.w3.org/2000/svg", "")


def test_a_filter_that_isolates_a_small_group_is_refused(admin_client, db):
    small_org(db)
    refused = admin_client.get("/dashboard/heatmap?filter=department:Tiny")
    assert refused.status_code == 422
    assert "fewer than 5" in refused.get_data(as_text=True)
    assert admin_client.get("/dashboard/heatmap?filter=department:IT").status_code == 200


def test_bad_query_arguments_are_4xx(admin_client, db):
    small_org(db)
    assert admin_client.get("/dashboard/heatmap?by=email").status_code == 400
    assert admin_client.get("/dashboard/heatmap?filter=email:x").status_code == 400
    assert admin_client.get("/dashboard/heatmap?wave=999").status_code == 404
    assert admin_client.get("/dashboard/heatmap?wave=abc").status_code == 400


def test_a_viewer_sees_only_their_departments(app, db):
    small_org(db)
    make_user(app, "fin@example.org", "viewer", ["Finance"])
    client = app.test_client()
    sign_in(client, "fin@example.org")
    for url in PAGES:
        html = client.get(url + "?by=department").get_data(as_text=True)
        assert (
            "IT"
            not in re.sub(r"<(head|nav)>.*?</\1>", "", html, flags=re.S).split('id="sel-filter"')[1]
        ), url
    heat = client.get("/dashboard/heatmap").get_data(as_text=True)
    assert ">9<" in heat_row(heat, "Finance")
    overview = client.get("/dashboard/").get_data(as_text=True)
    assert "9 respondents" in overview


def test_ambassador_contacts_are_for_admins_only(app, admin_client, db):
    s, _, _ = small_org(db)
    db.table("ambassadors").insert(
        {
            "id": "x1",
            "survey_id": s,
            "name": "An",
            "email": "=cmd@x.org",
            "language": "nl",
            "consent": 1,
        }
    )
    html = admin_client.get("/dashboard/ambassadors").get_data(as_text=True)
    assert "=cmd@x.org" in html
    csv = admin_client.get(f"/dashboard/ambassadors.csv?survey={s}")
    assert csv.status_code == 200 and "'=cmd@x.org" in csv.get_data(as_text=True)
    make_user(app, "v@example.org", "viewer")
    viewer = app.test_client()
    sign_in(viewer, "v@example.org")
    assert viewer.get(f"/dashboard/ambassadors.csv?survey={s}").status_code == 403
    assert "cmd@x.org" not in viewer.get("/dashboard/ambassadors").get_data(as_text=True)


def test_empty_dashboard_says_so(admin_client):
    response = admin_client.get("/dashboard/")
    assert response.status_code == 200
    assert "There is no survey yet." in response.get_data(as_text=True)


def test_overview_names_where_to_act_and_what_changed(admin_client, db):
    small_org(db)
    html = admin_client.get("/dashboard/").get_data(as_text=True)
    attention = html.split("Where to act first", 1)[1].split("What changed", 1)[0]
    finance = attention.split("<strong>Finance</strong>", 1)[1].split("</li>", 1)[0]
    assert 'data-verdict="motivation"' in finance and "desire" in finance
    assert "IT" not in attention  # no barrier point left in wave 2
    assert "Biggest movers" in html and "IT: 50.0 → 75.0" in html


def test_the_root_leads_to_the_overview(admin_client):
    response = admin_client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/")


def test_the_overview_says_how_the_wave_stands(admin_client, db):
    from tests.factories import invite, make_person

    _s, _w1, w2 = small_org(db)
    for n in range(3):
        invite(db, w2, make_person(db, email=f"r{n}@example.org"))
    with db.conn:
        db.execute("UPDATE invitations SET reminders = 2 WHERE wave_id = ?", [w2])
    html = admin_client.get("/dashboard/").get_data(as_text=True)
    assert "closed on 2026-02-26" in html and "2 reminders sent" in html
