"""The SVG charts: accessible text, a data table, escaped labels, gaps for hidden figures."""

from __future__ import annotations

from feedback.charts import line_chart, quadrants, scatter, stacked_bars


def test_line_chart_has_title_desc_table_and_breaks_at_missing_values():
    html = str(
        line_chart(
            "c1",
            "Index",
            "Mean per wave",
            ["W1", "W2", "W3"],
            [("Index", [50.0, None, 70.0])],
            0,
            100,
        )
    )
    assert 'role="img"' in html and 'aria-labelledby="c1-t c1-d"' in html
    assert '<title id="c1-t">Index</title>' in html and '<desc id="c1-d">' in html
    assert '<div class="visually-hidden"><table>' in html and "<td>–</td>" in html
    assert "<polyline" not in html  # no segment joins a value to a missing one
    assert html.count("<circle") == 2


def test_labels_are_escaped():
    evil = "<script>alert(1)</script>"
    html = str(scatter("c2", evil, evil, [(evil, 3.0, 5.0)], "x", "y", (1, 5), (0, 10)))
    html += str(
        stacked_bars(
            "c3", "t", "d", [(evil, {"knowledge": 100.0})], ["knowledge"], {"knowledge": evil}
        )
    )
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_quadrants_show_the_text_given_for_each_cell():
    html = str(
        quadrants(
            "c4",
            "Matrix",
            "d",
            [
                ("ready", "Ready", "12 (40%)"),
                ("willing", "Willing", "too few"),
                ("able", "Able", "8"),
                ("not_started", "Not started", "0"),
            ],
            "Knowledge",
            "Motivation",
        )
    )
    assert "12 (40%)" in html and "too few" in html and html.count('class="quadrant ') == 4
