"""Stacked horizontal bars of shares (the barrier mix per wave or per segment)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from feedback.charts.base import data_table, figure, fmt, frame, text

W, LEFT, RIGHT, ROW = 900, 150, 12, 30


def stacked_bars(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, Mapping[str, float] | None]],
    classes: Sequence[str],
    labels: Mapping[str, str],
    empty_label: str = "",
) -> Markup:
    """`rows` is [(row label, {class: percentage} or None)]; a None row shows `empty_label`."""
    height = ROW * len(rows) + 10
    plot = W - LEFT - RIGHT
    parts = []
    for r, (label, shares) in enumerate(rows):
        y = 5 + r * ROW
        parts.append(text(LEFT - 8, y + ROW / 2 + 2, label, anchor="end"))
        if not shares:
            parts.append(text(LEFT + 4, y + ROW / 2 + 2, empty_label, "chart-muted", "start"))
            continue
        x = float(LEFT)
        for cls in classes:
            share = shares.get(cls) or 0
            width = plot * share / 100
            if width <= 0:
                continue
            parts.append(
                f'<rect class="bar-{escape(cls)}" x="{x:.1f}" y="{y + 3}" '
                f'width="{width:.1f}" height="{ROW - 8}"><title>{escape(label)}, '
                f"{escape(labels.get(cls, cls))}: {fmt(share, 0)}%</title></rect>"
            )
            if width > 34:
                parts.append(text(x + width / 2, y + ROW / 2 + 2, f"{share:.0f}%", "bar-text"))
            x += width
    legend = "".join(
        f'<span class="legend-item"><span class="swatch bar-{escape(c)}"></span>'
        f"{escape(labels.get(c, c))}</span>"
        for c in classes
    )
    table_rows = [
        [label, *((f"{fmt(s.get(c))}%" if s else empty_label) for c in classes)]
        for label, s in rows
    ]
    table = data_table(title, ["", *(str(labels.get(c, c)) for c in classes)], table_rows)
    svg = frame(chart_id, title, desc, W, height, "".join(parts))
    return figure(svg, table, title, legend)
