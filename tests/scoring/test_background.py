"""The background scorer: comments stored unscored are scored off the request path."""

from __future__ import annotations

from feedback import worker as worker_module
from feedback.scoring.background import worker_for


def _store_comment(db, text: str) -> int:
    db.execute("INSERT INTO surveys (name, created_on) VALUES ('S', '2026-11-01')")
    db.execute(
        "INSERT INTO items (survey_id, position, key, kind, text_en, text_nl) "
        "VALUES (1, 0, 'comment', 'text', 'c', 'c')"
    )
    db.execute(
        "INSERT INTO waves (survey_id, number, opens_on, closes_on) "
        "VALUES (1, 1, '2026-11-01', '2026-11-30')"
    )
    db.execute(
        "INSERT INTO responses (wave_id, submitted_on, department, team, location, role, "
        "tenure_band, language) VALUES (1, '2026-11-02', 'D', 'T', 'L', 'employee', "
        "'unknown', 'nl')"
    )
    cur = db.execute(
        "INSERT INTO comments (response_id, wave_id, item_id, text) VALUES (1, 1, 1, ?)", [text]
    )
    db.conn.commit()
    return cur.lastrowid


def test_a_nudge_scores_every_pending_comment(app, db):
    comment_id = _store_comment(db, "ik weet niet hoe ik een groep aanmaak")
    worker = worker_for(app.config["DATABASE"], app.config["MODEL_DIR"])
    worker.nudge()
    assert worker.wait_idle(120)
    row = db.execute(
        "SELECT language, barrier, model_version FROM comments WHERE id = ?", [comment_id]
    ).fetchone()
    assert row[0] == "nl" and row[1] == "knowledge" and row[2]


def test_an_idle_thread_ends_and_a_new_nudge_starts_another(app, db, monkeypatch):
    monkeypatch.setattr(worker_module, "IDLE_SECONDS", 0.05)
    worker = worker_for(app.config["DATABASE"], app.config["MODEL_DIR"])
    worker.nudge()
    assert worker.wait_idle(120)
    first = worker._thread
    if first is not None:
        first.join(5)
    assert worker._thread is None or not worker._thread.is_alive()
    comment_id = _store_comment(db, "the app crashes on my phone")
    worker.nudge()
    assert worker.wait_idle(120)
    barrier = db.execute("SELECT barrier FROM comments WHERE id = ?", [comment_id]).fetchone()[0]
    assert barrier == "access"
