"""The public contract of Scorer: fields, ranges, flags, determinism and one-line languages."""

from __future__ import annotations

import json

import pytest

from feedback.domain import BARRIERS
from feedback.scoring.model import SCORE_COLUMNS
from feedback.scoring.text import MAX_CHARS

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
    assert set(row) == set(SCORE_COLUMNS)
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


@pytest.mark.parametrize(
    "text",
    [
        "Football tonight, who is coming?",
        "Mijn hond is ziek.",
        "The pizza was cold and the waiter was rude.",
        "Wat een mooie zonsondergang vanavond aan zee.",
    ],
)
def test_off_topic_answer_gets_no_barrier_but_keeps_its_likely_class(scorer, text):
    result = scorer.score(text)
    assert result.flag == "offtopic"
    assert result.barrier is None and result.confident is False
    assert set(result.probabilities) == set(BARRIERS)
    assert result.likely_barrier == max(result.probabilities, key=result.probabilities.get)
    assert result.as_row()["barrier"] is None and result.as_row()["p_none"] is not None
    assert result.language in ("nl", "en") and result.sentiment is not None


@pytest.mark.parametrize(
    "text",
    [
        # the register of real comments: narrative, named tools, colleagues, care and schools
        "We moved to Teams last spring. Half of my ward still prints the roster.",
        "Het nieuwe ECD is er nu een maand. Collega's klagen vooral dat het veel klikken is.",
        "Had to use the new portal yesterday, took me an hour to find my payslip.",
        "We hebben hier echt geen tijd voor, met dat nieuwe systeem erbij.",
        "Sinds de overstap op Smartschool mailen de ouders me nog altijd rechtstreeks.",
        "Our council rolled out SharePoint and the old shared drive is still where things live.",
    ],
)
def test_on_topic_real_register_is_not_flagged_off_topic(scorer, text):
    result = scorer.score(text)
    assert result.flag is None
    assert result.barrier in BARRIERS


def test_confidence_is_the_top_probability_and_decides_confident(scorer):
    from feedback.scoring.model import CONFIDENT_AT

    results = scorer.score_many(
        [*SAMPLES, "Some of it is fine, some of it is not.", "We moved to Teams last spring."]
    )
    for result in results:
        assert result.confidence == max(result.probabilities.values())
        assert result.confident == (result.confidence >= CONFIDENT_AT)
        assert result.barrier == result.likely_barrier  # unclear keeps its class
    assert all(r.confident for r in results[:4])
    assert not results[4].confident
    row = results[4].as_row()
    assert row["confident"] is False and row["barrier"] in BARRIERS
    assert row["confidence"] == results[4].confidence


def test_unusable_text_has_no_confidence(scorer):
    result = scorer.score("")
    assert result.confidence is None and result.confident is False


def test_a_100_kb_answer_is_read_up_to_max_chars(scorer):
    """What bounds its cost (bench/scoring.py times it: `score_100kb_ms`)."""
    text = "Ik weet niet hoe ik moet beginnen met het platform. " * 2000
    assert len(text) > 100_000
    result = scorer.score(text)
    assert result.barrier == "knowledge"
    assert result == scorer.score(text[:MAX_CHARS])
    assert result != scorer.score(text[: MAX_CHARS // 50])  # the head does read that far


def test_binary_bytes_decoded_as_latin1_are_flagged(scorer):
    garbage = bytes(range(256)).decode("latin-1") * 4
    assert scorer.score(garbage).flag == "unreadable"


EVIDENCE_TEXTS = [
    *SAMPLES,
    "Ik heb het voor ons niet nodig, maar als de baas het wil dan doe ik het.",
    "When it works it is fine, but it is not what I need for my job.",
    "We moved to Teams last spring. Half of my ward still prints the roster.",
    "Dat het voor ons allemaal nieuw is, snap ik, maar ik weet echt niet waar ik moet zoeken.",
    "No, no, no. I don't want yet another app on my phone.",
    "Ik kan niet inloggen en ons wachtwoord werkt niet, dat is het.",
    "But when we asked, they said it was our own problem.",
]


def test_evidence_holds_only_concepts_and_content_words(scorer):
    from feedback.scoring.text import FUNCTION_WORDS

    for result in scorer.score_many(EVIDENCE_TEXTS):
        for item in result.evidence:
            if item.startswith("concept:"):
                continue
            term = item.split(" (")[0]  # "handig (+1.9)" -> "handig"
            for word in term.split():
                assert word not in FUNCTION_WORDS, (item, result.evidence)
                assert word.replace("'", "") not in {"dont", "ik", "dat", "ons", "but", "when"}
                assert len(word) >= 3, (item, result.evidence)
    crash = scorer.score("De app crasht telkens als ik een foto wil posten.")
    assert "crasht" in " ".join(crash.evidence)


OFF_TOPIC_EN = [
    "Finally some sun this weekend, lovely.",
    "The match yesterday was a disaster, we lost again.",
    "Traffic was terrible this morning.",
    "The soup was okay, nothing special, but the dessert was great.",
]


def test_outside_the_domain_the_lexicon_bounds_the_sentiment(scorer, monkeypatch):
    """Off-topic answers get the learnt head's sentiment only as a bounded correction of the
    lexicon's verdict; on-topic answers are the head's alone."""
    from feedback.scoring import model
    from feedback.scoring.lexicon import vader_label

    texts = [*OFF_TOPIC_EN, *SAMPLES]
    default = scorer.score_many(texts)
    assert [r.flag for r in default] == ["offtopic"] * 4 + [None] * 4
    weight = model.LEXICON_WEIGHT
    assert 0 < weight < 0.5
    monkeypatch.setattr(model, "LEXICON_WEIGHT", 1.0)
    lexicon_only = scorer.score_many(texts)
    for text, result in zip(OFF_TOPIC_EN, lexicon_only, strict=False):
        assert result.sentiment == vader_label(text)
    assert lexicon_only[4:] == default[4:]
    monkeypatch.setattr(model, "LEXICON_WEIGHT", 0.0)
    head_only = scorer.score_many(texts)
    for mixed, head in zip(default[:4], head_only[:4], strict=True):
        # the mix lies between the head's score and the lexicon's corner
        assert abs(mixed.sentiment_score - head.sentiment_score) <= 2 * weight + 1e-3
