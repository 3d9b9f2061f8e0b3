"""Scatter plot of labelled points (teams: manager engagement against adoption)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from feedback.charts.base import data_table, figure, fmt, frame, text, tick

W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 400, 52, 24, 16, 48


def scatter(
    chart_id: str,
    title: str,
    desc: str,
    points: Sequence[tuple[str, float, float]],
    x_label: str,
    y_label: str,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    label_limit: int = 8,
) -> Markup:
    """`points` is [(label, x, y)]; axes span the given ranges with five ticks each. Only the
    `label_limit` points farthest from the centre carry a visible label (the others have a
    tooltip and a row in the data table), so crowded clusters stay readable."""
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + pw * (x - x_range[0]) / ((x_range[1] - x_range[0]) or 1)

    def py(y: float) -> float:
        return TOP + ph * (1 - (y - y_range[0]) / ((y_range[1] - y_range[0]) or 1))

    parts = [f'<rect class="chart-plot" x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}"/>']
    for t in range(5):
        xv = x_range[0] + (x_range[1] - x_range[0]) * t / 4
        yv = y_range[0] + (y_range[1] - y_range[0]) * t / 4
        parts.append(text(px(xv), H - BOTTOM + 16, tick(xv)))
        parts.append(text(LEFT - 6, py(yv) + 4, tick(yv), anchor="end"))
    parts.append(text(LEFT + pw / 2, H - 8, x_label, "chart-axis"))
    parts.append(
        f'<text class="chart-axis" text-anchor="middle" transform="translate(14 {TOP + ph / 2}) '
        f'rotate(-90)">{escape(y_label)}</text>'
    )
    labelled = _outliers(points, x_range, y_range, label_limit)
    for i, (label, x, y) in enumerate(points):
        parts.append(
            f'<circle class="scatter-point" cx="{px(x):.1f}" cy="{py(y):.1f}" r="6">'
            f"<title>{escape(label)}: {fmt(x, 2)}, {fmt(y, 2)}</title></circle>"
        )
        if i in labelled:
            parts.append(text(px(x) + 8, py(y) - 8, label, "chart-point-label", "start"))
    rows = [[label, fmt(x, 2), fmt(y, 2)] for label, x, y in points]
    table = data_table(title, ["", x_label, y_label], rows)
    return figure(frame(chart_id, title, desc, W, H, "".join(parts)), table, title)


def _outliers(
    points: Sequence[tuple[str, float, float]],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    limit: int,
) -> set[int]:
    if len(points) <= limit:
        return set(range(len(points)))
    cx = sum(p[1] for p in points) / len(points)
    cy = sum(p[2] for p in points) / len(points)
    wx, wy = (x_range[1] - x_range[0]) or 1, (y_range[1] - y_range[0]) or 1
    far = sorted(
        range(len(points)),
        key=lambda i: -(((points[i][1] - cx) / wx) ** 2 + ((points[i][2] - cy) / wy) ** 2),
    )
    return set(far[:limit])
