"""Which responses a viewer may see, and which segment columns a query may name."""

from __future__ import annotations

from collections.abc import Sequence

from feedback.domain import SEGMENTS


def department_clause(departments: Sequence[str] | None, column: str = "r.department"):
    """SQL limiting responses to a viewer's departments (None means every department)."""
    if departments is None:
        return "1 = 1", []
    if not departments:
        return "0 = 1", []
    marks = ", ".join("?" for _ in departments)
    return f"{column} IN ({marks})", list(departments)


def check_segment(by: str | None) -> str | None:
    """A segment column name from the fixed list, or ValueError (it goes into SQL)."""
    if by in (None, ""):
        return None
    if by not in SEGMENTS:
        raise ValueError(by)
    return by
