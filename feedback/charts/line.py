"""Line chart: one or more series over waves, gaps where a figure is suppressed."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from feedback.charts.base import data_table, figure, fmt, frame, text, tick

W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 48, 40, 16, 36


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    y_min: float,
    y_max: float,
    markers: Sequence[tuple[int, str]] = (),
) -> Markup:
    """`series` is [(name, [value per x label or None])]; None breaks the line. `markers` are
    (x index, text): a dashed line at that wave with the text as its tooltip (the actions
    logged in that wave, whose effect the next points show)."""
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = plot_w / max(len(x_labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        y = TOP + plot_h * (1 - (v - y_min) / ((y_max - y_min) or 1))
        return LEFT + i * step if len(x_labels) > 1 else LEFT + plot_w / 2, y

    parts = []
    for step_no in range(5):
        v = y_min + (y_max - y_min) * step_no / 4
        _, y = xy(0, v)
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(text(LEFT - 6, y + 4, tick(v), anchor="end"))
    for i, label in enumerate(x_labels):
        x, _ = xy(i, y_min)
        parts.append(text(x, H - 12, label))
    for i, note in markers:
        x, _ = xy(i, y_min)
        parts.append(
            f'<g class="chart-marker"><title>{escape(note)}</title>'
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{H - BOTTOM}"/>'
            f"{text(x, TOP + 10, '▲')}</g>"
        )
    for n, (name, values) in enumerate(series):
        run: list[str] = []
        for i, value in enumerate([*values, None]):
            if value is not None:
                x, y = xy(i, value)
                run.append(f"{x:.1f},{y:.1f}")
                parts.append(
                    f'<circle class="series-{n}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                    f"<title>{escape(name)}: {fmt(value)}</title></circle>"
                )
            else:
                if len(run) > 1:
                    parts.append(
                        f'<polyline class="chart-line series-{n}" points="{" ".join(run)}"/>'
                    )
                run = []
    legend = "".join(
        f'<span class="legend-item"><span class="swatch series-{n}"></span>{escape(name)}</span>'
        for n, (name, _) in enumerate(series)
    )
    rows = [[label, *(fmt(vals[i]) for _, vals in series)] for i, label in enumerate(x_labels)]
    table = data_table(title, ["", *(name for name, _ in series)], rows)
    svg = frame(chart_id, title, desc, W, H, "".join(parts))
    return figure(svg, table, title, legend)
