"""The scikit-learn estimator contract of the scoring parts, tested directly (text estimators
are skipped by sklearn's common checks)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline

from feedback.scoring.calibrated import TemperatureCalibratedLR
from feedback.scoring.features import TextFeaturizer
from feedback.scoring.language import LanguageDetector

from .conftest import TINY


def _tiny():
    rows = [
        (text, lang, barrier, sentiment, f"{barrier}-{i}")
        for barrier, (dutch, english) in TINY.items()
        if barrier != "offtopic"
        for lang, pairs in (("nl", dutch), ("en", english))
        for i, (text, sentiment) in enumerate(pairs)
    ]
    X = np.array([[text, lang] for text, lang, *_ in rows], dtype=object)
    return (
        X,
        np.array([r[2] for r in rows]),
        np.array([r[3] for r in rows]),
        np.array([r[4] for r in rows]),
    )


ESTIMATORS = [
    TextFeaturizer(min_df=1, char_weight=0.5),
    TemperatureCalibratedLR(C=2.0),
    LanguageDetector(ngram_max=3),
]


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_init_only_stores_params_and_clone_keeps_them(estimator):
    params = estimator.get_params()
    copy = clone(estimator)
    assert copy.get_params() == params
    assert not [k for k in vars(copy) if k.endswith("_")]


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_unfitted_use_raises_not_fitted(estimator):
    X, *_ = _tiny()
    with pytest.raises(NotFittedError):
        if isinstance(estimator, TextFeaturizer):
            estimator.transform(X)
        elif isinstance(estimator, LanguageDetector):
            estimator.predict(["hallo"])
        else:
            estimator.predict_proba(np.zeros((1, 3)))


def test_pipeline_fits_predicts_and_returns_self():
    X, barrier, _sentiment, groups = _tiny()
    pipe = Pipeline([("features", TextFeaturizer(min_df=1)), ("clf", TemperatureCalibratedLR())])
    assert pipe.fit(X, barrier, clf__groups=groups) is pipe
    proba = pipe.predict_proba(X)
    assert proba.shape == (len(X), 4)
    assert np.allclose(proba.sum(axis=1), 1)
    assert (pipe.predict(X) == barrier).mean() > 0.9
    assert pipe.named_steps["clf"].temperature_ > 0
    names = pipe.named_steps["features"].get_feature_names_out()
    assert len(names) == pipe.named_steps["clf"].n_features_in_


def test_fits_are_deterministic():
    X, barrier, _sentiment, groups = _tiny()

    def fit():
        pipe = Pipeline([("f", TextFeaturizer(min_df=1)), ("c", TemperatureCalibratedLR())])
        return pipe.fit(X, barrier, c__groups=groups).predict_proba(X)

    assert np.array_equal(fit(), fit())


def test_binary_head_gives_two_column_probabilities():
    X, barrier, _sentiment, _groups = _tiny()
    features = TextFeaturizer(min_df=1).fit_transform(X)
    model = TemperatureCalibratedLR().fit(features, barrier == "access")
    assert model.predict_proba(features).shape == (len(X), 2)
    assert model.coef_.shape[0] == 2


def test_language_detector_learns_from_text_and_lexicons():
    X, *_ = _tiny()
    detector = LanguageDetector().fit(X[:, 0], X[:, 1])
    assert list(detector.predict(["geen idee waar ik moet klikken", "no clue where to click"])) == [
        "nl",
        "en",
    ]


def test_scorer_fast_path_equals_predict_proba(scorer):
    from feedback.scoring.features import analyse

    X = scorer.featurizer.transform_analysed(
        [analyse("ik kan niet inloggen", "nl"), analyse("no time for this", "en")]
    )
    for name, model in (
        ("barrier", scorer.barrier_model),
        ("sentiment", scorer.sentiment_model),
        ("offtopic", scorer.offtopic_model),
    ):
        assert np.allclose(scorer._heads[name].proba(X), model.predict_proba(X))
