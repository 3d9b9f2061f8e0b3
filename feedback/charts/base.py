"""Shared pieces of the SVG charts: the accessible frame and the hidden data table."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from feedback import numbers


def fmt(value: float | None, digits: int = 1) -> str:
    """A figure for display in the current language; an en dash when there is none."""
    return numbers.num(value, digits)


def tick(value: float) -> str:
    """An axis tick: whole numbers without decimals."""
    return numbers.num(value, 0 if float(value).is_integer() else 1)


def frame(
    chart_id: str, title: str, desc: str, width: int, height: int, body: str, kind: str = ""
) -> str:
    """The accessible <svg>; `kind` is a class for styles of one kind of chart."""
    classes = f"chart-svg {kind}".strip()
    return (
        f'<svg class="{escape(classes)}" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>{body}</svg>'
    )


def data_table(caption: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The chart's figures as a visually hidden table (read by screen readers). The wrapper
    hides it: a table ignores the 1px width of .visually-hidden and would widen the page."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(f"<td>{escape(c)}</td>" for c in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="visually-hidden"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def figure(svg: str, table: str, caption: str = "", legend: str = "") -> Markup:
    """The chart with a visible caption (aria-hidden: the svg's title says it already) and
    an optional legend. Every part was built from escaped values."""
    head = f'<figcaption class="chart-caption" aria-hidden="true">{escape(caption)}</figcaption>'
    tail = f'<div class="chart-legend" aria-hidden="true">{legend}</div>' if legend else ""
    html = f'<figure class="chart">{head if caption else ""}{svg}{table}{tail}</figure>'
    return Markup(html)  # noqa: S704


def text(
    x: float, y: float, label: object, cls: str = "chart-label", anchor: str = "middle"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">{escape(label)}</text>'
    )
