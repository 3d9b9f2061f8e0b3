"""Tool NPS from the advocacy question: % promoters (9-10) minus % detractors (0-6)."""

from __future__ import annotations

PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6


def nps(promoters: int, detractors: int, answered: int) -> float | None:
    """Net promoter score in -100..100, one decimal; None without answers."""
    if answered <= 0:
        return None
    return round((promoters - detractors) / answered * 100, 1)
