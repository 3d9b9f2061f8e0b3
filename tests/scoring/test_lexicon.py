"""The lexicon scorer: nltk VADER's rules in English, negation and intensifiers in Dutch,
and the two baselines used by `evaluate`."""

from __future__ import annotations

import pytest

from feedback.scoring.lexicon import lexicon_scorer, nltk_vader, pattern_nl_label, vader_label
from feedback.scoring.text import normalize, tokenize

ENGLISH = [
    "I love the new groups, really useful!",
    "I don't like it, it's not good",
    "The app is slow but support is great",
    "Totally useless and VERY annoying",
    "no idea where to find the manual",
    "It is not bad at all.",
    "Hardly helpful, kind of confusing.",
    "Great!!!",
]


def compound(text: str, language: str) -> float:
    return lexicon_scorer(language).score(tokenize(normalize(text))).compound


@pytest.mark.parametrize("text", ENGLISH)
def test_english_matches_nltk_vader(text):
    assert compound(text, "en") == pytest.approx(
        nltk_vader().polarity_scores(text)["compound"], abs=0.02
    )


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("super handig", 1),
        ("helemaal niet handig", -1),
        ("het werkt niet", -1),
        ("geen goesting", -1),
        ("ambetant dat het zo traag is", -1),
        ("plezant en tof", 1),
        ("geen probleem", 1),
        ("ik gebruik het elke dag", 0),
    ],
)
def test_dutch_polarity_with_negation(text, sign):
    value = compound(text, "nl")
    assert (value > 0.05) - (value < -0.05) == sign


def test_dutch_intensifiers_strengthen():
    assert compound("heel handig", "nl") > compound("handig", "nl") > 0
    assert compound("super traag", "nl") < compound("traag", "nl") < 0


def test_maar_shifts_the_weight_to_the_second_clause():
    assert compound("handig maar traag", "nl") < 0 < compound("traag maar handig", "nl")


def test_function_words_are_not_polar():
    assert lexicon_scorer("nl").score(tokenize("een de het en ik")).hits == []


def test_baselines_label_clear_cases():
    assert vader_label("I love it") == "positive"
    assert vader_label("I hate it") == "negative"
    assert pattern_nl_label("Het is een goed en mooi platform") == "positive"
    assert pattern_nl_label("slecht") == "negative"
    assert pattern_nl_label("vergadering om tien uur") == "neutral"


def test_english_labels_agree_with_nltk_vader_on_the_corpus():
    from feedback import PROJECT_ROOT
    from feedback.scoring.corpus import read_corpus

    texts = [e.text for e in read_corpus(PROJECT_ROOT / "models" / "corpus").examples]
    english = [t for t in texts if t.isascii()][:1500]

    def label(value: float) -> int:
        return (value >= 0.05) - (value <= -0.05)

    same = sum(
        label(compound(t, "en")) == label(nltk_vader().polarity_scores(t)["compound"])
        for t in english
    )
    assert same >= 0.97 * len(english)


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("De economie groeit en de koopkracht herstelt", 1),
        ("Fabriek sluit de deuren, 300 ontslagen", -1),
        ("Wat een bangelijke overwinning!", 1),
        ("Staking legt het openbaar vervoer plat", -1),
    ],
)
def test_dutch_supplement_covers_nouns_and_verbs_of_everyday_news(text, sign):
    value = compound(text, "nl")
    assert (value > 0.05) - (value < -0.05) == sign


def test_dutch_supplement_overrides_adjective_lexicon_where_it_is_wrong():
    from feedback.scoring.lexicon import dutch_polarity

    assert dutch_polarity()["verliezer"] > 0  # the adjective lexicon's sign
    assert compound("een verliezer", "nl") < 0


def test_dutch_supplement_file_is_well_formed():
    from feedback.scoring.lexicon import DUTCH_SUPPLEMENT

    rows = DUTCH_SUPPLEMENT.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "word\tvalence\tnote"
    words = []
    for row in rows[1:]:
        word, valence, _note = row.split("\t")
        assert word == word.lower() and " " not in word, row
        assert -4 <= float(valence) <= 4 and float(valence) != 0, row
        words.append(word)
    assert len(words) == len(set(words)) > 500
