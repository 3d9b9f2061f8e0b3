"""The sentiment reader: a regression on the sentence embeddings, blended with the head."""

from __future__ import annotations

import numpy as np
import pytest

from feedback.domain import SENTIMENTS
from feedback.scoring import Scorer
from feedback.scoring.corpus import read_corpus
from feedback.scoring.embedding import encode
from feedback.scoring.sentiment_reader import SentimentReader, fit_sentiment_reader
from feedback.scoring.training import PARAMS, fit_parts

from .conftest import TINY, write_tiny_corpus

PAIRS = [pair for dutch, english in TINY.values() for pair in dutch + english]


@pytest.fixture(scope="module")
def reader() -> SentimentReader:
    texts, sentiments = zip(*PAIRS, strict=True)
    return SentimentReader(fit_sentiment_reader(texts, sentiments, {"weight": 0.7, "C": 1.0}))


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("Ik vind de nieuwe groepen echt fantastisch", "positive"),
        ("What a waste of time, nobody wants this", "negative"),
    ],
)
def test_the_reader_reads_tone_across_wording_and_language(reader, text, sentiment):
    proba = reader.proba(encode([text]), SENTIMENTS)[0]
    assert SENTIMENTS[int(np.argmax(proba))] == sentiment
    assert proba.sum() == pytest.approx(1.0)


def test_the_blend_weighs_head_and_reader_in_log_space(reader):
    embedded = encode(["I can't find the manual anywhere"])
    head = np.array([[0.2, 0.5, 0.3]])
    own = reader.proba(embedded, SENTIMENTS)[0]
    expected = np.exp(0.3 * np.log(head[0]) + 0.7 * np.log(own))
    assert reader.blend(head, SENTIMENTS, embedded)[0] == pytest.approx(expected / expected.sum())


def test_the_reader_follows_the_heads_class_order(reader):
    embedded = encode(["Love it"])
    forward = reader.proba(embedded, ["negative", "neutral", "positive"])[0]
    backward = reader.proba(embedded, ["positive", "neutral", "negative"])[0]
    assert forward == pytest.approx(backward[::-1])


def test_a_single_class_fits_no_reader():
    assert (
        fit_sentiment_reader(
            ["good", "great"], ["positive", "positive"], PARAMS["sentiment_reader"]
        )
        is None
    )


def test_the_scorer_reads_sentiment_with_the_reader(tmp_path):
    write_tiny_corpus(tmp_path)
    examples = read_corpus(tmp_path / "corpus").examples
    plain = Scorer(fit_parts(examples, seed=2, params={**PARAMS, "sentiment_reader": None}))
    parts = fit_parts(examples, seed=2)
    reading = Scorer(parts)
    assert plain.sentiment_reader is None and reading.sentiment_reader is not None
    text = "no idea where the manual is, it drives me mad"
    assert plain.score(text).sentiment_score != reading.score(text).sentiment_score
    # a reader sure of "neutral" whatever it reads, weighing everything: every answer neutral
    neutral = parts["sentiment_reader"]["classes"].index("neutral")
    intercept = np.full(len(parts["sentiment_reader"]["classes"]), -50.0, dtype=np.float32)
    intercept[neutral] = 50.0
    sure = Scorer(
        {
            **parts,
            "sentiment_reader": {
                **parts["sentiment_reader"],
                "intercept": intercept,
                "weight": 1.0,
            },
        }
    )
    assert sure.score(text).sentiment == "neutral"
    assert sure.score("Awesome, I love the new groups!").sentiment == "neutral"


def test_the_blend_is_calibrated_out_of_fold():
    texts, sentiments = zip(*PAIRS, strict=True)
    codes = [SENTIMENTS.index(s) for s in sentiments]
    # a head sure of itself and wrong on every other answer, weighing everything: the blend
    # must be cooled
    head = np.full((len(texts), len(SENTIMENTS)), 0.01)
    for i, code in enumerate(codes):
        head[i, code if i % 2 else (code + 1) % len(SENTIMENTS)] = 0.98
    params = {**PARAMS["sentiment_reader"], "weight": 0.0}
    cooled = fit_sentiment_reader(texts, sentiments, params, list(texts), (head, SENTIMENTS))
    plain = fit_sentiment_reader(texts, sentiments, params)
    assert plain["temperature"] == 1.0
    assert cooled["temperature"] > 1.5
    embedded = encode(["The new groups are great"])
    sure = np.array([[0.01, 0.01, 0.98]])
    warm = SentimentReader(plain).blend(sure, SENTIMENTS, embedded)[0]
    cool = SentimentReader(cooled).blend(sure, SENTIMENTS, embedded)[0]
    assert warm.argmax() == cool.argmax() and cool.max() < warm.max()
