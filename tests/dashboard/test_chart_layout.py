"""Scatter labels never overlap or leave the plot; figures in charts follow the language."""

from __future__ import annotations

import re

import pytest

from feedback.charts import line_chart, scatter, stacked_bars
from feedback.charts.scatter import BOTTOM, DOT, GLYPH, LAYERS, LEFT, RIGHT, TOP, H, W, place_labels

# Three teams almost on one spot (as in the demo's wave 4), one far off, one near the edge.
CROWDED = [
    ("Welzijn / Seniorenwerking", 4.0, 7.0),
    ("Openbare Werken / Wegenwerken", 4.12, 7.0),
    ("Burgerzaken / Burgerlijke Stand", 4.16, 6.85),
    ("ICT / Servicedesk", 2.55, 7.8),
    ("Facilitair / Logistiek", 4.9, 4.8),
]


def label_boxes(svg: str, layer: str, size: float) -> list[tuple[float, float, float, float]]:
    group = re.search(rf'<g class="{layer}">(.*?)</g>', svg).group(1)
    boxes = []
    for x, y, label in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', group):
        width = len(label.replace("&amp;", "&")) * size * GLYPH
        boxes.append((float(x), float(y) - size, float(x) + width, float(y) + size * 0.25))
    return boxes


@pytest.mark.parametrize(("layer", "size", "limit"), LAYERS)
def test_scatter_labels_stay_apart_inside_the_plot(layer, size, limit):
    svg = str(scatter("c", "t", "d", CROWDED, "x", "y", (1, 5), (0, 10)))
    boxes = label_boxes(svg, layer, size)
    assert 1 <= len(boxes) <= limit
    for i, a in enumerate(boxes):
        x0, y0, x1, y1 = a
        assert x0 >= LEFT and x1 <= W - RIGHT and y0 >= TOP and y1 <= H - BOTTOM, a
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_the_team_farthest_from_the_rest_is_named_first_and_a_crowd_is_not_all_named():
    svg = str(scatter("c", "t", "d", CROWDED, "x", "y", (1, 5), (0, 10)))
    wide = re.search(r'<g class="labels-wide">(.*?)</g>', svg).group(1)
    assert "ICT / Servicedesk" in wide
    crowd = [name for name, _, _ in CROWDED[:3] if name in wide]
    assert len(crowd) < 3, crowd
    assert svg.count("<circle") == len(CROWDED)  # every team is drawn, named or not


def gap(box, point) -> float:
    dx = max(box[0] - point[0], 0, point[0] - box[2])
    dy = max(box[1] - point[1], 0, point[1] - box[3])
    return (dx * dx + dy * dy) ** 0.5


def test_a_label_sits_clearly_nearer_its_own_dot_than_any_other():
    """B lies just below-right of where A's label would go first (up and to the right)."""
    dots = [("A long team name", 300.0, 200.0), ("B", 380.0, 210.0), ("C", 200.0, 260.0)]
    placed = place_labels(dots, [0, 1, 2], 12, 3)
    assert placed
    for label, x, baseline in placed:
        own = next((dx, dy) for name, dx, dy in dots if name == label)
        bottom = baseline + 12 * 0.25
        box = (x, bottom - 12 * 1.2, x + len(label) * 12 * GLYPH, bottom)
        for name, dx, dy in dots:
            if name != label:
                assert gap(box, (dx, dy)) > gap(box, own) + 2 * DOT, (label, name)


def test_chart_figures_use_the_dutch_decimal_comma(app):
    with app.test_request_context("/?lang=nl"):
        line = str(line_chart("l", "t", "d", ["W1"], [("S", [6.5])], 0, 10))
        bars = str(stacked_bars("b", "t", "d", [("W1", {"k": 62.5})], ["k"], {"k": "K"}))
        dots = str(scatter("s", "t", "d", [("T", 3.25, 7.5)], "x", "y", (1, 5), (0, 10)))
    assert ">7,5<" in line and "<td>6,5</td>" in line
    assert "<td>62,5%</td>" in bars
    assert "T: 3,25, 7,50" in dots and ">2,5<" in dots
