"""The diagnosis: one verdict per group from the barrier point, the quadrants and the text."""

from __future__ import annotations

import pytest

from feedback.analytics.diagnosis import diagnose
from feedback.domain import VERDICTS

LOW_DESIRE = {
    "awareness": 3.6,
    "desire": 2.4,
    "knowledge": 3.8,
    "ability": 3.7,
    "reinforcement": 3.5,
}
LOW_ABILITY = {
    "awareness": 3.9,
    "desire": 3.8,
    "knowledge": 3.4,
    "ability": 2.6,
    "reinforcement": 3.5,
}
ALL_HIGH = {"awareness": 4.1, "desire": 4.0, "knowledge": 3.9, "ability": 3.8, "reinforcement": 3.6}


@pytest.mark.parametrize(
    ("means", "quadrants", "text", "verdict", "confidence"),
    [
        # all three agree
        (
            LOW_DESIRE,
            {"able": 20, "ready": 15},
            {"motivation": 28, "knowledge": 6},
            "motivation",
            "high",
        ),
        # the Likert answers alone: a verdict, with less confidence
        (LOW_ABILITY, None, None, "knowledge", "medium"),
        # comments about access outrank training: tablets, not courses
        (LOW_ABILITY, {"willing": 20}, {"access": 30, "knowledge": 10}, "access", "high"),
        # the structured answers and the comments disagree: unclear, never averaged
        (LOW_DESIRE, None, {"knowledge": 30, "motivation": 5}, "unclear", "low"),
        # everything above 3 and comments without a barrier
        (ALL_HIGH, {"ready": 40}, {"none": 20, "knowledge": 5}, "none", "high"),
        # everything above 3, some comments name a barrier: what would help, not a barrier
        (ALL_HIGH, {"ready": 40}, {"motivation": 9, "knowledge": 4, "none": 7}, "none", "medium"),
        # everything above 3 yet nearly every comment doubts the point: they disagree
        (ALL_HIGH, {"ready": 40}, {"motivation": 18, "none": 2}, "unclear", "low"),
    ],
)
def test_verdicts(means, quadrants, text, verdict, confidence):
    found = diagnose(means, 50, quadrants, text, 5)
    assert (found.verdict, found.confidence) == (verdict, confidence)
    assert found.verdict in VERDICTS
    assert found.disagree == (verdict == "unclear")


def test_too_few_people_is_unclear_whatever_the_answers():
    assert diagnose(LOW_DESIRE, 3, None, {"motivation": 3}, 5).verdict == "unclear"


def test_too_few_confident_comments_give_no_text_signal():
    found = diagnose(LOW_DESIRE, 40, None, {"knowledge": 4}, 5)
    assert found.verdict == "motivation"
    text = next(s for s in found.signals if s.kind == "text")
    assert text.barrier is None and text.n == 4


def test_the_evidence_names_the_figures_behind_the_verdict():
    found = diagnose(LOW_DESIRE, 41, {"able": 20, "ready": 21}, {"motivation": 28, "none": 13}, 5)
    signals = {s["kind"]: s for s in found.as_dict()["signals"]}
    assert signals["likert"]["dimension"] == "desire" and signals["likert"]["mean"] == 2.4
    assert signals["text"] == {"kind": "text", "barrier": "motivation", "n": 41, "share": 68}
    assert signals["quadrant"]["quadrant"] == "able" and signals["quadrant"]["share"] == 49
