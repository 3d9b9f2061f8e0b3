"""The admin's open-link pages: make a link per location, show its key once, print the poster
(SVG, PDF) only with the key, switch it off, give it a new key."""

from __future__ import annotations

import re

from feedback.tokens import hash_token
from tests.factories import make_person, make_survey, make_wave

URL = re.compile(r'<code class="open-link-url">(http://[^<]+/o/([A-Za-z0-9_-]+))</code>')


def wave(db) -> int:
    wave_id = make_wave(db, make_survey(db))
    make_person(db, department="Sales", location="Gent")
    make_person(db, department="Logistics", location="Antwerpen")
    return wave_id


def create(admin_client, wave_id: int, location: str = "Gent"):
    return admin_client.post(f"/admin/waves/{wave_id}/open-links", data={"location": location})


def test_an_admin_makes_a_link_and_sees_its_key_once(admin_client, db):
    wave_id = wave(db)
    listing = admin_client.get(f"/admin/waves/{wave_id}/open-links?lang=en")
    assert listing.status_code == 200
    assert '<option value="Antwerpen">' in listing.get_data(as_text=True)
    made = create(admin_client, wave_id)
    assert made.status_code == 200
    url, key = URL.search(made.get_data(as_text=True)).groups()
    assert url.endswith(f"/o/{key}")
    [row] = list(db.query("SELECT * FROM open_links"))
    assert row["key_hash"] == hash_token(key) and key not in str(row)
    assert admin_client.get(url.split("5000")[1]).status_code == 200
    assert key not in admin_client.get(f"/admin/waves/{wave_id}/open-links").get_data(as_text=True)


def test_posters_in_svg_and_pdf_carry_the_url(admin_client, db):
    wave_id = wave(db)
    url, key = URL.search(create(admin_client, wave_id).get_data(as_text=True)).groups()
    svg = admin_client.post("/admin/open-links/1/poster.svg", data={"key": key})
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    text = svg.get_data(as_text=True)
    assert url in text and "anoniem" in text and "anonymous" in text
    assert text.count("<path") == 1 and "Gent" in text
    pdf = admin_client.post("/admin/open-links/1/poster.pdf", data={"key": key})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    body = pdf.get_data()
    assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
    assert f"({url}) Tj".encode() in body
    assert b"re" in body and b"/Helvetica-Bold" in body


def test_a_poster_needs_the_current_key(admin_client, db):
    wave_id = wave(db)
    _url, key = URL.search(create(admin_client, wave_id).get_data(as_text=True)).groups()
    for forged in ("", "x" * 22, key + "x"):
        sent = admin_client.post("/admin/open-links/1/poster.pdf", data={"key": forged})
        assert sent.status_code == 409
    assert admin_client.post("/admin/open-links/1/poster.gif", data={"key": key}).status_code == 404
    assert admin_client.post("/admin/open-links/9/poster.svg", data={"key": key}).status_code == 404


def test_a_new_key_stops_the_old_one(admin_client, client, db):
    wave_id = wave(db)
    _url, old = URL.search(create(admin_client, wave_id).get_data(as_text=True)).groups()
    renewed = admin_client.post("/admin/open-links/1/key")
    _url, new = URL.search(renewed.get_data(as_text=True)).groups()
    assert new != old
    assert admin_client.get(f"/o/{old}").status_code == 404
    assert admin_client.get(f"/o/{new}").status_code == 200


def test_one_link_per_location_and_only_roster_locations(admin_client, db):
    wave_id = wave(db)
    create(admin_client, wave_id)
    assert create(admin_client, wave_id).status_code == 409
    assert create(admin_client, wave_id, "Mars").status_code == 400
    assert create(admin_client, 999, "Gent").status_code == 404
    assert db.execute("SELECT COUNT(*) FROM open_links").fetchone()[0] == 1


def test_switching_off_and_on(admin_client, db):
    wave_id = wave(db)
    _url, key = URL.search(create(admin_client, wave_id).get_data(as_text=True)).groups()
    assert admin_client.post("/admin/open-links/1/active").status_code == 302
    assert admin_client.get(f"/o/{key}").status_code == 410
    admin_client.post("/admin/open-links/1/active")
    assert admin_client.get(f"/o/{key}").status_code == 200


def test_a_closed_wave_gets_no_new_links(admin_client, db):
    wave_id = wave(db)
    create(admin_client, wave_id)
    with db.conn:
        db.execute("UPDATE waves SET status = 'closed' WHERE id = ?", [wave_id])
    assert create(admin_client, wave_id, "Antwerpen").status_code == 409
    assert admin_client.post("/admin/open-links/1/key").status_code == 409


def test_the_pages_are_for_admins_only(app, viewer_client, db):
    wave_id = wave(db)
    assert viewer_client.get(f"/admin/waves/{wave_id}/open-links").status_code == 403
    assert viewer_client.post(f"/admin/waves/{wave_id}/open-links").status_code == 403
    assert app.test_client().get(f"/admin/waves/{wave_id}/open-links").status_code == 302


def test_the_wave_page_links_to_the_open_links(admin_client, db):
    wave_id = wave(db)
    page = admin_client.get(f"/admin/waves/{wave_id}?lang=en").get_data(as_text=True)
    assert f"/admin/waves/{wave_id}/open-links" in page
    assert "of which through open links" in page
