"""The thank-you page says what happens with the answers and when results are shared."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from flask_babel import format_date

from tests.respond.conftest import valid_answers


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Figures are shown only for groups of at least 5 people.",
                "Comments are shown only for groups of at least 12 people, without a name.",
                "Nobody can see who answered",
                "Results are shared after this round closes on {date}.",
            ],
        ),
        (
            "nl",
            [
                "Cijfers worden alleen getoond voor groepen van minstens 5 mensen.",
                "Opmerkingen worden alleen getoond voor groepen van minstens 12 mensen",
                "Niemand kan zien wie geantwoord heeft",
                "De resultaten worden gedeeld nadat deze ronde sluit op {date}.",
            ],
        ),
    ],
)
def test_the_thank_you_page_says_what_happens_and_when(app, client, db, setup, lang, expected):
    db.execute(
        "UPDATE waves SET k_scores = 5, k_comments = 12, closes_on = ? WHERE id = ?",
        [(dt.date.today() + dt.timedelta(days=3)).isoformat(), setup.wave_id],
    )
    db.conn.commit()
    response = client.post(f"{setup.url}?lang={lang}", data=valid_answers(setup))
    assert response.status_code == 302
    html = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    with app.test_request_context(f"/?lang={lang}"):
        date = format_date(dt.date.today() + dt.timedelta(days=3), "long")
    for line in expected:
        assert line.format(date=date) in html
    assert 'href="/about"' in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "data-draft-done" in html


def test_a_thank_you_page_without_an_answer_promises_no_figures(client):
    html = client.get("/s/thanks?lang=en").get_data(as_text=True)
    assert "groups large enough that nobody can be recognised" in html
    assert "Results are shared after this round closes." in html
