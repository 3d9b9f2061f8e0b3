"""The demo organisation's story can be read off the dashboards.

Financiën does not see the point (low desire); the Werkplaats cannot get at Kompas until
tablets and single sign-on arrive mid-way, so its ability rises over the waves. The figures
are read from the rendered rows, not from the database.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Opened

pytestmark = pytest.mark.browser

DIMENSIONS = ("Awareness", "Desire", "Knowledge", "Ability", "Reinforcement")
FIGURE = re.compile(r"(-?\d+(?:\.\d+)?)(?:\s+([+-]\d+(?:\.\d+)?))?")


def figure(cell: str) -> tuple[float, float | None]:
    """'3.91 +0.56' -> (3.91, 0.56); a cell without a change gives (value, None)."""
    match = FIGURE.match(cell.strip())
    assert match, f"no figure in {cell!r}"
    return float(match[1]), float(match[2]) if match[2] else None


def heatmap(page) -> dict[str, dict[str, str]]:
    """Every shown row of the heatmap: row label -> column header -> cell text."""
    headers = page.locator("#heatmap thead th").all_inner_texts()
    rows = {}
    for row in page.locator("#heatmap tbody tr").all():
        label = row.locator("th").evaluate("th => th.firstChild.textContent").strip()
        cells = row.locator("td").all_inner_texts()
        if len(cells) == len(headers) - 1:
            rows[label] = dict(zip(headers[1:], cells, strict=True))
    return rows


def show(page, **choices: str) -> None:
    """Pick from the dashboard's selection form (by visible label) and press Show."""
    for label, option in choices.items():
        page.get_by_label(label, exact=True).select_option(label=option)
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()


def wave_labels(page) -> list[str]:
    return page.get_by_label("Wave", exact=True).locator("option").all_inner_texts()


def test_overview_names_the_organisations_barrier_point(manager: Opened, live_server) -> None:
    page = manager.page
    page.goto(live_server.url("/dashboard/"))
    card = page.locator(".card", has_text="Barrier point of the organisation")
    shown = card.locator(".kpi-value").inner_text().strip()
    means = {
        row.locator("th").inner_text().strip(): float(row.locator("td").first.inner_text())
        for row in page.locator("table", has_text="Mean (1–5)").locator("tbody tr").all()
    }
    assert set(DIMENSIONS) <= set(means), means
    expected = next((d for d in DIMENSIONS if means[d] <= 3), "none")
    assert shown == expected, f"barrier point {shown!r}, but the means are {means}"


def test_overview_shows_the_barrier_mix(manager: Opened, live_server) -> None:
    page = manager.page
    page.goto(live_server.url("/dashboard/"))
    chart = page.locator("figure.chart").filter(
        has=page.locator("svg title", has_text="Barrier mix")
    )
    assert chart.count() == 1, "no barrier mix chart on the overview"
    assert {"Knowledge", "Motivation"} <= set(chart.locator("thead th").all_inner_texts()), (
        "the barrier mix tells knowledge from motivation"
    )
    cells = chart.locator("tbody td").all_inner_texts()
    assert any(re.search(r"\d", cell) for cell in cells), (
        "the barrier mix shows no figures for any wave (were the demo's comments scored? "
        f"the model in models/ comes from `flask --app wsgi train`): {cells}"
    )


def test_heatmap_by_department_shows_financien_lacks_desire(manager: Opened, live_server) -> None:
    page = manager.page
    page.goto(live_server.url("/dashboard/heatmap"))
    show(page, **{"Break down by": "Department"})
    rows = heatmap(page)
    assert "Financiën" in rows, f"no Financiën row among {sorted(rows)}"
    desire = {name: figure(cells["Desire"])[0] for name, cells in rows.items()}
    assert desire["Financiën"] <= 3.0, rows["Financiën"]
    assert desire["Financiën"] == min(desire.values()), desire
    assert rows["Financiën"]["Barrier point"] in ("Awareness", "Desire"), rows["Financiën"]


def test_heatmap_by_location_shows_werkplaats_ability_rising(manager: Opened, live_server) -> None:
    page = manager.page
    page.goto(live_server.url("/dashboard/heatmap"))
    show(page, **{"Break down by": "Location"})
    waves = wave_labels(page)
    assert len(waves) >= 3, waves
    latest = heatmap(page)
    assert "Werkplaats" in latest, f"no Werkplaats row among {sorted(latest)}"
    now, change = figure(latest["Werkplaats"]["Ability"])
    assert change is not None and change > 0, latest["Werkplaats"]

    show(page, Wave=waves[0])
    first = heatmap(page)
    gain = {
        place: figure(cells["Ability"])[0] - figure(first[place]["Ability"])[0]
        for place, cells in latest.items()
        if place in first
    }
    assert gain["Werkplaats"] >= 0.5, gain
    assert gain["Werkplaats"] == max(gain.values()), gain
