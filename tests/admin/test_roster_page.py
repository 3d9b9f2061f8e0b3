"""The roster page for thousands: sorting by column, counts per segment, deleting only after
a confirmation."""

from __future__ import annotations

import re

from tests.factories import make_person


def emails_on(page: str) -> list[str]:
    return re.findall(r"<td>([^<]+@example\.org)</td>", page)


def test_the_roster_sorts_by_any_column_both_ways(admin_client, db):
    make_person(db, email="b@example.org", location="Gent")
    make_person(db, email="a@example.org", location="Brugge")
    make_person(db, email="c@example.org", location="Antwerpen", active=0)
    by_location = admin_client.get("/admin/roster?sort=location").get_data(as_text=True)
    assert emails_on(by_location) == ["c@example.org", "a@example.org", "b@example.org"]
    assert 'aria-sort="ascending"' in by_location
    reverse = admin_client.get("/admin/roster?sort=location&dir=desc").get_data(as_text=True)
    assert emails_on(reverse) == ["b@example.org", "a@example.org", "c@example.org"]
    # The column's link turns the order around; the others start ascending.
    assert "/admin/roster?sort=location&amp;dir=desc" in by_location
    assert "/admin/roster?sort=email" in by_location


def test_sorting_keeps_to_the_search_and_the_pages(admin_client, db, monkeypatch):
    from feedback.admin import routes_roster

    monkeypatch.setattr(routes_roster, "PAGE_SIZE", 2)
    for name in "dcba":
        make_person(db, email=f"{name}@example.org", department="Ops")
    make_person(db, email="z@example.org", department="Sales")
    page = admin_client.get("/admin/roster?q=Ops&sort=email&dir=desc").get_data(as_text=True)
    assert emails_on(page) == ["d@example.org", "c@example.org"]
    assert "q=Ops&amp;sort=email&amp;dir=desc&amp;page=2" in page
    second = admin_client.get("/admin/roster?q=Ops&sort=email&dir=desc&page=2")
    assert emails_on(second.get_data(as_text=True)) == ["b@example.org", "a@example.org"]


def test_an_unknown_sort_falls_back_to_the_default_order(admin_client, db):
    make_person(db, email="a@example.org")
    response = admin_client.get("/admin/roster?sort=password_hash;DROP&dir=sideways")
    assert response.status_code == 200
    assert emails_on(response.get_data(as_text=True)) == ["a@example.org"]


def test_segment_counts_cover_the_whole_roster_most_first(admin_client, db, monkeypatch):
    from feedback.admin import routes_roster

    monkeypatch.setattr(routes_roster, "PAGE_SIZE", 1)
    for _ in range(3):
        make_person(db, department="Ops", location="Gent", start_date=None)
    make_person(db, department="Sales", location="Brugge")
    make_person(db, department="Legal", location="Brugge", active=0)
    page = admin_client.get("/admin/roster").get_data(as_text=True)
    counts = page[page.index("Active people per segment") :]
    department = counts[: counts.index("Location")]
    assert re.findall(r"<td>(\w+)</td><td class=\"text-end\">(\d+)</td>", department) == [
        ("Ops", "3"),
        ("Sales", "1"),
    ]
    assert '<td>unknown</td><td class="text-end">3</td>' in counts  # tenure without a start


def test_delete_asks_first_and_get_changes_nothing(admin_client, db):
    person_id = make_person(db, email="leaver@example.org")
    roster = admin_client.get("/admin/roster").get_data(as_text=True)
    assert f'href="/admin/people/{person_id}/delete"' in roster
    confirm = admin_client.get(f"/admin/people/{person_id}/delete")
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Delete leaver@example.org?" in text and "This cannot be undone." in text
    assert f'action="/admin/people/{person_id}/delete"' in text and 'method="post"' in text
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 1
    admin_client.post(f"/admin/people/{person_id}/delete")
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 0


def test_confirming_the_deletion_of_nobody_is_a_404(admin_client):
    for bad in ("999", "0", "-1", str(2**63), "abc"):
        response = admin_client.get(f"/admin/people/{bad}/delete")
        assert response.status_code == 404, bad


def test_a_viewer_sees_neither_the_roster_nor_its_counts(viewer_client, db):
    person_id = make_person(db)
    assert viewer_client.get("/admin/roster").status_code == 403
    assert viewer_client.get(f"/admin/people/{person_id}/delete").status_code == 403
