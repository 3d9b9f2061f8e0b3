"""One diagnosis per group: the barrier a change manager should work on, from three signals.

Pure functions over aggregates that already passed the release guard (docs/confidentiality.md);
every page, the API and the `results` command show the verdict `diagnose` returns, so they
cannot contradict each other.

The signals (docs/adoption-model.md):
- **barrier point** of the Likert answers: the first dimension at 3 or lower, read as a
  class (awareness, desire and reinforcement are reasons to use the tool: motivation;
  knowledge and ability: knowledge);
- **readiness quadrants**: the largest not-ready quadrant when it holds at least a quarter
  of the group (willing but needs know-how: knowledge; able but needs a reason, not
  started: motivation), or `none` when most are ready;
- **free text**: the comments the scorer is confident about (probability of its class at
  least the scorer's own `CONFIDENT_AT`, chosen on real statements so that about eight or nine
  in ten confident answers are right; feedback/scoring/model.py); a class is named when at least
  `TEXT_SHARE` of them name it.

The verdict: `access` when the free text says access (the Likert items do not ask about
practical obstacles, and training does not fix a missing tablet); otherwise the structured
signals' class, confirmed or contradicted by the text. Where the structured answers and the
text point to different barriers, or the structured answers see none while at least
`STRONG_TEXT` of the confident comments name one, the verdict is `unclear` and both are
shown, never averaged; a group too small for any signal is `unclear` as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from feedback.analytics.readiness import barrier_point

TEXT_SHARE = 0.4
STRONG_TEXT = 0.6
QUADRANT_SHARE = 0.25
READY_SHARE = 0.6
POINT_TO_BARRIER = {
    "awareness": "motivation",
    "desire": "motivation",
    "knowledge": "knowledge",
    "ability": "knowledge",
    "reinforcement": "motivation",
}
QUADRANT_TO_BARRIER = {"willing": "knowledge", "able": "motivation", "not_started": "motivation"}


@dataclass(frozen=True)
class Signal:
    """What one kind of evidence says: a class (or None: no signal), over how many people,
    and the figure behind it (a dimension and its mean, a quadrant or class and its share)."""

    kind: str
    barrier: str | None
    n: int
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Diagnosis:
    verdict: str
    confidence: str  # high, medium, low
    signals: tuple[Signal, ...]
    disagree: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "confidence": self.confidence,
            "disagree": self.disagree,
            "signals": [
                {"kind": s.kind, "barrier": s.barrier, "n": s.n, **s.detail} for s in self.signals
            ],
        }


def likert_signal(means: Mapping[str, float | None], n: int) -> Signal:
    point = barrier_point(means)
    if point is None:
        known = any(v is not None for v in means.values())
        return Signal("likert", "none" if known else None, n)
    return Signal("likert", POINT_TO_BARRIER[point], n, {"dimension": point, "mean": means[point]})


def quadrant_signal(quadrants: Mapping[str, int | None] | None, n: int) -> Signal:
    """Shares of the group's n; hidden (None) quadrant counts say nothing."""
    counts = {q: c for q, c in (quadrants or {}).items() if c is not None}
    total = n
    if not total or not counts:
        return Signal("quadrant", None, 0)
    if counts.get("ready", 0) / total >= READY_SHARE:
        return Signal(
            "quadrant", "none", total, {"quadrant": "ready", "share": _pct(counts, "ready")}
        )
    focus = max(
        QUADRANT_TO_BARRIER,
        key=lambda q: (counts.get(q, 0), QUADRANT_TO_BARRIER[q] == "motivation"),
    )
    if counts.get(focus, 0) / total < QUADRANT_SHARE:
        return Signal("quadrant", None, total)
    detail = {"quadrant": focus, "share": _pct(counts, focus, total)}
    return Signal("quadrant", QUADRANT_TO_BARRIER[focus], total, detail)


def text_signal(counts: Mapping[str, int] | None, k: int) -> Signal:
    """The class at least TEXT_SHARE of the confident comments name (knowledge, motivation or
    access before none; ties go to motivation), over at least k comments."""
    counts = dict(counts or {})
    total = sum(counts.values())
    if total < k:
        return Signal("text", None, total)
    for barrier in sorted(("motivation", "knowledge", "access"), key=lambda b: -counts.get(b, 0)):
        if counts.get(barrier, 0) / total >= TEXT_SHARE:
            return Signal("text", barrier, total, {"share": _pct(counts, barrier)})
    if counts.get("none", 0) / total >= TEXT_SHARE:
        return Signal("text", "none", total, {"share": _pct(counts, "none")})
    return Signal("text", None, total)


def diagnose(
    means: Mapping[str, float | None],
    n: int,
    quadrants: Mapping[str, int | None] | None,
    text_counts: Mapping[str, int] | None,
    k: int,
) -> Diagnosis:
    """The verdict for one released group (see the module docstring)."""
    likert, quadrant, text = (
        likert_signal(means, n),
        quadrant_signal(quadrants, n),
        text_signal(text_counts, k),
    )
    signals = (likert, quadrant, text)
    if n < k or (likert.barrier is None and text.barrier is None):
        return Diagnosis("unclear", "low", signals)
    if text.barrier == "access":
        agrees = likert.barrier in ("knowledge", "none")
        return Diagnosis("access", "high" if agrees else "medium", signals)
    structured = likert.barrier or quadrant.barrier
    if structured is None:
        return Diagnosis(str(text.barrier), "low", signals)
    if text.barrier is None or text.barrier == structured:
        backed = text.barrier == structured or quadrant.barrier == structured
        return Diagnosis(structured, "high" if backed else "medium", signals)
    if text.barrier == "none":
        return Diagnosis(structured, "medium", signals)
    if structured == "none" and text.detail["share"] < STRONG_TEXT * 100:
        # The open question asks what would help, so some comments always name something.
        return Diagnosis("none", "medium", signals)
    return Diagnosis("unclear", "low", signals, disagree=True)


def _pct(counts: Mapping[str, int], key: str, total: int | None = None) -> int:
    total = sum(counts.values()) if total is None else total
    return round(100 * counts.get(key, 0) / total) if total else 0
