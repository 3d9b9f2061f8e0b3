"""Stacked horizontal bars of shares (the barrier mix per wave or per segment)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from markupsafe import Markup, escape

from feedback.charts.base import data_table, figure, frame, text
from feedback.numbers import pct

ROW = 30


class Layout(NamedTuple):
    """One drawing of the bars: a wide one for laptops, a narrow one for phones (the CSS
    shows one), since text in a 900-unit drawing shrinks to nothing on a phone."""

    width: int
    left: int
    min_text: int  # the narrowest bar segment that still carries its percentage
    kind: str
    suffix: str


LAYOUTS = (Layout(900, 150, 48, "chart-bars", ""), Layout(420, 70, 34, "chart-bars-narrow", "-n"))
RIGHT = 8


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
    svgs = "".join(
        frame(
            chart_id + layout.suffix,
            title,
            desc,
            layout.width,
            ROW * len(rows) + 10,
            _bars(rows, classes, labels, empty_label, layout),
            layout.kind,
        )
        for layout in LAYOUTS
    )
    legend = "".join(
        f'<span class="legend-item"><span class="swatch bar-{escape(c)}"></span>'
        f"{escape(labels.get(c, c))}</span>"
        for c in classes
    )
    table_rows = [
        [label, *((pct(s.get(c), 1) if s else empty_label) for c in classes)] for label, s in rows
    ]
    table = data_table(title, ["", *(str(labels.get(c, c)) for c in classes)], table_rows)
    return figure(svgs, table, title, legend)


def _bars(
    rows: Sequence[tuple[str, Mapping[str, float] | None]],
    classes: Sequence[str],
    labels: Mapping[str, str],
    empty_label: str,
    layout: Layout,
) -> str:
    plot = layout.width - layout.left - RIGHT
    parts = []
    for r, (label, shares) in enumerate(rows):
        y = 5 + r * ROW
        parts.append(text(layout.left - 8, y + ROW / 2 + 2, label, anchor="end"))
        if not shares:
            parts.append(
                text(layout.left + 4, y + ROW / 2 + 2, empty_label, "chart-muted", "start")
            )
            continue
        x = float(layout.left)
        for cls in classes:
            share = shares.get(cls) or 0
            width = plot * share / 100
            if width <= 0:
                continue
            parts.append(
                f'<rect class="bar-{escape(cls)}" x="{x:.1f}" y="{y + 3}" '
                f'width="{width:.1f}" height="{ROW - 8}"><title>{escape(label)}, '
                f"{escape(labels.get(cls, cls))}: {pct(share)}</title></rect>"
            )
            if width > layout.min_text:
                parts.append(text(x + width / 2, y + ROW / 2 + 2, pct(share), "bar-text"))
            x += width
    return "".join(parts)
