"""Readiness: the five dimensions, the 0-100 index, colour bands and the barrier point."""

from __future__ import annotations

from collections.abc import Mapping

from feedback.domain import DIMENSIONS

# A group's barrier point is the first dimension, in DIMENSIONS order, whose mean is <= this.
BARRIER_AT = 3.0


def readiness_index(means: Mapping[str, float | None]) -> float | None:
    """The mean of the available dimension means (1-5), rescaled to 0-100: (m - 1) / 4 * 100."""
    values = [means[d] for d in DIMENSIONS if means.get(d) is not None]
    if not values:
        return None
    mean = sum(values) / len(values)  # type: ignore[arg-type]
    return round((mean - 1) / 4 * 100, 1)


def barrier_point(means: Mapping[str, float | None]) -> str | None:
    """The first dimension scoring 3 or lower (awareness, desire, knowledge, ability,
    reinforcement), even where a later one scores lower; None when all are above 3."""
    for dim in DIMENSIONS:
        value = means.get(dim)
        if value is not None and value <= BARRIER_AT:
            return dim
    return None


def band(value: float | None, scale: str = "likert") -> str:
    """A CSS band name for a cell: low, weak, mid, ok, high (or none).

    Likert means (1-5) are cut at 2.5 / 3 / 3.5 / 4; 0-10 means are first mapped to 1-5;
    NPS (-100..100) is cut at -30 / 0 / 10 / 30.
    """
    if value is None:
        return "none"
    cuts: tuple[float, ...]
    if scale == "nps":
        cuts = (-30, 0, 10, 30)
    else:
        if scale == "ten":
            value = 1 + value * 0.4
        cuts = (2.5, 3.0, 3.5, 4.0)
    names = ("low", "weak", "mid", "ok")
    for cut, name in zip(cuts, names, strict=True):
        if value <= cut:
            return name
    return "high"
