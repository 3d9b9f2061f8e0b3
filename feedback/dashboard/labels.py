"""Translated labels for segments, dimensions, barriers and quadrants."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SEGMENT_LABELS = {
    "department": _l("Department"),
    "team": _l("Team"),
    "location": _l("Location"),
    "role": _l("Role"),
    "tenure_band": _l("Tenure"),
    "language": _l("Language"),
}
DIMENSION_LABELS = {
    "awareness": _l("Awareness"),
    "desire": _l("Desire"),
    "knowledge": _l("Knowledge"),
    "ability": _l("Ability"),
    "reinforcement": _l("Reinforcement"),
    "scaling": _l("Scaling (0–10)"),
    "advocacy": _l("Advocacy (0–10)"),
    "nps": _l("Tool NPS"),
}
BARRIER_LABELS = {
    "knowledge": _l("Knowledge"),
    "motivation": _l("Motivation"),
    "access": _l("Access"),
    "none": _l("No barrier"),
}
# A barrier mix: the classes, and the share of them the scorer was not sure about.
MIX_LABELS = {**BARRIER_LABELS, "unclear": _l("Unclear")}
VERDICT_LABELS = {
    "knowledge": _l("Knowledge"),
    "motivation": _l("Motivation"),
    "access": _l("Access"),
    "none": _l("No barrier"),
    "unclear": _l("Unclear"),
}
QUADRANT_LABELS = {
    "ready": _l("Ready"),
    "willing": _l("Willing but needs know-how"),
    "able": _l("Able but needs a reason"),
    "not_started": _l("Not started"),
}
VALUE_LABELS = {
    "employee": _l("employee"),
    "manager": _l("manager"),
    "key_user": _l("key user"),
    "editor": _l("editor"),
    "communication": _l("communication"),
    "nl": _l("Dutch"),
    "en": _l("English"),
    "< 6 months": _l("< 6 months"),
    "6-24 months": _l("6-24 months"),
    "2-5 years": _l("2-5 years"),
    "5+ years": _l("5+ years"),
    "unknown": _l("unknown"),
    "all": _l("Everyone"),
}


def value_label(value: object) -> str:
    """A segment value as shown: translated for roles, languages and tenure bands."""
    return str(VALUE_LABELS.get(str(value), value))


def group_label(segment: object, parent: object = None) -> str:
    """'Department / team' for teams, the value otherwise."""
    name = value_label(segment)
    return f"{parent} / {name}" if parent else name
