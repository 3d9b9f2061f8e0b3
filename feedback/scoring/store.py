"""Scores stored texts in place: the score columns of `comments` and conversation messages."""

from __future__ import annotations

import logging
from pathlib import Path

import sqlite_utils

from feedback.scoring import corrections
from feedback.scoring.model import SCORE_COLUMNS
from feedback.scoring.persist import ArtefactRefused, default_dir
from feedback.scoring.vectors import to_blob

log = logging.getLogger(__name__)
BATCH = 500
SWEEP = 50  # rows per committed batch of a sweep: about a second of the sentence encoder
RESCORE_PER_RUN = 2_000  # comments of an older model scored again per `tick`: about 30 s
COLUMNS = SCORE_COLUMNS
# Tables with an `id`, a `text` and the score COLUMNS plus `model_version`.
SCORED_TABLES = ("comments", "conversation_messages")
# Tables that keep the sentence embedding the scorer read each row with (`vectors.py`).
EMBEDDED_TABLES = ("comments",)
_SCORERS: dict[Path, object] = {}


def get_scorer(directory: Path | None = None):
    """The scorer for `directory` (default: the app's MODEL_DIR), loaded once per process."""
    from feedback.scoring.model import Scorer

    directory = Path(directory or default_dir()).resolve()
    if directory not in _SCORERS:
        _SCORERS[directory] = Scorer.load(directory)
    return _SCORERS[directory]


def forget_scorers() -> None:
    """Drop cached scorers, so the next call loads a freshly trained artefact."""
    _SCORERS.clear()


def score_pending(
    db: sqlite_utils.Database,
    comment_ids: list[int] | None = None,
    model_dir: Path | None = None,
    table: str = "comments",
) -> int:
    """Score the given rows of `table` (one of SCORED_TABLES), or every one without a score;
    returns how many were scored.

    A missing or refused model is logged and scores nothing: a respondent's submission must
    never fail because the model is not there yet (`rescore` catches up later).
    """
    if table not in SCORED_TABLES:
        raise ValueError(table)
    try:
        scorer = get_scorer(model_dir)
    except ArtefactRefused as exc:
        log.warning("comments not scored: %s", exc)
        return 0
    if comment_ids is None:
        return _sweep(db, scorer, table)
    rows: list[dict] = []
    ids = [int(i) for i in comment_ids]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        rows += db.query(f"SELECT id, text FROM {table} WHERE id IN ({marks})", chunk)
    for start in range(0, len(rows), BATCH):
        _write(db, scorer, rows[start : start + BATCH], table)
    return len(rows)


def score_outdated(
    db: sqlite_utils.Database, limit: int | None = None, model_dir: Path | None = None
) -> int:
    """Score again up to `limit` (default RESCORE_PER_RUN) comments an older model read (after
    a release that ships a new model); returns how many. `tick` calls it on every run, so the
    comments reach the current model a few thousand at a time without holding the tick's
    lock for long; `flask rescore` does them all at once."""
    try:
        scorer = get_scorer(model_dir)
    except ArtefactRefused as exc:
        log.warning("comments not scored again: %s", exc)
        return 0
    rows = db.execute(
        "SELECT id FROM comments WHERE model_version IS NOT NULL AND model_version != ? LIMIT ?",
        [scorer.version, RESCORE_PER_RUN if limit is None else limit],
    ).fetchall()
    return score_pending(db, [row[0] for row in rows], model_dir) if rows else 0


def _sweep(db: sqlite_utils.Database, scorer, table: str) -> int:
    """Score unscored rows SWEEP rows at a time, each batch drawn at random from those still
    unscored, until none is left. Every process of a server sweeps the same table: in random
    batches they mostly score different rows, and each batch is committed as soon as it is
    scored, so a burst of submissions is worked off steadily instead of in one long batch that
    every process repeats."""
    done = 0
    while True:
        rows = list(
            db.query(
                f"SELECT id, text FROM {table} WHERE model_version IS NULL "
                "ORDER BY random() LIMIT ?",
                [SWEEP],
            )
        )
        if not rows:
            return done
        _write(db, scorer, rows, table)
        done += len(rows)


def _write(db: sqlite_utils.Database, scorer, rows: list[dict], table: str) -> None:
    texts = [row["text"] for row in rows]
    results = corrections.adjust(db, texts, scorer.score_many(texts))
    extra = ("embedding",) if table in EMBEDDED_TABLES else ()
    assignments = ", ".join(f"{c} = ?" for c in (*COLUMNS, *extra, "model_version"))
    values = [
        [result.as_row()[c] for c in COLUMNS]
        + [to_blob(result.embedding) for _ in extra]
        + [scorer.version, row["id"]]
        for row, result in zip(rows, results, strict=True)
    ]
    with db.conn:
        db.conn.executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", values)
