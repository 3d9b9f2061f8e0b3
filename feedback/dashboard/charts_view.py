"""The dashboard's charts: translated titles and descriptions around feedback.charts."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup

from feedback.charts import line_chart, quadrants, scatter, stacked_bars
from feedback.dashboard.labels import BARRIER_LABELS, QUADRANT_LABELS
from feedback.domain import BARRIERS


def _wave_label(w: dict[str, Any]) -> str:
    return _("Wave %(n)s", n=w["number"])


def _series(waves: list[dict[str, Any]], pick) -> list[float | None]:
    return [None if w["suppressed"] else pick(w) for w in waves]


def action_markers(
    waves: list[dict[str, Any]], actions: list[dict[str, Any]]
) -> list[tuple[int, str]]:
    """(position of the wave, 'Actions: title (segment), ...') for waves with logged actions."""
    position = {w["wave"]: i for i, w in enumerate(waves)}
    found: dict[int, list[str]] = {}
    for a in actions:
        if a.get("created_wave_id") in position:
            label = f"{a['title']} ({a['segment_value']})"
            found.setdefault(position[a["created_wave_id"]], []).append(label)
    return [(i, _("Actions: %(list)s", list="; ".join(titles))) for i, titles in found.items()]


def overview_charts(
    waves: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None
) -> dict[str, Markup]:
    labels = [_wave_label(w) for w in waves]
    rate = _series(waves, lambda w: w["response_rate"])
    index = _series(waves, lambda w: w["figures"]["readiness_index"])
    nps = _series(waves, lambda w: w["figures"]["nps"])
    scaling = _series(waves, lambda w: w["figures"]["scaling"])
    mixes = [
        (lbl, None if w["suppressed"] else w["barrier_mix"])
        for lbl, w in zip(labels, waves, strict=True)
    ]
    return {
        "rate": line_chart(
            "chart-rate",
            _("Response rate per wave (%)"),
            _("Share of invited people who answered, per wave."),
            labels,
            [(_("Response rate"), rate)],
            0,
            100,
        ),
        "index": line_chart(
            "chart-index",
            _("Readiness index per wave (0–100)"),
            _("Mean of the five readiness dimensions, rescaled from 1–5 to 0–100."),
            labels,
            [(_("Readiness index"), index)],
            0,
            100,
            action_markers(waves, actions or []),
        ),
        "nps": line_chart(
            "chart-nps",
            _("Tool NPS per wave"),
            _("Percentage of promoters (9–10) minus percentage of detractors (0–6)."),
            labels,
            [(_("Tool NPS"), nps)],
            -100,
            100,
        ),
        "scaling": line_chart(
            "chart-scaling",
            _("Scaling score per wave (0–10)"),
            _("Mean answer to: how well does using the tool work for you today?"),
            labels,
            [(_("Scaling"), scaling)],
            0,
            10,
        ),
        "mix": stacked_bars(
            "chart-mix",
            _("Barrier mix per wave (free text)"),
            _("Share of classified comments per barrier class, per wave."),
            mixes,
            BARRIERS,
            {b: str(BARRIER_LABELS[b]) for b in BARRIERS},
            _("too few to show"),
        ),
    }


def managers_scatter(points: list[tuple[str, float, float]]) -> Markup:
    return scatter(
        "chart-managers",
        _("Manager engagement against adoption, per team"),
        _(
            "Each dot is a team large enough to show: reinforcement (1–5) across, "
            "scaling score (0–10) up."
        ),
        points,
        _("Reinforcement (1–5)"),
        _("Scaling (0–10)"),
        (1, 5),
        (0, 10),
    )


def matrix_chart(chart_id: str, row: dict[str, Any], k: int) -> Markup:
    cells = []
    for key, count in row["quadrants"].items():
        if count is None:
            shown = _("too few to show")
        else:
            share = f" ({count / row['n'] * 100:.0f}%)" if row["n"] else ""
            shown = f"{count}{share}"
        cells.append((key, str(QUADRANT_LABELS[key]), shown))
    return quadrants(
        chart_id,
        _("Readiness matrix"),
        _("Respondents by knowledge score (across) and motivation score (up), split at 3."),
        cells,
        _("Knowledge →"),
        _("Motivation →"),
    )
