"""The neighbour vote: corpus answers near an answer in the sentence encoder's space."""

from __future__ import annotations

import numpy as np
import pytest

from feedback.domain import BARRIERS
from feedback.scoring import Scorer
from feedback.scoring.corpus import read_corpus
from feedback.scoring.embedding import encode
from feedback.scoring.neighbours import NeighbourVote, fit_vote
from feedback.scoring.training import PARAMS, fit_parts

from .conftest import TINY, write_tiny_corpus

PAIRS = [
    (text, barrier)
    for barrier, (dutch, english) in TINY.items()
    if barrier in BARRIERS
    for text, _sentiment in dutch + english
]


@pytest.fixture(scope="module")
def vote() -> NeighbourVote:
    texts, barriers = zip(*PAIRS, strict=True)
    return NeighbourVote(fit_vote(texts, barriers, {"k": 5, "temperature": 0.05, "weight": 0.5}))


@pytest.mark.parametrize(
    ("text", "barrier"),
    [
        ("Geen flauw idee hoe je een nieuwe groep begint", "knowledge"),
        ("The app keeps crashing and I cannot log in", "access"),
        ("Waarom zou ik dit gebruiken, e-mail werkt prima", "motivation"),
    ],
)
def test_the_vote_carries_meaning_across_wording_and_language(vote, text, barrier):
    proba = vote.vote(encode([text]))[0]
    assert BARRIERS[int(np.argmax(proba))] == barrier
    assert proba.sum() == pytest.approx(1.0)


def test_the_blend_moves_the_model_towards_the_vote_by_its_weight(vote):
    texts = ["I can't log in on the laptop"]
    model = np.array([[0.4, 0.3, 0.2, 0.1]])
    blended = vote.blend(model, texts)[0]
    own = vote.vote(encode(texts))[0]
    expected = np.exp(0.5 * np.log(model[0]) + 0.5 * np.log(own))
    assert blended == pytest.approx(expected / expected.sum())
    assert BARRIERS[int(np.argmax(blended))] == "access"


def test_a_model_without_the_vote_scores_with_its_head_alone(tmp_path):
    write_tiny_corpus(tmp_path)
    examples = read_corpus(tmp_path / "corpus").examples
    plain = Scorer(fit_parts(examples, seed=2, params={**PARAMS, "neighbours": None}))
    voting = Scorer(fit_parts(examples, seed=2))
    assert plain.neighbours is None and voting.neighbours is not None
    text = "no idea where the manual is"
    for scorer in (plain, voting):
        result = scorer.score(text)
        assert result.probabilities and sum(result.probabilities.values()) == pytest.approx(1, 1e-3)
    assert plain.score(text).probabilities != voting.score(text).probabilities


def test_the_blend_is_calibrated_on_the_training_answers(tmp_path):
    write_tiny_corpus(tmp_path)
    part = fit_parts(read_corpus(tmp_path / "corpus").examples, seed=2)["neighbours"]
    assert part["blend_temperature"] > 0
    assert part["blend_temperature"] != 1.0
    texts, barriers = zip(*PAIRS, strict=True)
    assert fit_vote(texts, barriers, part)["blend_temperature"] == 1.0


@pytest.fixture(scope="module")
def reader() -> NeighbourVote:
    texts, barriers = zip(*PAIRS, strict=True)
    params = {"k": 5, "temperature": 0.05, "weight": 0.4, "lr_weight": 0.2, "lr_C": 1.0}
    return NeighbourVote(fit_vote(texts, barriers, params))


@pytest.mark.parametrize(
    ("text", "barrier"),
    [
        ("Ik heb geen idee hoe ik een groep aanmaak", "knowledge"),
        ("The app crashes every time I open it", "access"),
        ("Wat levert het mij op, mail werkt gewoon", "motivation"),
    ],
)
def test_the_embedding_regression_reads_meaning_across_languages(reader, text, barrier):
    proba = reader.lr_proba(encode([text]))[0]
    assert BARRIERS[int(np.argmax(proba))] == barrier
    assert proba.sum() == pytest.approx(1.0)


def test_the_blend_weighs_head_vote_and_regression(reader):
    texts = ["I can't log in on the laptop"]
    model = np.array([[0.4, 0.3, 0.2, 0.1]])
    embedded = encode(texts)
    own, lr = reader.vote(embedded)[0], reader.lr_proba(embedded)[0]
    expected = np.exp(0.4 * np.log(model[0]) + 0.4 * np.log(own) + 0.2 * np.log(lr))
    assert reader.blend(model, texts)[0] == pytest.approx(expected / expected.sum())


def test_a_part_without_the_regression_has_no_regression_voice(vote):
    assert vote.lr_proba(encode(["anything"])) is None
