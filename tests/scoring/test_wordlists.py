"""The word lists live in data files, all hashed into the manifest, without content words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from feedback.scoring import persist, wordlists
from feedback.scoring.corpus import read_corpus
from feedback.scoring.lexicon import NL_EXTRA, dutch_lexicon, dutch_supplement
from feedback.scoring.persist import ArtefactRefused, load_parts, save_parts
from feedback.scoring.text import FUNCTION_WORDS, STOPWORDS
from feedback.scoring.training import fit_parts

from .conftest import write_tiny_corpus

CONTENT_WORDS = {
    "nl": {"goed", "beter", "tijd", "werk", "collega", "collega's", "weet", "handig", "nut"},
    "en": {"good", "better", "time", "work", "colleagues", "know", "want", "need", "useful"},
}


@pytest.fixture(scope="module")
def tiny_parts(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tiny")
    write_tiny_corpus(directory)
    return fit_parts(read_corpus(directory / "corpus").examples, seed=1)


def test_every_word_list_file_is_hashed_into_the_manifest():
    hashed = set(persist.resource_files())
    assert set(wordlists.data_files()) <= hashed
    names = {p.name for p in wordlists.data_files()}
    assert {"cues.tsv", "stopwords-nl.txt", "function-words.txt", "nl-extra.tsv"} <= names
    assert {"boosters-nl.tsv", "tool-words.txt", "concepts.tsv", "nl-supplement.tsv"} <= names


@pytest.mark.parametrize("name", ["stopwords-nl.txt", "cues.tsv", "named-tools.txt"])
def test_a_changed_word_list_refuses_the_old_artefact(tiny_parts, tmp_path, monkeypatch, name):
    models = tmp_path / "models"
    save_parts(tiny_parts, models, {"version": tiny_parts["version"]})
    assert load_parts(models)["version"] == tiny_parts["version"]
    data = tmp_path / "data"
    shutil.copytree(wordlists.DATA_DIR, data)
    monkeypatch.setattr(wordlists, "DATA_DIR", data)
    assert load_parts(models)["version"] == tiny_parts["version"]
    changed = data / name
    changed.write_text(changed.read_text(encoding="utf-8") + "zwoele\n", encoding="utf-8")
    with pytest.raises(ArtefactRefused, match="other word lists or lexicons"):
        load_parts(models)
    assert persist.artefact_outdated(models)


def test_train_if_missing_retrains_after_a_word_list_changes(tiny_app, tmp_path, monkeypatch):
    runner = tiny_app.test_cli_runner()
    assert runner.invoke(args=["train", "--if-missing"]).exit_code == 0
    data = tmp_path / "data"
    shutil.copytree(wordlists.DATA_DIR, data)
    monkeypatch.setattr(wordlists, "DATA_DIR", data)
    (data / "function-words.txt").write_text("# nothing\n", encoding="utf-8")
    result = runner.invoke(args=["train", "--if-missing"])
    assert result.exit_code == 0, result.output
    assert "other word lists or lexicons: retraining" in result.output


@pytest.mark.parametrize("language", ["nl", "en"])
def test_stop_word_lists_hold_no_content_words(language):
    assert not STOPWORDS[language] & CONTENT_WORDS[language]
    assert not FUNCTION_WORDS & (CONTENT_WORDS[language] - {"want"})  # Dutch "want": because


def test_each_dutch_polar_word_has_one_hand_written_value():
    supplement = dutch_supplement()
    assert not set(NL_EXTRA) & set(supplement)
    lexicon = dutch_lexicon()
    assert all(lexicon[w] == v for w, v in {**NL_EXTRA, **supplement}.items())


def test_data_files_are_plain_utf8_without_tabs_in_word_lists():
    for path in wordlists.data_files():
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n"), path.name
        if path.suffix == ".txt":
            assert "\t" not in text, path.name
        else:
            width = len(text.splitlines()[0].split("\t"))
            assert all(len(r.split("\t")) == width for r in text.splitlines() if r), path.name


def test_no_word_list_is_left_in_the_scoring_modules():
    """A long run of plain lower-case words in a string literal is a word list in code."""
    import ast

    for module in Path(wordlists.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = node.value.split()
                plain = len(words) >= 12 and all(w.isalpha() and w.islower() for w in words)
                assert not plain, f"{module.name}: {node.value[:60]}"
