"""The scikit-learn estimator contract of the scoring parts, tested directly (text estimators
are skipped by sklearn's common checks)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from feedback.scoring.calibrated import LexiconStackedLR, TemperatureCalibratedLR
from feedback.scoring.features import DENSE_NAMES, TextFeaturizer
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
    LexiconStackedLR(C=5.0, inner_C=0.5, n_dense=len(DENSE_NAMES)),
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


@pytest.mark.parametrize("target", ["multiclass", "binary"])
def test_stacked_head_folds_into_one_linear_model_equal_to_its_two_stages(target):
    X, barrier, _sentiment, groups = _tiny()
    y = barrier if target == "multiclass" else barrier == "access"
    features = TextFeaturizer(min_df=1).fit_transform(X)
    n_dense = len(DENSE_NAMES)
    model = LexiconStackedLR(n_dense=n_dense).fit(features, y, groups=groups)
    assert model.estimator_.coef_.shape[1] == features.shape[1]
    proba = model.predict_proba(features)
    assert np.allclose(proba.sum(axis=1), 1)
    assert (model.predict(features) == y).mean() > 0.9
    inner = model._lbfgs(model.inner_C).fit(
        features[:, :-n_dense], np.unique(y, return_inverse=True)[1]
    )
    coef = model.estimator_.coef_
    # the stem columns only act through the inner scores: their weights are a mix of inner rows
    mixing, *_ = np.linalg.lstsq(inner.coef_.T, coef[:, :-n_dense].T, rcond=None)
    assert np.allclose(inner.coef_.T @ mixing, coef[:, :-n_dense].T, atol=1e-8)


def test_stacked_head_leans_on_the_dense_columns_when_stems_carry_nothing():
    rng = np.random.default_rng(0)
    n, n_dense = 240, 3
    dense = rng.normal(size=(n, n_dense))
    y = np.where(dense[:, 0] > 0, "positive", "negative")
    noise = rng.random((n, 40)) < 0.1
    features = np.hstack([noise.astype(float), dense])
    groups = np.arange(n) // 2
    model = LexiconStackedLR(n_dense=n_dense).fit(features, y, groups=groups)
    coef = model.coef_[1]
    assert abs(coef[-n_dense]) > 10 * np.abs(coef[:-n_dense]).max()
    assert (model.predict(features) == y).mean() > 0.95


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


# Convergence on the checks' random-noise data is not part of the contract
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks([TemperatureCalibratedLR(max_iter=200), LexiconStackedLR(max_iter=200)])
def test_calibrated_heads_pass_scikit_learns_estimator_checks(estimator, check):
    check(estimator)
