"""Logistic regression with temperature-scaled probabilities fitted on held-out groups.

Equivalent to CalibratedClassifierCV(method="temperature", ensemble=False), except that the
cross-validation used to fit the temperature keeps whole answer groups out (GroupKFold), so
near-paraphrases do not make the model look more certain than it is.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data


def _two_columns(scores: np.ndarray) -> np.ndarray:
    """Binary decision scores as logits of (negative, positive); multi-class unchanged."""
    return np.column_stack([-scores / 2, scores / 2]) if scores.ndim == 1 else scores


def fit_temperature(logits: np.ndarray, encoded: np.ndarray) -> float:
    """The temperature T that minimises the log loss of softmax(logits / T) for the class
    codes `encoded`."""
    rows = np.arange(len(encoded))

    def loss(log_t: float) -> float:
        return -float(np.mean(log_softmax(logits / np.exp(log_t), axis=1)[rows, encoded]))

    return float(np.exp(minimize_scalar(loss, bounds=(-3, 3), method="bounded").x))


class TemperatureCalibratedLR(ClassifierMixin, BaseEstimator):
    """Logistic regression whose softmax is divided by a temperature fitted out of fold.

    Parameters
    ----------
    C : float
        Inverse L2 regularisation strength of the logistic regression.
    class_weight : dict, "balanced" or None
        Passed to LogisticRegression.
    cv : int
        Folds used to fit the temperature (GroupKFold when `groups` are given to fit).
    max_iter : int
        Solver iterations (saga, tolerance 1e-3).
    random_state : int
        Seed of saga's sample order, for reproducible fits.

    Attributes
    ----------
    oof_proba_ : ndarray of shape (n_samples, n_classes)
        Calibrated out-of-fold probabilities of the training rows, for calibrating what is
        stacked on this model (the neighbour vote's blend).
    """

    def __init__(self, C=4.0, class_weight="balanced", cv=3, max_iter=3000, random_state=0):
        self.C = C
        self.class_weight = class_weight
        self.cv = cv
        self.max_iter = max_iter
        self.random_state = random_state

    def _base(self) -> LogisticRegression:
        return LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            max_iter=self.max_iter,
            solver="saga",
            tol=1e-3,
            random_state=self.random_state,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _validated(self, X, y):
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        self.classes_, encoded = np.unique(y, return_inverse=True)
        return X, encoded

    def fit(self, X, y, groups=None):
        """Fit the regression on all data and the temperature on out-of-fold logits."""
        X, encoded = self._validated(X, y)
        folds = self._folds(encoded, groups)
        oof = cross_val_predict(
            self._base(), X, encoded, groups=groups, cv=folds, method="decision_function"
        )
        self.temperature_ = self._fit_temperature(_two_columns(oof), encoded)
        self.oof_proba_ = softmax(_two_columns(oof) / self.temperature_, axis=1)
        self.estimator_ = clone(self._base()).fit(X, encoded)
        self.n_iter_ = self.estimator_.n_iter_
        return self

    def _folds(self, encoded, groups):
        smallest = int(np.bincount(encoded).min())
        if groups is not None:
            return GroupKFold(n_splits=min(self.cv, len(set(groups))))
        return StratifiedKFold(
            n_splits=max(2, min(self.cv, smallest)), shuffle=True, random_state=0
        )

    @staticmethod
    def _fit_temperature(logits: np.ndarray, encoded: np.ndarray) -> float:
        return fit_temperature(logits, encoded)

    def decision_function(self, X) -> np.ndarray:
        """Temperature-scaled scores: one column per class, or one score for the positive
        class when there are two (as LogisticRegression)."""
        check_is_fitted(self, "estimator_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return self.estimator_.decision_function(X) / self.temperature_

    def predict_proba(self, X) -> np.ndarray:
        return softmax(_two_columns(self.decision_function(X)), axis=1)

    def predict(self, X) -> np.ndarray:
        best = np.argmax(self.predict_proba(X), axis=1)
        return self.classes_[best]

    @property
    def coef_(self) -> np.ndarray:
        """Per-class weights (binary: rows for the negative and positive class)."""
        check_is_fitted(self, "estimator_")
        coef = self.estimator_.coef_
        return np.vstack([-coef / 2, coef / 2]) if coef.shape[0] == 1 else coef


class LexiconStackedLR(TemperatureCalibratedLR):
    """The dense lexicon and cue columns as the backbone, the sparse bag of stems as one score.

    A low-capacity logistic regression over the sparse columns (all but the last `n_dense`)
    gives one out-of-fold decision score per class; the final, temperature-scaled regression
    sees only the dense columns plus those scores, so the corpus' vocabulary can correct the
    lexicon but cannot replace it with thousands of domain-word weights. Both stages are
    linear, so after fitting they are folded into one linear model (`estimator_`) over the
    original columns: prediction costs the same as a plain regression.

    Parameters
    ----------
    C : float
        Inverse L2 regularisation of the final regression (dense columns and stem scores).
    inner_C : float
        Inverse L2 regularisation of the bag-of-stems regression.
    n_dense : int
        Number of trailing dense columns (the lexicon and cue block of TextFeaturizer).
    class_weight, cv, max_iter, random_state
        As in TemperatureCalibratedLR; `cv` folds serve both the stem scores and the
        temperature.
    """

    def __init__(
        self,
        C=10.0,
        inner_C=1.0,
        n_dense=0,
        class_weight="balanced",
        cv=3,
        max_iter=3000,
        random_state=0,
    ):
        super().__init__(
            C=C, class_weight=class_weight, cv=cv, max_iter=max_iter, random_state=random_state
        )
        self.inner_C = inner_C
        self.n_dense = n_dense

    def fit(self, X, y, groups=None):
        """Fit the stem scores out of fold, the final regression on them, then fold both."""
        X, encoded = self._validated(X, y)
        folds = self._folds(encoded, groups)
        n_sparse = X.shape[1] - self.n_dense
        sparse_part, dense_part = X[:, :n_sparse], X[:, n_sparse:]
        dense_part = dense_part.toarray() if hasattr(dense_part, "toarray") else dense_part
        inner = self._lbfgs(self.inner_C)
        scores = cross_val_predict(
            inner, sparse_part, encoded, groups=groups, cv=folds, method="decision_function"
        )
        inner = clone(inner).fit(sparse_part, encoded)
        stacked = np.hstack([dense_part, scores.reshape(len(encoded), -1)])
        oof = cross_val_predict(
            self._lbfgs(self.C),
            stacked,
            encoded,
            groups=groups,
            cv=folds,
            method="decision_function",
        )
        self.temperature_ = self._fit_temperature(_two_columns(oof), encoded)
        self.oof_proba_ = softmax(_two_columns(oof) / self.temperature_, axis=1)
        final = self._lbfgs(self.C).fit(stacked, encoded)
        self.estimator_ = self._folded(inner, final, X.shape[1])
        self.n_iter_ = final.n_iter_
        return self

    def _lbfgs(self, C: float) -> LogisticRegression:
        """lbfgs: deterministic, and it converges on small or ill-scaled stacks where saga
        at tol 1e-3 may not."""
        return LogisticRegression(
            C=C, class_weight=self.class_weight, max_iter=self.max_iter, solver="lbfgs"
        )

    def _folded(self, inner, final, n_features: int) -> LogisticRegression:
        """One regression over the original columns equal to `final` applied to
        [dense columns, `inner`'s decision scores]."""
        w_dense, w_scores = final.coef_[:, : self.n_dense], final.coef_[:, self.n_dense :]
        folded = clone(final)
        folded.coef_ = np.hstack([w_scores @ inner.coef_, w_dense])
        folded.intercept_ = final.intercept_ + w_scores @ inner.intercept_
        folded.classes_ = final.classes_
        folded.n_features_in_ = n_features
        folded.n_iter_ = final.n_iter_
        return folded
