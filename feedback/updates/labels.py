"""How employees read an action's status and its group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from feedback.dashboard.labels import SEGMENT_LABELS, value_label
from feedback.domain import ORGANISATION

STATUS_LABELS = {"open": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done")}


def group_label(segment_by: str, segment_value: str) -> str:
    """'Everyone', or 'Department: Sales' (a team as 'Team: Sales / Inside')."""
    if segment_by == ORGANISATION:
        return str(_l("Everyone"))
    return f"{SEGMENT_LABELS.get(segment_by, segment_by)}: {value_label(segment_value)}"


def day_label(iso_date: str) -> str:
    """A publication day as the reader writes dates ('7 December 2026')."""
    return format_date(dt.date.fromisoformat(iso_date), "long")


def template_context() -> dict[str, Any]:
    """What the updates templates need besides the updates themselves."""
    return {"status_labels": STATUS_LABELS, "group_label": group_label, "day_label": day_label}
