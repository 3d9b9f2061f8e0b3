"""Saving and loading: round trip, refusal of altered artefacts and of untrusted types."""

from __future__ import annotations

import hashlib
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import skops.io as sio

from feedback.scoring import Scorer
from feedback.scoring.corpus import read_corpus
from feedback.scoring.persist import ARTEFACT, MANIFEST, ArtefactRefused, load_parts, save_parts
from feedback.scoring.training import fit_parts

from .conftest import write_tiny_corpus

TEXTS = ["ik weet niet hoe het werkt", "the app crashes", "super handig!", "what's the point"]


@pytest.fixture(scope="module")
def tiny_parts(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tiny")
    write_tiny_corpus(directory)
    return fit_parts(read_corpus(directory / "corpus").examples, seed=3)


def test_round_trip_gives_identical_scores(tiny_parts, tmp_path: Path):
    save_parts(tiny_parts, tmp_path, {"version": tiny_parts["version"]})
    loaded = Scorer.load(tmp_path)
    assert loaded.version == tiny_parts["version"]
    assert loaded.score_many(TEXTS) == Scorer(tiny_parts).score_many(TEXTS)


def test_same_seed_and_data_give_the_same_model(tiny_parts, tmp_path: Path):
    write_tiny_corpus(tmp_path)
    again = fit_parts(read_corpus(tmp_path / "corpus").examples, seed=3)
    assert again["version"] == tiny_parts["version"]
    assert Scorer(again).score_many(TEXTS) == Scorer(tiny_parts).score_many(TEXTS)


def test_altered_artefact_is_refused(tiny_parts, tmp_path: Path):
    save_parts(tiny_parts, tmp_path, {"version": "x"})
    artefact = tmp_path / ARTEFACT
    data = bytearray(artefact.read_bytes())
    data[len(data) // 2] ^= 0xFF
    artefact.write_bytes(bytes(data))
    with pytest.raises(ArtefactRefused, match="does not match"):
        load_parts(tmp_path)


def test_artefact_with_untrusted_types_is_refused_even_with_a_matching_hash(tmp_path: Path):
    sio.dump({"version": "evil", "payload": Fraction(1, 3)}, tmp_path / ARTEFACT)
    digest = hashlib.sha256((tmp_path / ARTEFACT).read_bytes()).hexdigest()
    (tmp_path / MANIFEST).write_text(json.dumps({"sha256": digest}))
    with pytest.raises(ArtefactRefused, match="untrusted"):
        load_parts(tmp_path)


def test_missing_model_is_refused_with_a_hint(tmp_path: Path):
    with pytest.raises(ArtefactRefused, match="flask --app wsgi train"):
        Scorer.load(tmp_path)


def test_committed_artefact_loads_and_matches_its_manifest():
    from feedback.scoring.persist import default_dir

    directory = default_dir()
    manifest = json.loads((directory / MANIFEST).read_text())
    assert Scorer.load(directory).version == manifest["version"]


def test_copy_of_committed_artefact_loads(tmp_path: Path):
    from feedback.scoring.persist import default_dir

    for name in (ARTEFACT, MANIFEST):
        shutil.copy(default_dir() / name, tmp_path / name)
    assert Scorer.load(tmp_path).score("top").language in ("nl", "en")


def test_retraining_the_committed_corpus_reproduces_the_committed_model(tmp_path: Path):
    from feedback import create_app
    from feedback.scoring.corpus import Corpus
    from feedback.scoring.persist import METRICS, default_dir

    committed = default_dir()
    manifest = json.loads((committed / MANIFEST).read_text())
    corpus = read_corpus(committed / "corpus")
    if Corpus(corpus.examples, []).fingerprint() != manifest["corpus_sha256"]:
        pytest.skip("the corpus changed after the committed model was trained: run `train`")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "corpus").symlink_to(committed / "corpus")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE": str(tmp_path / "d.db"),
            "MODEL_DIR": str(tmp_path / "models"),
        }
    )
    seed = manifest["seed"]
    result = app.test_cli_runner().invoke(args=["train", "--no-cv", "--seed", str(seed)])
    assert result.exit_code == 0, result.output
    again = Scorer.load(tmp_path / "models")
    assert again.version == manifest["version"]
    # The same labels and evidence; scores equal up to the last digits, which another release
    # of numpy/scipy/scikit-learn than the one that trained the artefact may move.
    for mine, theirs in zip(
        again.score_many(TEXTS), Scorer.load(committed).score_many(TEXTS), strict=True
    ):
        assert (mine.language, mine.sentiment, mine.barrier, mine.flag, mine.evidence) == (
            theirs.language,
            theirs.sentiment,
            theirs.barrier,
            theirs.flag,
            theirs.evidence,
        )
        assert mine.sentiment_score == pytest.approx(theirs.sentiment_score, abs=0.02)
        for label, p in (theirs.probabilities or {}).items():
            assert (mine.probabilities or {})[label] == pytest.approx(p, abs=0.02)
    fresh = json.loads((tmp_path / "models" / METRICS).read_text())
    assert fresh["counts"] == json.loads((committed / METRICS).read_text())["counts"]


def test_artefact_trained_with_other_lexicon_files_is_refused(tiny_parts, tmp_path: Path):
    save_parts(tiny_parts, tmp_path, {"version": tiny_parts["version"]})
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    manifest["resources_sha256"] = "0" * 64
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ArtefactRefused, match="other word lists or lexicons"):
        load_parts(tmp_path)


def test_changing_a_lexicon_file_changes_the_model_version(tmp_path: Path, monkeypatch):
    from feedback.scoring import concepts, persist

    write_tiny_corpus(tmp_path)
    examples = read_corpus(tmp_path / "corpus").examples
    before = fit_parts(examples, seed=3)["version"]
    changed = tmp_path / "concepts.tsv"
    changed.write_text(concepts.CONCEPTS_FILE.read_text() + "login\ten\tsign-on\n")
    original = persist.resource_files
    monkeypatch.setattr(
        persist,
        "resource_files",
        lambda: [changed if p.name == changed.name else p for p in original()],
    )
    assert fit_parts(examples, seed=3)["version"] != before
