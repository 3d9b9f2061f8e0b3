"""Training choices that are parameters: which files' labels each head learns from."""

from __future__ import annotations

from pathlib import Path

from feedback.scoring.corpus import read_corpus
from feedback.scoring.training import PARAMS, fit_parts

from .conftest import write_tiny_corpus

# Sentiment "neutral" only in the skipped family: the sentiment head can learn it only when
# that family's sentiment labels are trained on.
ROUND = [
    ("The rota app is where the shift list lives now.", "none"),
    ("De planning staat sinds maandag in de roosterapp.", "none"),
    ("Our ward moved the handover sheet into the tablet.", "none"),
    ("Het overdrachtsformulier zit nu in de tablet.", "none"),
]


def _corpus(tmp_path: Path):
    write_tiny_corpus(tmp_path)
    tiny = tmp_path / "corpus" / "xx-tiny.tsv"
    tiny.write_text(tiny.read_text(encoding="utf-8").replace("\tneutral\n", "\tpositive\n"))
    lines = ["group\tlang\ttext\tbarrier\tsentiment"] + [
        f"r-{i}\t{'nl' if i % 2 else 'en'}\t{text}\t{barrier}\tneutral"
        for i, (text, barrier) in enumerate(ROUND)
    ]
    (tmp_path / "corpus" / "xx-roundx.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_corpus(tmp_path / "corpus").examples


def test_a_skipped_family_teaches_the_barrier_but_not_the_sentiment(tmp_path: Path):
    examples = _corpus(tmp_path)
    trained = fit_parts(examples, seed=1, params={**PARAMS, "sentiment_skip_files": []})
    skipped = fit_parts(examples, seed=1, params={**PARAMS, "sentiment_skip_files": ["roundx"]})
    assert "neutral" in trained["sentiment"].classes_
    assert "neutral" not in skipped["sentiment"].classes_
    assert list(skipped["barrier"].classes_) == list(trained["barrier"].classes_)
    assert skipped["version"] != trained["version"]
