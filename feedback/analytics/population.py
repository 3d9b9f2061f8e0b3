"""Who is counted: the responses of a wave, narrowed by filters and by a viewer's departments.

Everything is filtered in SQL before aggregating, so a viewer's figures are computed over
their departments only, never derived from the whole organisation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from feedback.domain import SEGMENTS


class UnknownSegment(ValueError):
    """A segment name that is not one of feedback.segments.SEGMENTS."""


def check_segment(name: str) -> str:
    """The name itself when it is a known segment (safe to put in SQL), else UnknownSegment."""
    if name not in SEGMENTS:
        raise UnknownSegment(f"unknown segment: {name!r}")
    return name


@dataclass(frozen=True)
class Population:
    """A set of filters (segment = value, all must hold) and an optional department scope."""

    filters: tuple[tuple[str, str], ...] = ()
    departments: tuple[str, ...] | None = None

    @classmethod
    def make(
        cls,
        filters: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        departments: Sequence[str] | None = None,
    ) -> Population:
        pairs = list(filters.items()) if isinstance(filters, Mapping) else list(filters or ())
        clean = tuple(sorted((check_segment(s), str(v)) for s, v in pairs))
        scope = tuple(sorted(departments)) if departments is not None else None
        return cls(clean, scope)

    def where(self, alias: str = "r") -> tuple[str, list[str]]:
        """An SQL condition (starting with ' AND', or empty) and its parameters."""
        sql, params = "", []
        for segment, value in self.filters:
            sql += f" AND {alias}.{segment} = ?"
            params.append(value)
        if self.departments is not None:
            marks = ", ".join("?" * len(self.departments)) or "NULL"
            sql += f" AND {alias}.department IN ({marks})"
            params.extend(self.departments)
        return sql, params

    def key(self) -> str:
        """A stable text key (for caches)."""
        return repr((self.filters, self.departments))


def scope_of(user: object | None) -> tuple[str, ...] | None:
    """The departments a signed-in user may see (None = all, also for no user)."""
    departments = getattr(user, "departments", None)
    return tuple(departments) if departments is not None else None
