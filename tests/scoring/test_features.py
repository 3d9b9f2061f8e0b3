"""Features beyond the bag of stems: the clause after a contrast word, negation scope, and
cue counts combined with the lexicon's polarity."""

from __future__ import annotations

import numpy as np

from feedback.scoring.features import INTERACTION_NAMES, TextFeaturizer

ANSWERS = [
    ("handy, but I can't log in", "en"),
    ("I can't log in, but it's handy", "en"),
    ("I don't see the point", "en"),
    ("I see the point", "en"),
    ("the training was great", "en"),
    ("the training was awful", "en"),
    ("handig maar ik kan niet inloggen", "nl"),
    ("ik kan niet inloggen maar het is handig", "nl"),
]


def _fitted(**params) -> tuple[TextFeaturizer, np.ndarray, list[str]]:
    X = np.array(ANSWERS, dtype=object)
    featurizer = TextFeaturizer(min_df=1, **params).fit(X)
    matrix = featurizer.transform(X).toarray()
    return featurizer, matrix, list(featurizer.get_feature_names_out())


def _active(matrix, names, row: int, prefix: str) -> set[str]:
    return {n for n, v in zip(names, matrix[row], strict=True) if v and n.startswith(prefix)}


def test_clause_features_mark_what_follows_the_last_contrast_word():
    _f, matrix, names = _fitted(clauses=True)
    assert _active(matrix, names, 0, "a ") >= {"a log"}
    assert _active(matrix, names, 1, "a ") == {"a it", "a handi"}
    assert "a inlogg" in _active(matrix, names, 6, "a ")
    assert "a inlogg" not in _active(matrix, names, 7, "a ")


def test_clause_features_mark_the_scope_of_a_negation():
    _f, matrix, names = _fitted(clauses=True)
    assert _active(matrix, names, 2, "n ") == {"n see", "n the", "n point"}
    assert _active(matrix, names, 3, "n ") == set()


def test_without_the_options_there_are_no_clause_or_interaction_columns():
    featurizer, matrix, names = _fitted()
    assert not [n for n in names if n[:2] in ("a ", "n ")]
    assert not set(INTERACTION_NAMES) & set(names)
    assert matrix.shape[1] == len(names)


def test_interactions_tell_a_cue_in_praise_from_a_cue_in_a_complaint():
    _f, matrix, names = _fitted(interactions=True, lexicon_weight=1.0)
    column = {n: i for i, n in enumerate(names)}
    great, awful = matrix[4], matrix[5]
    assert great[column["cue:knowledge_when_positive"]] > 0
    assert great[column["cue:knowledge_when_negative"]] == 0
    assert awful[column["cue:knowledge_when_negative"]] > 0
    assert great[column["lex:label_positive"]] == 1 and great[column["lex:label_negative"]] == 0
    assert awful[column["lex:label_negative"]] == 1 and awful[column["lex:label_positive"]] == 0


def test_interactions_count_cues_after_the_contrast_word():
    _f, matrix, names = _fitted(interactions=True)
    after = names.index("cue:access_after_contrast")
    assert matrix[0, after] > 0 and matrix[1, after] == 0
    assert matrix[6, after] > 0 and matrix[7, after] == 0
