"""The respondent flow end to end, through the test client."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from feedback.segments import tenure_band
from tests.factories import invite, make_person, make_survey, make_wave
from tests.respond.conftest import count, csrf_token, make_setup, valid_answers


def test_the_form_is_in_the_roster_language_with_every_item(client, setup):
    page = client.get(setup.url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="nl">' in html
    for item in setup.items:
        assert item["text_nl"].replace("'", "&#39;") in html
    assert "Helemaal oneens" in html
    assert html.count('type="radio"') == 10 * 5 + 2 * 11


def test_the_language_switch_shows_english(client, setup):
    html = client.get(f"{setup.url}?lang=en").get_data(as_text=True)
    assert setup.item("desire_want")["text_en"] in html
    assert "Strongly disagree" in html
    assert f'action="{setup.url}?lang=en"' in html


def test_an_english_speaker_gets_english_without_asking(client, db):
    setup = make_setup(db, language="en")
    html = client.get(setup.url).get_data(as_text=True)
    assert setup.item("awareness_why")["text_en"] in html


def test_the_page_has_no_inline_script_or_style(client, setup):
    html = client.get(setup.url).get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "onclick" not in html


def test_a_submission_is_stored_and_thanked(client, db, setup):
    response = client.post(setup.url, data=valid_answers(setup))
    assert response.status_code == 302
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200
    assert "Je antwoorden zijn bewaard" in thanks.get_data(as_text=True)

    today = dt.date.today()
    [row] = list(db.query("SELECT * FROM responses"))
    assert row["wave_id"] == setup.wave_id
    assert row["submitted_on"] == today.isoformat()
    assert (row["department"], row["team"], row["location"], row["role"], row["language"]) == (
        "Sales",
        "Inside sales",
        "Gent",
        "employee",
        "nl",
    )
    assert row["tenure_band"] == tenure_band("2020-01-15", today)
    assert row["ambassador_opt_in"] == 0
    answers = {r["item_id"]: r["value"] for r in db.query("SELECT * FROM answers")}
    assert answers[setup.item("scaling")["id"]] == 7
    assert answers[setup.item("advocacy")["id"]] == 9
    assert sum(1 for v in answers.values() if v == 4) == 10
    [comment] = list(db.query("SELECT * FROM comments"))
    assert comment["text"] == "Een korte opleiding zou me helpen."
    assert (comment["item_id"], comment["wave_id"]) == (setup.item("step_up")["id"], setup.wave_id)
    assert db.execute("SELECT used FROM invitations").fetchone()[0] == 1


def test_comment_text_is_stored_verbatim(client, db, setup):
    text = "  Ik weet niet hoe 😅\n\tHelp & <b>uitleg</b> graag  "
    data = valid_answers(setup) | {f"q{setup.item('comment')['id']}": text}
    assert client.post(setup.url, data=data).status_code == 302
    texts = {r["item_id"]: r["text"] for r in db.query("SELECT * FROM comments")}
    assert texts[setup.item("comment")["id"]] == text


def test_optional_items_may_stay_empty(client, db, setup):
    data = valid_answers(setup)
    del data[f"q{setup.item('step_up')['id']}"]
    assert client.post(setup.url, data=data).status_code == 302
    assert count(db, "comments") == 0
    assert count(db, "responses") == 1


def test_an_ambassador_opt_in_is_stored_apart(client, db, setup):
    data = valid_answers(setup) | {
        "amb_name": "An Peeters",
        "amb_email": "an@example.org",
        "amb_consent": "y",
    }
    assert client.post(f"{setup.url}?lang=en", data=data).status_code == 302
    [ambassador] = list(db.query("SELECT * FROM ambassadors"))
    assert ambassador["name"] == "An Peeters"
    assert ambassador["email"] == "an@example.org"
    assert ambassador["survey_id"] == setup.survey_id
    assert ambassador["language"] == "en"
    assert ambassador["consent"] == 1
    assert db.execute("SELECT ambassador_opt_in FROM responses").fetchone()[0] == 1


def test_the_same_link_again_is_a_friendly_409(client, db, setup):
    assert client.post(setup.url, data=valid_answers(setup)).status_code == 302
    again = client.get(setup.url)
    assert again.status_code == 409
    assert "Je hebt deze ronde al beantwoord, bedankt." in again.get_data(as_text=True)
    assert (
        client.get(f"{setup.url}?lang=en")
        .get_data(as_text=True)
        .count("You already answered this wave, thank you.")
        == 1
    )
    resubmit = client.post(setup.url, data=valid_answers(setup))
    assert resubmit.status_code == 409
    assert count(db, "responses") == 1


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "short", "a" * 500, "%FF%FE" * 8, "%00" * 20, "é" * 43, "abc def ghi jkl mno"],
)
def test_an_unknown_or_malformed_token_is_a_404(client, setup, token):
    for method in (client.get, client.post):
        response = method(f"/s/{token}")
        assert response.status_code == 404
        assert "We kennen deze enquêtelink niet" in response.get_data(as_text=True) or (
            "We do not know this survey link" in response.get_data(as_text=True)
        )


@pytest.mark.parametrize(
    "status, opens, closes",
    [("closed", -7, 7), ("open", -14, -1), ("closed", -14, -1)],
)
def test_a_closed_wave_is_a_410(client, db, status, opens, closes):
    today = dt.date.today()
    survey_id = make_survey(db)
    wave_id = make_wave(
        db,
        survey_id,
        status=status,
        opens_on=today + dt.timedelta(days=opens),
        closes_on=today + dt.timedelta(days=closes),
    )
    token = invite(db, wave_id, make_person(db, language="en"))
    for method in (client.get, client.post):
        response = method(f"/s/{token}")
        assert response.status_code == 410
        assert "This survey round is closed" in response.get_data(as_text=True)
    assert count(db, "responses") == 0


def test_a_wave_open_until_today_still_takes_answers(client, db):
    today = dt.date.today()
    setup = make_setup(db)
    db.execute("UPDATE waves SET closes_on = ? WHERE id = ?", [today.isoformat(), setup.wave_id])
    assert client.post(setup.url, data=valid_answers(setup)).status_code == 302


@pytest.mark.parametrize("status, opens", [("scheduled", -1), ("open", 3), ("scheduled", 3)])
def test_a_wave_not_yet_open_says_when_it_opens(client, db, status, opens):
    today = dt.date.today()
    survey_id = make_survey(db)
    wave_id = make_wave(db, survey_id, status=status, opens_on=today + dt.timedelta(days=opens))
    token = invite(db, wave_id, make_person(db, language="en"))
    response = client.get(f"/s/{token}")
    assert response.status_code == 404
    assert "has not started yet" in response.get_data(as_text=True)
    assert client.post(f"/s/{token}").status_code == 404
    assert count(db, "responses") == 0


def test_a_wave_closing_between_form_and_submit_stores_nothing(client, db, setup):
    client.get(setup.url)
    db.execute("UPDATE waves SET status = 'closed' WHERE id = ?", [setup.wave_id])
    assert client.post(setup.url, data=valid_answers(setup)).status_code == 410
    assert count(db, "responses") == 0


def test_the_waves_item_selection_is_honoured(client, db, setup):
    chosen = [setup.item("desire_want")["id"], setup.item("advocacy")["id"]]
    person_id = make_person(db, language="en")
    token = invite(db, setup.wave_id, person_id)
    db.execute("UPDATE waves SET item_ids = ? WHERE id = ?", [json.dumps(chosen), setup.wave_id])
    html = client.get(f"/s/{token}").get_data(as_text=True)
    assert html.count('type="radio"') == 5 + 11
    assert setup.item("awareness_why")["text_en"] not in html
    data = {f"q{chosen[0]}": "2", f"q{chosen[1]}": "10"}
    assert client.post(f"/s/{token}", data=data).status_code == 302
    stored = {r["item_id"]: r["value"] for r in db.query("SELECT * FROM answers")}
    assert stored == {chosen[0]: 2, chosen[1]: 10}


def test_inactive_items_are_not_asked(client, db, setup):
    db.execute("UPDATE items SET active = 0 WHERE id = ?", [setup.item("awareness_goal")["id"]])
    html = client.get(setup.url).get_data(as_text=True)
    assert setup.item("awareness_goal")["text_nl"] not in html
    data = valid_answers(setup)
    del data[f"q{setup.item('awareness_goal')['id']}"]
    assert client.post(setup.url, data=data).status_code == 302


def test_the_whole_flow_with_csrf_on(csrf_app, csrf_db, csrf_setup):
    client = csrf_app.test_client()
    token = csrf_token(client, csrf_setup.url)
    data = valid_answers(csrf_setup) | {"csrf_token": token}
    assert client.post(csrf_setup.url, data=data).status_code == 302
    assert count(csrf_db, "responses") == 1
    assert client.get(csrf_setup.url).status_code == 409


CHOICES = [
    {"value": 1, "en": "Daily", "nl": "Dagelijks"},
    {"value": 2, "en": "Weekly", "nl": "Wekelijks"},
    {"value": 3, "en": "Never", "nl": "Nooit"},
]


def add_item(db, setup, **row) -> int:
    base = {
        "survey_id": setup.survey_id,
        "position": 99,
        "key": f"extra_{row.get('kind')}",
        "dimension": None,
        "text_en": "How often do you use it?",
        "text_nl": "Hoe vaak gebruik je het?",
        "choices": None,
        "required": 1,
        "active": 1,
    }
    with db.conn:
        return int(db.table("items").insert(base | row).last_pk)


def test_a_choice_item_offers_its_options_and_stores_the_value(client, db, setup):
    item_id = add_item(db, setup, kind="choice", choices=json.dumps(CHOICES))
    html = client.get(setup.url).get_data(as_text=True)
    assert "Hoe vaak gebruik je het?" in html and "Wekelijks" in html and "Dagelijks" in html
    assert "Weekly" in client.get(f"{setup.url}?lang=en").get_data(as_text=True)

    forged = client.post(setup.url, data=valid_answers(setup) | {f"q{item_id}": "4"})
    assert forged.status_code == 400
    assert "Kies een van de getoonde antwoorden." in forged.get_data(as_text=True)
    assert count(db, "responses") == 0

    assert (
        client.post(setup.url, data=valid_answers(setup) | {f"q{item_id}": "2"}).status_code == 302
    )
    stored = db.execute("SELECT value FROM answers WHERE item_id = ?", [item_id]).fetchone()
    assert stored == (2,)


@pytest.mark.parametrize("choices", ["not json", "[]", '[{"en": "no value"}]', '[{"value": "x"}]'])
def test_a_choice_item_with_unreadable_options_is_left_out(client, db, setup, choices):
    add_item(db, setup, kind="choice", choices=choices)
    response = client.get(setup.url)
    assert response.status_code == 200
    assert "Hoe vaak gebruik je het?" not in response.get_data(as_text=True)
    assert client.post(setup.url, data=valid_answers(setup)).status_code == 302


def test_a_required_text_item_must_be_filled_in(client, db, setup):
    item_id = add_item(db, setup, kind="text")
    response = client.post(setup.url, data=valid_answers(setup) | {f"q{item_id}": "   "})
    assert response.status_code == 400
    assert "Beantwoord deze vraag alsjeblieft." in response.get_data(as_text=True)
    assert count(db, "responses") == 0
