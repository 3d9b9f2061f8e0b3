"""Segments from the roster, and the tenure bands a response is filed under."""

from __future__ import annotations

import datetime as dt

from feedback.domain import TENURE_BANDS


def tenure_band(start_date: str | None, on: dt.date) -> str:
    """The band for someone who started on `start_date` (ISO), as of the day `on`."""
    if not start_date:
        return "unknown"
    try:
        started = dt.date.fromisoformat(start_date)
    except ValueError:
        return "unknown"
    months = (on.year - started.year) * 12 + (on.month - started.month)
    if months < 6:
        return TENURE_BANDS[0]
    if months < 24:
        return TENURE_BANDS[1]
    if months < 60:
        return TENURE_BANDS[2]
    return TENURE_BANDS[3]
