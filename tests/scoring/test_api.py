"""The public contract of Scorer: fields, ranges, flags, determinism and one-line languages."""

from __future__ import annotations

import json
import time

import pytest

from feedback.scoring.corpus import BARRIERS

SAMPLES = [
    "Ik weet niet hoe ik een groep aanmaak, een opleiding zou helpen.",
    "I don't see the point, email works fine.",
    "De app crasht telkens als ik een foto wil posten.",
    "Love the new groups, I use it every day!",
]


def test_every_field_is_in_its_range(scorer):
    for result in scorer.score_many(SAMPLES):
        assert result.flag is None
        assert result.language in ("nl", "en")
        assert result.sentiment in ("negative", "neutral", "positive")
        assert -1.0 <= result.sentiment_score <= 1.0
        assert result.barrier in BARRIERS
        assert set(result.probabilities) == set(BARRIERS)
        assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
        assert result.barrier == max(result.probabilities, key=result.probabilities.get)
        assert result.evidence and all(isinstance(term, str) for term in result.evidence)


def test_clear_cases_get_the_expected_class_and_sentiment(scorer):
    knowledge, motivation, access, none = scorer.score_many(SAMPLES)
    assert (knowledge.language, knowledge.barrier) == ("nl", "knowledge")
    assert (motivation.language, motivation.barrier) == ("en", "motivation")
    assert (access.barrier, access.sentiment) == ("access", "negative")
    assert (none.barrier, none.sentiment) == ("none", "positive")


def test_evidence_names_words_of_the_answer(scorer):
    result = scorer.score("De app crasht telkens als ik een foto wil posten.")
    words = " ".join(result.evidence)
    assert "crasht" in words or "app" in words


def test_score_many_equals_score_and_is_deterministic(scorer):
    batch = scorer.score_many(SAMPLES)
    assert batch == [scorer.score(text) for text in SAMPLES]
    assert batch == scorer.score_many(SAMPLES)


def test_row_form_is_flat_with_json_evidence(scorer):
    row = scorer.score(SAMPLES[0]).as_row()
    assert set(row) >= {
        "language",
        "sentiment",
        "sentiment_score",
        "barrier",
        "p_knowledge",
        "p_motivation",
        "p_access",
        "p_none",
        "evidence",
        "flag",
    }
    assert isinstance(json.loads(row["evidence"]), list)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("super handig", "nl"),
        ("no time", "en"),
        ("geen tijd", "nl"),
        ("love it", "en"),
        ("te ingewikkeld", "nl"),
        ("too complicated", "en"),
        ("handig", "nl"),
        ("useful", "en"),
    ],
)
def test_language_of_one_liners(scorer, text, language):
    assert scorer.detect_language(text) == language


@pytest.mark.parametrize("text", ["top", "ok"])
def test_ambiguous_one_word_answers_still_get_a_language(scorer, text):
    assert scorer.detect_language(text) in ("nl", "en")


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        (None, "empty"),
        ("\x00\x01\x02\x03\xff\xfe\ufffd\ufffd\ufffd", "unreadable"),
        ("%$#@!&*^%$#@", "unreadable"),
        ("asdfghjkl qwrtzp xcvbnm", "unreadable"),
        ("Je ne sais pas comment utiliser cet outil, c'est trop compliqué.", "other_language"),
        ("Ich weiß nicht, wie das funktioniert, und ich habe keine Zeit.", "other_language"),
    ],
)
def test_unusable_text_is_flagged_not_guessed(scorer, text, flag):
    result = scorer.score(text)
    assert result.flag == flag
    assert result.barrier is None and result.probabilities is None


@pytest.mark.parametrize("text", ["Football tonight, who is coming?", "Mijn hond is ziek."])
def test_off_topic_answer_gets_no_barrier(scorer, text):
    result = scorer.score(text)
    assert result.flag == "offtopic"
    assert result.barrier is None and result.probabilities is None
    assert result.language in ("nl", "en") and result.sentiment is not None


def test_a_100_kb_answer_is_scored_quickly(scorer):
    text = "Ik weet niet hoe ik moet beginnen met het platform. " * 2000
    assert len(text) > 100_000
    started = time.perf_counter()
    result = scorer.score(text)
    assert time.perf_counter() - started < 2
    assert result.barrier == "knowledge"


def test_binary_bytes_decoded_as_latin1_are_flagged(scorer):
    garbage = bytes(range(256)).decode("latin-1") * 4
    assert scorer.score(garbage).flag == "unreadable"
