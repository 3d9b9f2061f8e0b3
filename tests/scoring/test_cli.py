"""The commands from a fresh clone: score, evaluate, train (with corrections), rescore."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from feedback.db import open_database
from feedback.scoring.model import SCORE_COLUMNS
from feedback.scoring.persist import ARTEFACT, MANIFEST, METRICS

from .helpers import add_comments, ensure_label_corrections

COLUMNS = list(SCORE_COLUMNS)


def _write_csv(path: Path, rows: list[dict], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_score_keeps_input_columns_and_adds_scores(runner, tmp_path: Path):
    source = _write_csv(
        tmp_path / "in.csv",
        [
            {"id": "7", "team": "A", "text": "Ik kan niet inloggen op de werkvloer"},
            {"id": "8", "team": "B", "text": ""},
            {"id": "9", "team": "B", "text": "Love it, thanks!"},
        ],
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["score", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "team", "text", *COLUMNS]
    assert [r["id"] for r in rows] == ["7", "8", "9"]
    assert rows[0]["barrier"] == "access" and float(rows[0]["p_access"]) > 0.5
    assert rows[1]["barrier"] == "" and rows[1]["p_none"] == "" and rows[1]["flag"] == "empty"
    assert rows[2]["sentiment"] == "positive"
    assert json.loads(rows[0]["evidence"])
    assert rows[0]["confident"] in ("0", "1") and float(rows[0]["confidence"]) > 0.5
    assert rows[1]["confident"] == "0" and rows[1]["confidence"] == ""
    assert not (tmp_path / "out.csv.partial").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"id,comment\n1,hello\n", "no `text` column"),
        (b"text\nik weet het niet \xff\xfe\n", "not UTF-8"),
    ],
)
def test_score_reports_bad_input_clearly(runner, tmp_path: Path, content, message):
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["score", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_evaluate_reports_model_and_baseline_per_language(runner, tmp_path: Path):
    sentiment = _write_csv(
        tmp_path / "gold.tsv",
        [
            {
                "id": "1",
                "lang": "en",
                "text": "I love this tool, great work",
                "sentiment": "positive",
            },
            {
                "id": "2",
                "lang": "en",
                "text": "It crashes all the time, awful",
                "sentiment": "negative",
            },
            {"id": "3", "lang": "nl", "text": "Super handig, echt top", "sentiment": "positive"},
            {"id": "4", "lang": "nl", "text": "Traag en ambetant", "sentiment": "negative"},
        ],
        delimiter="\t",
    )
    barrier = _write_csv(
        tmp_path / "barrier.csv",
        [
            {"text": "I have no idea how to upload a file", "label": "knowledge"},
            {"text": "Why would I use it, email is fine", "label": "motivation"},
        ],
    )
    out = tmp_path / "eval.json"
    result = runner.invoke(args=["evaluate", str(sentiment), str(barrier), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "VADER" in result.output and "Pattern-NL" in result.output
    assert "restricted to: knowledge, motivation" in result.output
    report = json.loads(out.read_text())
    first, second = report["files"]
    assert set(first["sentiment"]) == {"en", "nl"}
    assert first["sentiment"]["en"]["model"]["per_class"]["positive"]["support"] == 1
    assert "confusion" in first["sentiment"]["nl"]["model"]
    assert second["barrier"]["en"]["model"]["n"] == 2


def test_evaluate_dev_style_file_reports_intervals_by_source_and_phenomena(runner, tmp_path: Path):
    rows = [
        ("We moved to Teams last spring and nobody showed us how to share a file.", "knowledge"),
        ("Mijn collega's zien het nut niet, de mail werkt toch prima.", "motivation"),
        ("The new portal crashes every time I open my schedule.", "access"),
        ("Oh great, yet another app. Thanks a lot!!", "motivation"),
        ("Het nieuwe EPD werkt goed, ik gebruik het elke dag op de afdeling.", "none"),
        ("Ge moet da nieuw systeem eens zien, amai, ik snap er niks van.", "knowledge"),
        ("The pizza was cold and the waiter was rude.", "none"),
        ("Wat een mooie zonsondergang vanavond aan zee.", "none"),
    ]
    source = _write_csv(
        tmp_path / "dev.tsv",
        [
            {
                "id": str(i),
                "lang": "nl" if i in (1, 4, 5, 7) else "en",
                "text": text,
                "label": label,
                "sentiment": "negative",
                "source": f"https://example.invalid/{i // 2}",
            }
            for i, (text, label) in enumerate(rows)
        ],
        delimiter="\t",
    )
    out = tmp_path / "eval.json"
    result = runner.invoke(args=["evaluate", str(source), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "95 % CI" in result.output and "bootstrap over" in result.output
    assert "error analysis by phenomenon [nl]" in result.output
    report = json.loads(out.read_text())["files"][0]
    boot = report["bootstrap"]
    assert boot["by"] == "source" and boot["rounds"] >= 1000
    for lang in ("en", "nl"):
        figure = boot[lang]["barrier_macro_f1"]
        low, high = figure["ci95"]
        assert low <= figure["value"] <= high
        assert boot[lang]["sources"] <= 4
    # a flagged (off-topic) row counts as a barrier error
    assert report["flagged"] == {"offtopic": 2}
    assert report["barrier"]["en"]["flagged"] == 1 and report["barrier"]["nl"]["flagged"] == 1
    assert report["barrier"]["en"]["model"]["n"] == 4
    assert report["barrier"]["en"]["model"]["accuracy"] <= 0.75  # the pizza is wrong
    phenomena = report["phenomena"]
    assert phenomena["en"]["irony"]["n"] == 1
    assert phenomena["en"]["named_tool"]["n"] == 1
    assert phenomena["nl"]["flemish"]["n"] == 1
    assert phenomena["nl"]["about_colleagues"]["n"] >= 1
    assert phenomena["nl"]["care_education_municipal"]["n"] >= 1
    confident = report["barrier"]["en"]["confident"]
    assert 0 <= confident["share"] <= 1 and confident["n"] <= 4
    # same seed, same interval
    again = runner.invoke(args=["evaluate", str(source), "--json", str(out)])
    assert json.loads(out.read_text())["files"][0]["bootstrap"] == boot, again.output


@pytest.mark.parametrize(
    ("row", "message"),
    [({"text": "hello"}, "gold"), ({"text": "hello", "label": "spam"}, "holds none of")],
)
def test_evaluate_needs_usable_gold_labels(runner, tmp_path: Path, row, message):
    source = _write_csv(tmp_path / "x.csv", [row])
    result = runner.invoke(args=["evaluate", str(source)])
    assert result.exit_code == 1 and message in result.output


def test_train_if_missing_trains_once_then_skips(tiny_app):
    runner = tiny_app.test_cli_runner()
    result = runner.invoke(args=["train", "--if-missing"])
    assert result.exit_code == 0, result.output
    model_dir = Path(tiny_app.config["MODEL_DIR"])
    assert (model_dir / ARTEFACT).exists()
    assert json.loads((model_dir / METRICS).read_text())["counts"]["answers"] == 60
    again = runner.invoke(args=["train", "--if-missing"])
    assert "not retrained" in again.output


def test_train_if_missing_retrains_a_model_made_with_other_lexicon_files(tiny_app):
    runner = tiny_app.test_cli_runner()
    assert runner.invoke(args=["train", "--if-missing"]).exit_code == 0
    manifest_path = Path(tiny_app.config["MODEL_DIR"]) / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["resources_sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    result = runner.invoke(args=["train", "--if-missing"])
    assert result.exit_code == 0, result.output
    assert "other word lists or lexicons: retraining" in result.output
    assert json.loads(manifest_path.read_text())["resources_sha256"] != "0" * 64


def test_train_reports_bad_rows_and_uses_corrections(tiny_app):
    model_dir = Path(tiny_app.config["MODEL_DIR"])
    with (model_dir / "corpus" / "xx-tiny.tsv").open("a", encoding="utf-8") as handle:
        handle.write("bad\tnl\tonvolledige rij\n")
    db = open_database(tiny_app)
    ensure_label_corrections(db)
    first, second, _third = add_comments(
        db, ["de knop om te posten is onvindbaar", "wat heb ik eraan", "geen correctie hier"]
    )
    db["label_corrections"].insert_all(
        [
            {
                "comment_id": first,
                "field": "barrier",
                "value": "access",
                "corrected_on": "2026-01-03",
            },
            {
                "comment_id": first,
                "field": "barrier",
                "value": "knowledge",
                "corrected_on": "2026-01-04",
            },
            {
                "comment_id": second,
                "field": "sentiment",
                "value": "negative",
                "corrected_on": "2026-01-04",
            },
        ]
    )
    db.conn.close()
    result = tiny_app.test_cli_runner().invoke(args=["train", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "xx-tiny.tsv:62" in result.output
    metrics = json.loads((model_dir / METRICS).read_text())
    assert metrics["corrections_used"] == 2
    assert metrics["counts"]["answers"] == 62
    assert "cross_validation" in metrics


def test_train_without_corpus_fails_cleanly(tmp_path: Path):
    from feedback import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE": str(tmp_path / "d.db"),
            "MODEL_DIR": str(tmp_path / "empty"),
        }
    )
    result = app.test_cli_runner().invoke(args=["train"])
    assert result.exit_code == 1 and "too few valid rows" in result.output


def test_rescore_scores_new_and_outdated_comments(tiny_app):
    runner = tiny_app.test_cli_runner()
    assert runner.invoke(args=["train", "--no-cv"]).exit_code == 0
    db = open_database(tiny_app)
    ids = add_comments(db, ["ik kan niet inloggen", "", "what's the point"])
    db.execute("UPDATE comments SET model_version = 'old' WHERE id = ?", [ids[2]])
    db.conn.commit()
    result = runner.invoke(args=["rescore"])
    assert result.exit_code == 0, result.output
    assert "Re-scored 3 comments" in result.output
    rows = list(db.query("SELECT flag, barrier, model_version FROM comments ORDER BY id"))
    assert len({r["model_version"] for r in rows}) == 1 and rows[0]["model_version"] != "old"
    assert rows[1]["flag"] == "empty" and rows[1]["barrier"] is None
    assert "Re-scored 0 comments" in runner.invoke(args=["rescore"]).output
    assert "Re-scored 3 comments" in runner.invoke(args=["rescore", "--all"]).output
    db.conn.close()


def test_score_streams_a_file_larger_than_one_chunk(runner, tmp_path: Path):
    from feedback.scoring.cli import CHUNK

    texts = ["ik weet niet hoe", "the app crashes", "", "super handig!", "why bother"]
    rows = [{"n": str(i), "text": texts[i % len(texts)]} for i in range(CHUNK * 2 + 7)]
    source = _write_csv(tmp_path / "big.csv", rows)
    out = tmp_path / "big-out.csv"
    result = runner.invoke(args=["score", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        scored = list(csv.DictReader(handle))
    assert [r["n"] for r in scored] == [r["n"] for r in rows]
    assert {r["barrier"] for r in scored[2::5]} == {""}
    assert scored[1]["barrier"] == scored[CHUNK + 1]["barrier"] == "access"


@pytest.mark.parametrize("name", ["train", "score", "evaluate", "rescore"])
def test_every_command_has_help_and_is_in_the_readme(app, name):
    from feedback import PROJECT_ROOT

    command = app.cli.get_command(None, name)
    assert command is not None and command.help
    assert f"`{name}" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
