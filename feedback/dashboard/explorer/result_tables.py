"""results() as a flat table: fixed columns, suppressed groups with their name and flag only."""

from __future__ import annotations

from typing import Any

from feedback.analytics.barriers import UNCLEAR
from feedback.domain import BARRIERS, DIMENSIONS
from feedback.exports import flatten

FIGURES = (
    "n",
    "readiness_index",
    *(f"dimensions.{d}" for d in DIMENSIONS),
    "scaling",
    "advocacy",
    "nps",
    "barrier_point",
    *(f"barrier_mix.{b}" for b in (*BARRIERS, UNCLEAR)),
)


def results_table(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows (the overall entry first) and columns for a CSV or XLSX of results()."""
    entries = [data["overall"], *data["groups"]] if data.get("overall") else data["groups"]
    rows = [flatten(entry) for entry in entries]
    head = ["segment", "department"] if data.get("by") == "team" else ["segment"]
    return rows, [*head, *FIGURES, "suppressed"]
