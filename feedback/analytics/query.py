"""What one request asks of the analytics: a survey's wave, a breakdown and a population.

The dashboard, the API, the exports and the commands build one `Query` per request and pass it
to every analytics function; `at` and `breakdown` give the same question about another wave
or another segment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from feedback.analytics.population import Population, check_segment


@dataclass(frozen=True)
class Query:
    """A wave of a survey, broken down by a segment (None: the whole population), over the
    population (at most one filter, the viewer's department scope)."""

    survey_id: int
    wave_id: int
    by: str | None = None
    population: Population = field(default_factory=Population)

    @classmethod
    def make(
        cls,
        survey_id: int,
        wave_id: int,
        by: str | None = None,
        filters: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        departments: Sequence[str] | None = None,
    ) -> Query:
        """UnknownSegment for a bad breakdown or filter segment."""
        if by is not None:
            check_segment(by)
        return cls(survey_id, wave_id, by, Population.make(filters, departments))

    @property
    def filters(self) -> tuple[tuple[str, str], ...]:
        return self.population.filters

    @property
    def departments(self) -> tuple[str, ...] | None:
        return self.population.departments

    def at(self, wave_id: int) -> Query:
        """The same question about another wave."""
        return replace(self, wave_id=wave_id)

    def breakdown(self, by: str | None) -> Query:
        """The same question broken down by another segment."""
        if by is not None:
            check_segment(by)
        return replace(self, by=by)

    def key(self) -> str:
        """A stable text key of the breakdown and population (for caches)."""
        return f"{self.by}:{self.population.key()}"
