"""The thank-you page, the next wave's form and the public page show what may be shown."""

from __future__ import annotations

import html
import re

import pytest

from tests.respond.conftest import Setup, valid_answers
from tests.updates.conftest import SECRET, Org


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def slug_of(db, survey_id: int) -> str:
    return db.execute("SELECT slug FROM survey_slugs WHERE survey_id = ?", [survey_id]).fetchone()[
        0
    ]


def answer(client, db, org: Org):
    items = list(db.query("SELECT * FROM items WHERE survey_id = ?", [org.survey_id]))
    setup = Setup(org.survey_id, org.open_wave, org.person_id, org.token, items)
    response = client.post(f"/s/{org.token}", data=valid_answers(setup))
    assert response.status_code == 302
    return client.get(response.headers["Location"])


def test_the_next_waves_form_shows_the_published_actions_folded(client, published):
    page = text(client.get(f"/s/{published.token}"))
    block = page[page.index('<details class="card item-card mb-3 you-said"') :]
    assert block.index("You said, we did (2)") < block.index('id="pulse-form"')
    assert "Sales gets a key user" in block and "In progress" in block
    assert "Weekly tips in the newsletter" in block and "Everyone" in block
    assert SECRET not in page


def test_the_form_follows_the_readers_language(client, published):
    page = text(client.get(f"/s/{published.token}?lang=nl"))
    assert "Jij zei, wij deden (2)" in page and "Sales gets a key user (nl)" in page


def test_the_form_is_unchanged_without_published_actions(client, org):
    page = text(client.get(f"/s/{org.token}"))
    assert "You said, we did" not in page and "respond-updates-" not in page


def test_a_publication_after_the_form_was_first_rendered_shows(client, db, org):
    from tests.updates.conftest import publish

    client.get(f"/s/{org.token}")  # the blank form is rendered once and kept
    publish(db, org.survey_id, "organisation", "", "New this week")
    assert "New this week" in text(client.get(f"/s/{org.token}"))


def test_the_thank_you_page_shows_them_with_the_public_link(client, db, published):
    page = text(answer(client, db, published))
    assert "Thank you!" in page and "You said, we did" in page
    assert "Sales gets a key user" in page and SECRET not in page
    assert f"/updates/{slug_of(db, published.survey_id)}?lang=en" in page


def test_the_public_page_needs_no_sign_in_and_hides_small_groups(client, db, published):
    slug = slug_of(db, published.survey_id)
    assert re.fullmatch(r"[0-9a-f]{24}", slug)
    page = text(client.get(f"/updates/{slug}?lang=en"))
    assert "Sales gets a key user" in page and "Weekly tips in the newsletter" in page
    assert "Done" in page and "Department: Sales" in page
    assert SECRET not in page
    dutch = text(client.get(f"/updates/{slug}?lang=nl"))
    assert "Jij zei, wij deden" in dutch and "Weekly tips in the newsletter (nl)" in dutch
    assert "Klaar" in dutch and "Gepland" not in dutch


def test_the_public_page_says_when_nothing_is_published(client, db, org):
    page = text(client.get(f"/updates/{slug_of(db, org.survey_id)}"))
    assert "Nothing has been published yet." in page


@pytest.mark.parametrize(
    "slug", ["1", "0", str(2**63), "not-a-slug", "0" * 24, "A" * 24, "x" * 300, "%00"]
)
def test_an_unknown_or_sequential_address_is_404(client, org, slug):
    response = client.get(f"/updates/{slug}")
    assert response.status_code == 404
    assert "We do not know this page." in text(response)


def test_each_survey_gets_its_own_slug(db, org):
    from tests.factories import make_survey

    other = make_survey(db)
    assert slug_of(db, other) != slug_of(db, org.survey_id)
