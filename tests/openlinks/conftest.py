"""Open-link fixtures: an open wave, a roster at two locations, and an open link for Gent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from feedback.openlinks.links import create_link
from tests.factories import make_person, make_survey, make_wave


@dataclass
class OpenSetup:
    survey_id: int
    wave_id: int
    link_id: int
    key: str
    items: list[dict[str, Any]]

    @property
    def url(self) -> str:
        """The link, in English (a browser without a language preference gets Dutch)."""
        return f"/o/{self.key}?lang=en"


def answers(items: list[dict[str, Any]], department: str = "Sales") -> dict[str, str]:
    """A complete, valid open-link submission."""
    data = {"department": department}
    for item in items:
        if item["kind"] == "likert":
            data[f"q{item['id']}"] = "4"
        elif item["kind"] == "scale":
            data[f"q{item['id']}"] = "8"
    return data


def make_open_setup(db, location: str = "Gent", **settings: Any) -> OpenSetup:
    survey_id = make_survey(db, **settings)
    wave_id = make_wave(db, survey_id)
    make_person(db, department="Sales", location="Gent")
    make_person(db, department="Finance", location="Gent")
    make_person(db, department="Logistics", location="Antwerpen")
    link_id, key = create_link(db, wave_id, location, all_departments=False)
    items = list(db.query("SELECT * FROM items WHERE survey_id = ? ORDER BY position", [survey_id]))
    return OpenSetup(survey_id, wave_id, link_id, key, items)


@pytest.fixture
def open_setup(db) -> OpenSetup:
    return make_open_setup(db)


def visit(client, url: str, **options: Any):
    """GET the page (the browser receives its device cookie)."""
    page = client.get(url, **options)
    assert page.status_code == 200, page.get_data(as_text=True)
    return page
