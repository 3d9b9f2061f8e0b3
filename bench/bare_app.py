"""The baseline for bench/submit.py: a bare Flask endpoint that only inserts a response row.

It opens its connection exactly as the real app does (feedback.db.get_db, closed at teardown)
and inserts the same response row, with no forms, CSRF, sessions, translations or templates.
Run under gunicorn with FEEDBACK_DATABASE set: `gunicorn bench.bare_app:app`.
"""

from __future__ import annotations

import datetime as dt
import os

from flask import Flask

from feedback.db import close_db, get_db

app = Flask(__name__)
app.config["DATABASE"] = os.environ["FEEDBACK_DATABASE"]
app.teardown_appcontext(close_db)

INSERT = """INSERT INTO responses (wave_id, submitted_on, department, team, location, role,
                                   tenure_band, language, ambassador_opt_in)
            VALUES (?, ?, 'Sales', 'Inside sales', 'Gent', 'employee', '5+ years', 'en', 0)"""


@app.post("/submit/<int:wave_id>")
def submit(wave_id: int) -> tuple[str, int]:
    db = get_db()
    with db.conn:
        db.conn.execute(INSERT, [wave_id, dt.date.today().isoformat()])
    return "", 204
