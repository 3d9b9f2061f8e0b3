"""The dashboard's tables as rows and columns for export, each through the confidentiality engine.

Every builder takes the page selection (survey, wave, breakdown, filters, viewer scope) and
returns (rows, columns); a suppressed group keeps only its name and `suppressed`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlite_utils

from feedback.analytics.ambassadors import COUNTS, candidate_counts
from feedback.analytics.barriers import UNCLEAR
from feedback.analytics.overview import trend
from feedback.analytics.results import results
from feedback.dashboard.explorer.result_tables import results_table
from feedback.dashboard.selection import Selection
from feedback.domain import BARRIERS, DIMENSIONS
from feedback.exports import flatten

Table = tuple[list[dict[str, Any]], list[str]]


def _results(db: sqlite_utils.Database, sel: Selection) -> dict[str, Any]:
    return results(db, sel.query)


def _head(sel: Selection) -> list[str]:
    return ["segment", "department"] if sel.by == "team" else ["segment"]


def results_export(db: sqlite_utils.Database, sel: Selection) -> Table:
    return results_table(_results(db, sel))


def heatmap_export(db: sqlite_utils.Database, sel: Selection) -> Table:
    rows, _columns = results_table(_results(db, sel))
    figures = [
        "n",
        *(f"dimensions.{d}" for d in DIMENSIONS),
        "readiness_index",
        "scaling",
        "advocacy",
        "nps",
    ]
    return rows, [*_head(sel), *figures, "suppressed"]


def barrier_mix_export(db: sqlite_utils.Database, sel: Selection) -> Table:
    rows, _columns = results_table(_results(db, sel))
    return rows, [
        *_head(sel),
        *(f"barrier_mix.{b}" for b in (*BARRIERS, UNCLEAR)),
        "barrier_point",
        "suppressed",
    ]


def response_rates_export(db: sqlite_utils.Database, sel: Selection) -> Table:
    rows = [
        flatten({k: v for k, v in w.items() if k not in ("figures", "barrier_mix", "k")})
        for w in trend(db, sel.query)
    ]
    for row in rows:
        if not row.get("suppressed"):
            row.pop("suppressed", None)
    return rows, ["number", "opens_on", "invited", "responded", "response_rate", "suppressed"]


def diagnosis_export(db: sqlite_utils.Database, sel: Selection) -> Table:
    """Per group the one diagnosis (verdict, confidence, disagreement) and the figures behind
    it, one column per signal."""
    data = _results(db, sel)
    rows = []
    for entry in [data["overall"], *data["groups"]]:
        row = {k: entry.get(k) for k in ("segment", "department", "n", "suppressed")}
        diagnosis = entry.get("diagnosis")
        if diagnosis:
            row.update(
                verdict=diagnosis["verdict"],
                confidence=diagnosis["confidence"],
                disagree=diagnosis["disagree"],
            )
            for signal in diagnosis["signals"]:
                detail = [f"{k} {v}" for k, v in signal.items() if k not in ("kind", "barrier")]
                barrier = signal["barrier"] or "no signal"
                row[signal["kind"]] = f"{barrier} ({', '.join(detail)})"
        rows.append({k: v for k, v in row.items() if v is not None})
    columns = ["n", "verdict", "confidence", "disagree", "likert", "quadrant", "text"]
    return rows, [*_head(sel), *columns, "suppressed"]


def ambassadors_export(db: sqlite_utils.Database, sel: Selection) -> Table:
    out = []
    for row in candidate_counts(db, sel.query):
        entry = {k: v for k, v in row.items() if k != "parent"}
        if row.get("parent") is not None:
            entry["department"] = row["parent"]
        out.append(entry)
    return out, [*_head(sel), "n", *COUNTS, "suppressed"]


EXPORTS: dict[str, Callable[[sqlite_utils.Database, Selection], Table]] = {
    "results": results_export,
    "heatmap": heatmap_export,
    "response-rates": response_rates_export,
    "barrier-mix": barrier_mix_export,
    "diagnosis": diagnosis_export,
    "ambassadors-candidates": ambassadors_export,
}
