"""Answering through an open link: pick a department, answer once per browser, stored with
location and department only and marked as an open-link answer."""

from __future__ import annotations

import datetime as dt

from feedback.openlinks.links import set_active
from tests.openlinks.conftest import answers, visit


def responses(db) -> list[dict]:
    return list(db.query("SELECT * FROM responses"))


def test_the_page_offers_the_departments_at_the_location(client, open_setup):
    page = visit(client, open_setup.url).get_data(as_text=True)
    assert 'value="Sales"' in page and 'value="Finance"' in page
    assert "Logistics" not in page  # works in Antwerpen
    assert "Gent" in page
    assert "data-no-draft" in page  # a shared device keeps no draft


def test_an_answer_is_stored_with_location_and_department_only(client, db, open_setup):
    visit(client, open_setup.url)
    sent = client.post(open_setup.url, data=answers(open_setup.items, "Finance"))
    assert sent.status_code == 302 and "/s/thanks" in sent.headers["Location"]
    [row] = responses(db)
    assert (row["department"], row["location"], row["open_link"]) == ("Finance", "Gent", 1)
    assert (row["team"], row["role"], row["tenure_band"]) == ("unknown",) * 3
    assert row["submitted_on"] == dt.date.today().isoformat()
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] > 0


def test_a_second_answer_from_the_same_browser_is_refused(client, db, open_setup):
    visit(client, open_setup.url)
    assert client.post(open_setup.url, data=answers(open_setup.items)).status_code == 302
    again = client.post(open_setup.url, data=answers(open_setup.items))
    assert again.status_code == 409
    assert "already sent from this browser" in again.get_data(as_text=True)
    assert client.get(open_setup.url).status_code == 409
    assert len(responses(db)) == 1


def test_another_browser_may_answer(app, client, db, open_setup):
    visit(client, open_setup.url)
    client.post(open_setup.url, data=answers(open_setup.items))
    other = app.test_client()
    visit(other, open_setup.url)
    assert other.post(open_setup.url, data=answers(open_setup.items)).status_code == 302
    assert len(responses(db)) == 2


def test_the_vote_table_holds_nothing_that_joins_to_a_response(client, db, open_setup):
    visit(client, open_setup.url)
    client.post(open_setup.url, data=answers(open_setup.items))
    columns = [c.name for c in db["open_link_votes"].columns]
    assert columns == ["wave_id", "voter_hash"]
    [vote] = list(db.query("SELECT * FROM open_link_votes"))
    cookie = client.get_cookie("goesting_device", path="/o/").value
    assert cookie not in str(vote)  # only a hash of it
    [response] = responses(db)
    assert str(response["id"]) not in str(vote)


def test_without_the_device_cookie_nothing_is_stored(client, db, open_setup):
    sent = client.post(open_setup.url, data=answers(open_setup.items))
    assert sent.status_code == 400
    assert "Allow cookies" in sent.get_data(as_text=True)
    assert responses(db) == []


def test_a_department_not_offered_is_refused(client, db, open_setup):
    visit(client, open_setup.url)
    for department in ("Logistics", "", "Sales' OR 1=1"):
        sent = client.post(open_setup.url, data=answers(open_setup.items, department))
        assert sent.status_code == 400
        assert "choose your department" in sent.get_data(as_text=True)
    assert responses(db) == []


def test_a_missing_answer_comes_back_with_the_department_kept(client, db, open_setup):
    visit(client, open_setup.url)
    data = answers(open_setup.items, "Finance")
    data.pop(next(k for k in data if k.startswith("q")))
    sent = client.post(open_setup.url, data=data)
    assert sent.status_code == 400
    assert 'value="Finance" aria-describedby="department-help" checked' in sent.get_data(
        as_text=True
    )
    assert responses(db) == []


def test_unknown_and_malformed_keys_are_404(client):
    for key in ("x" * 22, "short", "../etc", "%00" * 10):
        assert client.get(f"/o/{key}").status_code == 404


def test_a_switched_off_link_takes_no_answer(client, db, open_setup):
    visit(client, open_setup.url)
    set_active(db, open_setup.link_id, False)
    assert client.get(open_setup.url).status_code == 410
    assert client.post(open_setup.url, data=answers(open_setup.items)).status_code == 410
    assert responses(db) == []


def test_the_link_stops_with_the_wave(client, db, open_setup):
    visit(client, open_setup.url)
    with db.conn:
        db.execute("UPDATE waves SET status = 'closed' WHERE id = ?", [open_setup.wave_id])
    assert client.get(open_setup.url).status_code == 410
    assert client.post(open_setup.url, data=answers(open_setup.items)).status_code == 410
    assert responses(db) == []


def test_the_page_speaks_dutch_and_english(client, open_setup):
    dutch = visit(client, f"/o/{open_setup.key}", headers={"Accept-Language": "nl-BE"})
    assert "Op welke afdeling werk je?" in dutch.get_data(as_text=True)
    english = visit(client, f"/o/{open_setup.key}", headers={"Accept-Language": "en-GB"})
    assert "Which department do you work in?" in english.get_data(as_text=True)
