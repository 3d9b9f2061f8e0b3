"""Scoring commands: train, score, evaluate, rescore."""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from feedback.db import open_database
from feedback.scoring.model import SCORE_COLUMNS

CHUNK = 2_000
OUTPUT_COLUMNS = SCORE_COLUMNS


def _model_dir() -> Path:
    return Path(current_app.config["MODEL_DIR"])


def _scorer():
    from feedback.scoring.persist import ArtefactRefused
    from feedback.scoring.store import get_scorer

    try:
        return get_scorer(_model_dir())
    except ArtefactRefused as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("train")
@click.option(
    "--if-missing",
    is_flag=True,
    help="Only train when there is no model yet, or it was made with other lexicon files.",
)
@click.option("--seed", default=0, show_default=True, help="Seed for folds and solvers.")
@click.option("--no-cv", is_flag=True, help="Skip the cross-validated figures (faster).")
@with_appcontext
def train_command(if_missing: bool, seed: int, no_cv: bool) -> None:
    """Train the scoring model from models/corpus/*.tsv and the dashboard's label corrections.

    Writes models/scorer.skops, its manifest models/scorer.json and models/metrics.json.
    """
    from feedback.scoring.persist import artefact_exists, artefact_outdated

    directory = _model_dir()
    if if_missing and artefact_exists(directory):
        reason = artefact_outdated(directory)
        if reason is None:
            click.echo(f"Model present in {directory}: not retrained.")
            return
        click.echo(f"{reason}: retraining.")
    from feedback.scoring.store import forget_scorers
    from feedback.scoring.training import TrainingError, train

    started = time.perf_counter()
    db = open_database(current_app)
    try:
        metrics = train(directory, db, seed, cv=not (no_cv or if_missing), echo=click.echo)
    except TrainingError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.conn.close()
    forget_scorers()
    counts = metrics["counts"]
    click.echo(
        f"Trained on {counts['answers']} answers ({counts['dutch_share']:.0%} Dutch), "
        f"{metrics['corrections_used']} from label corrections."
    )
    for task in ("barrier", "sentiment"):
        figures = metrics.get("cross_validation", {}).get(task)
        if figures:
            click.echo(
                f"Cross-validated {task}: macro F1 {figures['macro_f1']:.3f}, "
                f"ECE {figures['calibration']['ece']:.3f}."
            )
    click.echo(
        f"Model {metrics['version']} written to {directory} "
        f"in {time.perf_counter() - started:.1f} s."
    )


@click.command("score")
@click.argument("in_file", metavar="IN.csv", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(path_type=Path),
    help="CSV to write: every input column plus the scores.",
)
@with_appcontext
def score_command(in_file: Path, out_file: Path) -> None:
    """Score the `text` column of a CSV; keeps every input column and adds the scores.

    Adds language, sentiment, sentiment_score, barrier, p_knowledge, p_motivation, p_access,
    p_none, evidence (JSON list), flag (empty, unreadable, other_language or offtopic: such
    rows get no barrier; an off-topic row keeps its probabilities), confidence (the calibrated
    top barrier probability) and confident (1 when the barrier is confident, 0 when unclear).
    Reads and writes in chunks, so any size of file works.
    """
    from feedback.scoring.evaluation import InputError, read_table

    scorer = _scorer()
    temp = out_file.with_name(out_file.name + ".partial")
    try:
        total = _count_rows(in_file)
        header, rows = read_table(in_file)
        with (
            temp.open("w", encoding="utf-8", newline="") as handle,
            click.progressbar(length=total, label="Scoring", file=sys.stderr) as bar,
        ):
            extra = [c for c in OUTPUT_COLUMNS if c not in header]
            writer = csv.DictWriter(handle, fieldnames=header + extra, extrasaction="ignore")
            writer.writeheader()
            for chunk in _chunks(rows, CHUNK):
                results = scorer.score_many([r["text"] for r in chunk])
                for row, result in zip(chunk, results, strict=True):
                    writer.writerow({**row, **_output(result)})
                bar.update(len(chunk))
    except (InputError, OSError) as exc:
        temp.unlink(missing_ok=True)
        raise click.ClickException(str(exc)) from exc
    os.replace(temp, out_file)
    click.echo(f"Scored {total} rows into {out_file} (model {scorer.version}).")


def _output(result) -> dict:
    row = result.as_row()
    row["confident"] = int(row["confident"])
    return {c: "" if row[c] is None else row[c] for c in OUTPUT_COLUMNS}


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        row["text"] = row.get("text") or ""
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _count_rows(path: Path) -> int:
    from feedback.scoring.evaluation import read_table

    _header, rows = read_table(path)
    return sum(1 for _ in rows)


@click.command("evaluate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path),
    help="Also write every figure to this JSON file.",
)
@with_appcontext
def evaluate_command(files: tuple[Path, ...], json_out: Path | None) -> None:
    """Measure the model on labelled CSV/TSV files (gold `sentiment` and/or `label`).

    Prints per-class precision, recall, F1, macro and weighted F1 and the confusion matrix per
    language, with the VADER (en) or Pattern-NL (nl) baseline measured in the same run.
    """
    from feedback.scoring.evaluation import InputError, evaluate_file, format_report

    scorer = _scorer()
    reports = []
    for path in files:
        try:
            report = evaluate_file(scorer, path)
        except InputError as exc:
            raise click.ClickException(str(exc)) from exc
        reports.append(report)
        click.echo(format_report(report))
    if json_out:
        json_out.write_text(json.dumps({"model": scorer.version, "files": reports}, indent=1))


@click.command("rescore")
@click.option("--all", "everything", is_flag=True, help="Re-score every stored comment.")
@with_appcontext
def rescore_command(everything: bool) -> None:
    """Re-score stored comments: those with no score or an older model (all with --all)."""
    from feedback.scoring.store import forget_scorers, score_pending

    forget_scorers()
    scorer = _scorer()
    db = open_database(current_app)
    where = "" if everything else "WHERE model_version IS NULL OR model_version != ?"
    params = [] if everything else [scorer.version]
    ids = [r["id"] for r in db.query(f"SELECT id FROM comments {where} ORDER BY id", params)]
    done = 0
    with click.progressbar(length=len(ids), label="Re-scoring") as bar:
        for start in range(0, len(ids), CHUNK):
            done += score_pending(db, ids[start : start + CHUNK])
            bar.update(len(ids[start : start + CHUNK]))
    db.conn.close()
    click.echo(f"Re-scored {done} comments with model {scorer.version}.")


def init_app(app: Flask) -> None:
    for command in (train_command, score_command, evaluate_command, rescore_command):
        app.cli.add_command(command)
