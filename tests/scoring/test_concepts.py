"""The bilingual concept lexicon: matching by stem and by phrase, in both languages."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from feedback.scoring.concepts import CONCEPTS_FILE, concept_matches, read_concepts
from feedback.scoring.features import TextFeaturizer
from feedback.scoring.text import stems_of, tokenize


def _matches(text: str, language: str, path: Path) -> list[tuple[str, int]]:
    words = [t.lower() for t in tokenize(text) if t[0].isalpha()]
    return concept_matches(words, stems_of(words, language), language, path)


def test_single_words_match_by_stem_and_phrases_word_by_word(tmp_path):
    path = tmp_path / "concepts.tsv"
    path.write_text(
        "concept\tlang\tphrase\n"
        "login\ten\tpassword\n"
        "login\tnl\tinloggen\n"
        "where_find\ten\twhere do i find\n"
        "where_find\tnl\twaar vind ik\n",
        encoding="utf-8",
    )
    assert _matches("Forgot my passwords again", "en", path) == [("login", 2)]
    assert _matches("Where do I find the forms?", "en", path) == [("where_find", 0)]
    assert _matches("ik kan niet inloggen, waar vind ik hulp", "nl", path) == [
        ("login", 3),
        ("where_find", 4),
    ]
    assert _matches("where I find it", "en", path) == []


def test_the_committed_lexicon_is_well_formed_and_bilingual():
    rows = read_concepts(CONCEPTS_FILE)
    assert len(rows) == len(set(rows))
    concepts = {c for c, _l, _p in rows}
    for concept in concepts:
        assert concept == concept.lower() and " " not in concept
        assert {lang for c, lang, _p in rows if c == concept} == {"en", "nl"}, concept
    assert all(lang in ("en", "nl") and phrase == phrase.lower() for _c, lang, phrase in rows)
    assert len(concepts) >= 40


def test_an_english_and_a_dutch_answer_share_their_concept_columns():
    X = np.array(
        [("I can't log in, forgot my password", "en"), ("ik ben mijn wachtwoord vergeten", "nl")],
        dtype=object,
    )
    featurizer = TextFeaturizer(min_df=1, concepts=True).fit(X)
    names = list(featurizer.get_feature_names_out())
    matrix = featurizer.transform(X).toarray()
    shared = [
        n for i, n in enumerate(names) if n.startswith("k ") and matrix[0, i] and matrix[1, i]
    ]
    assert shared, "no concept column is shared by the two languages"


def test_every_concept_has_an_english_and_a_dutch_label():
    from feedback.scoring.concept_labels import concept_labels

    labels = concept_labels()
    assert set(labels) == {c for c, _l, _p in read_concepts(CONCEPTS_FILE)}
    assert all(names.get("en") and names.get("nl") for names in labels.values())


def test_evidence_names_the_strongest_concept_of_the_answer(scorer):
    from feedback.scoring.concept_labels import PREFIX, concept_labels

    result = scorer.score("I can't log in, my password is refused every morning")
    concepts = [t[len(PREFIX) :] for t in result.evidence if t.startswith(PREFIX)]
    assert concepts == ["login"]
    assert set(concepts) <= set(concept_labels())
