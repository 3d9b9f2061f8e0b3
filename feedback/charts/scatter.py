"""Scatter plot of labelled points (teams: manager engagement against adoption)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from feedback.charts.base import data_table, figure, fmt, frame, text, tick

W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 400, 52, 24, 16, 48
DOT = 6
# Two label layers, one shown per screen width by dashboard.css: (class, font size in SVG
# units, most labels). On a phone the chart shrinks to ~0.55 of its units, so its labels are
# larger in units and fewer.
LAYERS = (("labels-wide", 12, 6), ("labels-narrow", 19, 3))
# Average glyph width of the sans-serif UI font, as a share of the font size (generous).
GLYPH = 0.62

Box = tuple[float, float, float, float]


def scatter(
    chart_id: str,
    title: str,
    desc: str,
    points: Sequence[tuple[str, float, float]],
    x_label: str,
    y_label: str,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> Markup:
    """`points` is [(label, x, y)]; axes span the given ranges with five ticks each. Only the
    points farthest from the rest carry a visible label, and only where it fits inside the
    plot without covering another label or dot; every point has a tooltip and a row in the
    data table."""
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
    dots = [(label, px(x), py(y)) for label, x, y in points]
    for label, x, y in points:
        parts.append(
            f'<circle class="scatter-point" cx="{px(x):.1f}" cy="{py(y):.1f}" r="{DOT}">'
            f"<title>{escape(label)}: {fmt(x, 2)}, {fmt(y, 2)}</title></circle>"
        )
    order = _outlying_first(points, x_range, y_range)
    for cls, size, limit in LAYERS:
        placed = place_labels(dots, order, size, limit)
        parts.append(f'<g class="{cls}">')
        parts += [text(x, y, label, "chart-point-label", "start") for label, x, y in placed]
        parts.append("</g>")
    rows = [[label, fmt(x, 2), fmt(y, 2)] for label, x, y in points]
    table = data_table(title, ["", x_label, y_label], rows)
    return figure(frame(chart_id, title, desc, W, H, "".join(parts)), table, title)


def place_labels(
    dots: Sequence[tuple[str, float, float]], order: Sequence[int], size: float, limit: int
) -> list[tuple[str, float, float]]:
    """(label, x, baseline y) for up to `limit` dots, taken in `order`: each label goes to
    the first spot around its dot that stays inside the plot, covers no dot and no label
    placed before, and lies clearly nearer its own dot than any other (so no reader pairs it
    with the wrong one); a dot with no such spot stays unnamed."""
    taken: list[Box] = [(x - DOT, y - DOT, x + DOT, y + DOT) for _, x, y in dots]
    placed: list[tuple[str, float, float]] = []
    for i in order:
        if len(placed) == limit:
            break
        label, x, y = dots[i]
        others = [(ox, oy) for j, (_, ox, oy) in enumerate(dots) if j != i]
        for box in _spots(x, y, len(label) * size * GLYPH, size):
            if (
                _inside(box)
                and not any(_overlap(box, other) for other in taken)
                and all(_gap(box, o) > _gap(box, (x, y)) + 3 * DOT for o in others)
            ):
                taken.append(box)
                placed.append((label, box[0], box[3] - size * 0.25))
                break
    return placed


def _spots(x: float, y: float, width: float, size: float) -> list[Box]:
    """Boxes for a label beside a dot: right, left, above and below, nearest first."""
    gap, h = DOT + 3, size * 1.2
    return [
        (x + gap, y - gap - h, x + gap + width, y - gap),  # up right
        (x + gap, y + gap, x + gap + width, y + gap + h),  # down right
        (x - gap - width, y - gap - h, x - gap, y - gap),  # up left
        (x - gap - width, y + gap, x - gap, y + gap + h),  # down left
        (x + gap + 2, y - h / 2, x + gap + 2 + width, y + h / 2),  # right
        (x - gap - 2 - width, y - h / 2, x - gap - 2, y + h / 2),  # left
        (x - width / 2, y - gap - h, x + width / 2, y - gap),  # above
        (x - width / 2, y + gap, x + width / 2, y + gap + h),  # below
    ]


def _inside(box: Box) -> bool:
    x0, y0, x1, y1 = box
    return x0 >= LEFT + 2 and x1 <= W - RIGHT - 2 and y0 >= TOP + 2 and y1 <= H - BOTTOM - 2


def _gap(box: Box, point: tuple[float, float]) -> float:
    """Distance from a point to the nearest edge of a box (0 inside it)."""
    dx = max(box[0] - point[0], 0, point[0] - box[2])
    dy = max(box[1] - point[1], 0, point[1] - box[3])
    return (dx * dx + dy * dy) ** 0.5


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _outlying_first(
    points: Sequence[tuple[str, float, float]],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> list[int]:
    """Indexes of the points, farthest from the mean of the others first (axes scaled to
    their ranges, so a unit of either counts the same)."""
    n = len(points)
    if n < 2:
        return list(range(n))
    wx, wy = (x_range[1] - x_range[0]) or 1, (y_range[1] - y_range[0]) or 1
    sx, sy = sum(p[1] for p in points), sum(p[2] for p in points)

    def distance(i: int) -> float:
        _, x, y = points[i]
        ox, oy = (sx - x) / (n - 1), (sy - y) / (n - 1)
        return ((x - ox) / wx) ** 2 + ((y - oy) / wy) ** 2

    return sorted(range(n), key=lambda i: -distance(i))
