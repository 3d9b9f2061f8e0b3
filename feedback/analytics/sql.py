"""SQL for a breakdown: the (group, parent) columns of a segment, over any table with segments."""

from __future__ import annotations

from feedback.analytics.population import check_segment

ALL = "all"


def group_columns(by: str | None, alias: str = "r") -> tuple[str, str]:
    """SQL for (group, parent) columns. Teams are grouped within their department, because
    team names repeat across departments and a department's figure bounds its teams."""
    if by is None:
        return f"'{ALL}'", "NULL"
    check_segment(by)
    if by == "team":
        return f"{alias}.team", f"{alias}.department"
    return f"{alias}.{by}", "NULL"
