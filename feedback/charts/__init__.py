"""Server-rendered SVG charts: no script, no CDN, readable on a laptop and a phone.

Every chart is an `<svg role="img">` with `<title>` and `<desc>` (aria-labelledby both) and is
followed by a visually hidden `<table>` holding the same figures for screen readers. Colours
come from CSS classes in feedback/static/dashboard.css (the CSP forbids style attributes).

- `line_chart(chart_id, title, desc, x_labels, series, y_min, y_max)`
- `stacked_bars(chart_id, title, desc, rows, classes, labels)`
- `scatter(chart_id, title, desc, points, x_label, y_label, x_range, y_range)`
- `quadrants(chart_id, title, desc, cells, x_label, y_label)`
"""

from feedback.charts.bars import stacked_bars
from feedback.charts.line import line_chart
from feedback.charts.quadrant import quadrants
from feedback.charts.scatter import scatter

__all__ = ["line_chart", "quadrants", "scatter", "stacked_bars"]
