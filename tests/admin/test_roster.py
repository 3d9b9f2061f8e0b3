"""Roster import: a preview with every row's problems, nothing written until confirmed."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import Workbook

from tests.factories import make_person

HEADER = "email,department,team,location,role,manager_email,start_date,language"
GOOD = [
    "ann@example.org,Sales,Inside,Gent,manager,,2019-04-01,nl",
    "bob@example.org,Sales,Inside,Gent,employee,ann@example.org,2024-02-01,en",
    "cas@example.org,IT,Ops,Brussel,key user,ann@example.org,,nl",
]


def csv_file(lines: list[str], name: str = "roster.csv", encoding: str = "utf-8"):
    return (io.BytesIO("\n".join([HEADER, *lines]).encode(encoding)), name)


def upload(client, file, **fields):
    return client.post("/admin/roster/upload", **multipart(file, **fields))


def multipart(file, **fields) -> dict:
    """The request body built here: the test client spools big bodies to a file it never
    closes (a ResourceWarning, an error under filterwarnings=error)."""
    stream, name = file
    boundary = "----goesting-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + stream.read()
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def people(db) -> list[tuple]:
    return db.execute(
        "SELECT email, department, role, active FROM people ORDER BY email"
    ).fetchall()


def confirm(client, page: str):
    key = re.search(r"/admin/roster/confirm/([\w-]+)", page).group(1)
    return client.post(f"/admin/roster/confirm/{key}", follow_redirects=True)


def test_a_clean_file_is_previewed_then_applied(admin_client, db):
    response = upload(admin_client, csv_file(GOOD))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Confirming adds 3, updates 0 and deactivates 0 people." in page
    assert people(db) == []
    done = confirm(admin_client, page)
    assert "Roster updated: 3 added, 0 updated, 0 deactivated." in done.get_data(as_text=True)
    assert people(db) == [
        ("ann@example.org", "Sales", "manager", 1),
        ("bob@example.org", "Sales", "employee", 1),
        ("cas@example.org", "IT", "key_user", 1),
    ]


def test_a_preview_is_applied_only_once(admin_client, db):
    page = upload(admin_client, csv_file(GOOD)).get_data(as_text=True)
    confirm(admin_client, page)
    again = confirm(admin_client, page)
    assert "This preview has expired or was already applied." in again.get_data(as_text=True)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "not-an-email,Sales,Inside,Gent,employee,,,nl",
            "Not a valid e-mail address: &#39;not-an-email&#39;.",
        ),
        (
            "dan@example.org,Sales,Inside,Gent,employee,,,fr",
            "Unknown language &#39;fr&#39;; use nl or en.",
        ),
        ("dan@example.org,Sales,Inside,Gent,boss,,,nl", "Unknown role &#39;boss&#39;"),
        (
            "bob@example.org,Sales,Inside,Gent,employee,,,nl",
            "Duplicate: this e-mail is also on line 3.",
        ),
        (
            "dan@example.org,Sales,Inside,Gent,employee,zed@example.org,,nl",
            "The manager zed@example.org is not on the roster.",
        ),
        (
            "dan@example.org,Sales,Inside,Gent,employee,,31/02/2024,nl",
            "Not a date: &#39;31/02/2024&#39;",
        ),
        ("dan@example.org,,Inside,Gent,employee,,,nl", "The column department is empty."),
    ],
)
def test_bad_rows_are_shown_and_nothing_is_written(admin_client, db, row, message):
    response = upload(admin_client, csv_file([*GOOD, row]))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "1 row has a problem. Nothing was saved" in page
    assert "/admin/roster/confirm/" not in page
    assert people(db) == []
    assert db.execute("SELECT COUNT(*) FROM pending_imports").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ((io.BytesIO(b"hello"), "roster.txt"), "Upload a .csv or .xlsx file."),
        (
            (io.BytesIO(HEADER.encode() + "\nzoë@example.org".encode("latin-1")), "r.csv"),
            "The file is not UTF-8 text.",
        ),
        (
            (io.BytesIO(b"email,department\nann@example.org,Sales"), "r.csv"),
            "The file lacks these columns: team, location, role, manager_email, start_date, "
            "language.",
        ),
        ((io.BytesIO(b""), "r.csv"), "The file is empty."),
        ((io.BytesIO(HEADER.encode() + b"\n"), "r.csv"), "The file has a header but no people."),
        ((io.BytesIO(b"PK\x03\x04 broken"), "r.xlsx"), "The Excel file could not be read."),
        ((io.BytesIO(b"x" * (5 * 1024 * 1024 + 1)), "r.csv"), "The file is larger than 5 MB."),
        ((io.BytesIO(b"x" * (6 * 1024 * 1024)), "r.csv"), "The file is larger than 5 MB."),
    ],
    ids=["extension", "encoding", "columns", "empty", "header-only", "bad-xlsx", "5MB+1", "6MB"],
)
def test_bad_files_are_refused_with_a_clear_message(admin_client, db, file, message):
    response = upload(admin_client, file)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert people(db) == []
    assert db.execute("SELECT COUNT(*) FROM pending_imports").fetchone()[0] == 0


def test_no_file_is_refused(admin_client, db):
    response = admin_client.post(
        "/admin/roster/upload", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)


def test_an_xlsx_file_with_real_dates_is_read(admin_client, db):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["Eva@Example.org", "HR", "People", "Gent", "editor", None, dt.datetime(2021, 3, 4), "EN"]
    )
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    page = upload(admin_client, (data, "roster.xlsx")).get_data(as_text=True)
    confirm(admin_client, page)
    row = db.execute("SELECT email, start_date, language FROM people").fetchone()
    assert row == ("eva@example.org", "2021-03-04", "en")


def test_semicolons_and_a_bom_as_excel_writes_them(admin_client, db):
    text = "\ufeff" + "\n".join([HEADER.replace(",", ";"), GOOD[0].replace(",", ";")])
    page = upload(admin_client, (io.BytesIO(text.encode()), "r.csv")).get_data(as_text=True)
    confirm(admin_client, page)
    assert people(db) == [("ann@example.org", "Sales", "manager", 1)]


def test_reimport_updates_people_and_deactivates_leavers(admin_client, db):
    confirm(admin_client, upload(admin_client, csv_file(GOOD)).get_data(as_text=True))
    moved = "bob@example.org,IT,Ops,Brussel,employee,ann@example.org,2024-02-01,en"
    page = upload(admin_client, csv_file([GOOD[0], moved])).get_data(as_text=True)
    assert "Confirming adds 0, updates 2 and deactivates 1 people." in page
    confirm(admin_client, page)
    assert people(db) == [
        ("ann@example.org", "Sales", "manager", 1),
        ("bob@example.org", "IT", "employee", 1),
        ("cas@example.org", "IT", "key_user", 0),
    ]


def test_deleting_a_person_removes_invitations_but_not_answers(admin_client, db):
    from tests.factories import invite, make_person, make_response, make_survey, make_wave

    survey_id = make_survey(db)
    wave_id = make_wave(db, survey_id)
    person_id = make_person(db)
    invite(db, wave_id, person_id)
    make_response(db, wave_id, team="A")
    response = admin_client.post(f"/admin/people/{person_id}/delete", follow_redirects=True)
    assert "answers are kept" in response.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM invitations").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 1


def test_deleting_an_unknown_person_is_a_404(admin_client):
    response = admin_client.post("/admin/people/999/delete")
    assert response.status_code == 404
    assert "There is no such person on the roster." in response.get_data(as_text=True)


def test_the_roster_comes_in_pages_and_can_be_searched(admin_client, db, monkeypatch):
    from feedback.admin import routes_roster

    monkeypatch.setattr(routes_roster, "PAGE_SIZE", 4)
    for n in range(9):
        make_person(
            db,
            email=f"p{n}@example.org",
            department="Financiën" if n < 3 else "Ops",
            team="T",
            location="Gent",
        )
    first = admin_client.get("/admin/roster").get_data(as_text=True)
    assert first.count("@example.org</td>") == 4 and "Page 1 of 3" in first
    third = admin_client.get("/admin/roster?page=3").get_data(as_text=True)
    assert third.count("@example.org</td>") == 1
    found = admin_client.get("/admin/roster?q=financiën").get_data(as_text=True)
    assert found.count("@example.org</td>") == 3 and "3 matches" in found
    assert "Nobody on the roster matches" in admin_client.get("/admin/roster?q=zzz").get_data(
        as_text=True
    )
    assert admin_client.get("/admin/roster?page=x").status_code == 400
    assert admin_client.get("/admin/roster?q=%25_%5C").status_code == 200
