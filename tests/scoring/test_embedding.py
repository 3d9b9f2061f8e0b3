"""The shared sentence encoder: same meaning across languages lands close, blanks are zero."""

from __future__ import annotations

import numpy as np

from feedback.scoring.embedding import DIMENSION, encode, similarity


def test_a_dutch_sentence_is_nearer_its_english_translation_than_another_topic():
    rows = encode(
        [
            "ik weet niet hoe ik moet inloggen",
            "I do not know how to log in",
            "de kantine serveert vandaag soep",
        ]
    )
    assert rows.shape == (3, DIMENSION)
    sims = similarity(rows[:1], rows[1:])[0]
    assert sims[0] > 0.5
    assert sims[0] > sims[1] + 0.2


def test_centring_spreads_cosines_so_unrelated_answers_are_near_zero():
    rows = encode(
        [
            "Ik zie het nut er niet van in, mail werkt prima.",
            "De kantine serveert vandaag erwtensoep.",
            "The parking garage closes at eight tonight.",
        ]
    )
    assert np.abs(similarity(rows[:1], rows[1:])).max() < 0.25


def test_rows_are_unit_length_and_blank_texts_are_zero():
    rows = encode(["Waarom zou ik dit gebruiken?", "", "   "])
    assert np.isclose(np.linalg.norm(rows[0]), 1.0, atol=1e-5)
    assert not rows[1].any() and not rows[2].any()
    assert encode([]).shape == (0, DIMENSION)
