"""Column headers people read: the spreadsheet (XLSX) exports label their columns in the
reader's language; CSV keeps the stable keys that scripts and the API use."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

HEADERS = {
    "segment": _l("Group"),
    "department": _l("Department"),
    "n": _l("Respondents"),
    "dimensions.awareness": _l("Awareness (1–5)"),
    "dimensions.desire": _l("Desire (1–5)"),
    "dimensions.knowledge": _l("Knowledge (1–5)"),
    "dimensions.ability": _l("Ability (1–5)"),
    "dimensions.reinforcement": _l("Reinforcement (1–5)"),
    "readiness_index": _l("Readiness index (0–100)"),
    "scaling": _l("Scaling (0–10)"),
    "advocacy": _l("Advocacy (0–10)"),
    "nps": _l("Tool NPS"),
    "barrier_point": _l("Barrier point"),
    "barrier_mix.knowledge": _l("Knowledge (% of comments)"),
    "barrier_mix.motivation": _l("Motivation (% of comments)"),
    "barrier_mix.access": _l("Access (% of comments)"),
    "barrier_mix.none": _l("No barrier (% of comments)"),
    "barrier_mix.unclear": _l("Unclear (% of comments)"),
    "verdict": _l("Diagnosis"),
    "confidence": _l("Confidence"),
    "disagree": _l("Answers and comments disagree"),
    "likert": _l("Barrier point signal"),
    "quadrant": _l("Readiness quadrant signal"),
    "text": _l("Comments signal"),
    "number": _l("Wave"),
    "opens_on": _l("Opens on"),
    "invited": _l("Invited"),
    "responded": _l("Responded"),
    "response_rate": _l("Response rate (%)"),
    "high_desire": _l("High desire"),
    "promoter": _l("Promoters"),
    "opted_in": _l("Opted in"),
    "candidate": _l("Ambassador candidates"),
    "suppressed": _l("Too few to show"),
}


def column_label(key: str) -> str:
    """The header a person reads for column `key` (the key itself when it has none)."""
    label = HEADERS.get(key)
    return str(label) if label is not None else key
