"""The 2x2 readiness matrix: four labelled quadrants with a count (or a suppression mark)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from feedback.charts.base import data_table, figure, frame, text

W, H, PAD = 360, 300, 34
# Quadrant positions: (column, row) with high motivation on top, high knowledge on the right.
PLACES = {"not_started": (0, 1), "willing": (0, 0), "able": (1, 1), "ready": (1, 0)}


def quadrants(
    chart_id: str,
    title: str,
    desc: str,
    cells: Sequence[tuple[str, str, str]],
    x_label: str,
    y_label: str,
) -> Markup:
    """`cells` is [(quadrant key, label, shown figure as text)] for the four PLACES keys."""
    cw, ch = (W - PAD) / 2, (H - PAD) / 2
    parts = []
    for key, label, shown in cells:
        col, row = PLACES[key]
        x, y = PAD + col * cw, row * ch
        parts.append(
            f'<rect class="quadrant q-{escape(key)}" x="{x:.1f}" y="{y:.1f}" '
            f'width="{cw - 2:.1f}" height="{ch - 2:.1f}"/>'
        )
        for n, line in enumerate(_wrap(label)):
            parts.append(text(x + cw / 2, y + ch / 2 - 26 + n * 16, line, "quadrant-label"))
        figure_cls = "quadrant-figure" if shown[:1].isdigit() else "quadrant-muted"
        parts.append(text(x + cw / 2, y + ch / 2 + 18, shown, figure_cls))
    parts.append(text(PAD + (W - PAD) / 2, H - 8, x_label, "chart-axis"))
    parts.append(
        f'<text class="chart-axis" text-anchor="middle" '
        f'transform="translate(14 {(H - PAD) / 2}) rotate(-90)">{escape(y_label)}</text>'
    )
    table = data_table(title, ["", ""], [[label, shown] for _, label, shown in cells])
    svg = frame(chart_id, title, desc, W, H, "".join(parts), "chart-quadrants")
    return figure(svg, table, title)


def _wrap(label: str, width: int = 20) -> list[str]:
    """Words on lines of at most `width` characters (at most two lines)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines if len(lines) <= 2 else [lines[0], " ".join(lines[1:])]
