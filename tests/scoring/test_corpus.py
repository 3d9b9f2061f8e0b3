"""The training corpus: row validation, and the size and coverage the issue requires."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedback import PROJECT_ROOT
from feedback.domain import BARRIERS, SENTIMENTS
from feedback.scoring.corpus import HEADER, read_corpus

CORPUS = PROJECT_ROOT / "models" / "corpus"


def test_bad_rows_are_reported_with_file_and_line(tmp_path: Path):
    rows = [
        "\t".join(HEADER),
        "g1\tnl\tik weet niet hoe\tknowledge\tneutral",
        "g2\tfr\tje ne sais pas\tknowledge\tneutral",
        "g3\ten\tno idea\tconfusion\tneutral",
        "g4\ten\tfine\tnone",
        "g5\ten\t \tnone\tpositive",
        "g6\ten\tlove it\tnone\thappy",
    ]
    (tmp_path / "nl-test.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "en-bad-header.tsv").write_text("text\tlabel\nfoo\tbar\n", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [e.text for e in corpus.examples] == ["ik weet niet hoe"]
    assert [p.split(":")[0] + ":" + p.split(":")[1] for p in corpus.problems] == [
        "en-bad-header.tsv:1",
        "nl-test.tsv:3",
        "nl-test.tsv:4",
        "nl-test.tsv:5",
        "nl-test.tsv:6",
        "nl-test.tsv:7",
    ]


def test_corpus_rows_are_all_valid():
    assert read_corpus(CORPUS).problems == []


def test_corpus_is_large_bilingual_and_covers_every_class():
    counts = read_corpus(CORPUS).counts()
    assert counts["answers"] >= 2000
    assert counts["dutch_share"] >= 0.40
    for lang in ("nl", "en"):
        per_barrier = counts["per_language_barrier"][lang]
        per_sentiment = counts["per_language_sentiment"][lang]
        assert all(per_barrier.get(b, 0) >= 150 for b in BARRIERS), per_barrier
        assert per_barrier.get("offtopic", 0) >= 30, per_barrier
        assert all(per_sentiment.get(s, 0) >= 150 for s in SENTIMENTS), per_sentiment


def test_groups_hold_several_phrasings():
    corpus = read_corpus(CORPUS)
    assert corpus.counts()["groups"] < len(corpus.examples)


def test_the_one_liners_of_the_language_check_are_not_in_the_corpus():
    from feedback.scoring.training import ONE_LINERS

    known = {e.text.lower().strip(" .!?") for e in read_corpus(CORPUS).examples}
    assert not [text for text, _lang in ONE_LINERS if text.lower() in known]


@pytest.mark.parametrize("family", ["round7", "round8", "round9", "round10", "round12", "round13"])
def test_the_real_register_rounds_are_held_out_families_in_both_languages(family):
    from feedback.scoring.training import HOLDOUT_FILES

    assert family in HOLDOUT_FILES
    rows = [e for e in read_corpus(CORPUS).examples if family in e.source]
    assert {e.lang for e in rows} == {"nl", "en"}
    assert {e.barrier for e in rows} == set(BARRIERS)


def test_the_held_out_set_is_valid_and_shares_no_answer_with_the_corpus():
    heldout = read_corpus(PROJECT_ROOT / "models" / "heldout")
    assert not heldout.problems
    assert len(heldout.examples) >= 400
    assert {e.lang for e in heldout.examples} == {"nl", "en"}
    assert {e.barrier for e in heldout.examples} == set(BARRIERS)
    trained = {e.text.lower().strip() for e in read_corpus(CORPUS).examples}
    assert not [e.text for e in heldout.examples if e.text.lower().strip() in trained]
