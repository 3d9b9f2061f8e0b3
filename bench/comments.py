"""The comment explorer's first page of a wave: `.venv/bin/python bench/comments.py`.

Loads the demo organisation (about 900 comments, scored as the background worker scores them)
into a temporary database and times the first `/dashboard/comments` page of the latest wave in
this process, with the process's embedding cache emptied before each request (as in a server
process that has not met these comments yet): once reading the vectors stored when the
comments were scored (`feedback/scoring/vectors.py`), once with them removed, so that every
comment is encoded again for the themes (how the page worked before they were stored). The
figure is the ratio of the two, measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback import create_app  # noqa: E402
from feedback.db import open_database  # noqa: E402
from feedback.demo.load import load_demo  # noqa: E402
from feedback.demo.welcome import (  # noqa: E402
    DEMO_ADMIN_EMAIL,
    DEMO_ADMIN_PASSWORD,
    ensure_demo_admin,
)
from feedback.scoring import embedding  # noqa: E402


def first_page(client, url: str, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        embedding._CACHE.clear()
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.db"
        app = create_app(
            {
                "DATABASE": str(path),
                "SECRET_KEY": "bench",
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            db = open_database(app)
            load_demo(db, 600, 4, 2026, dt.date.today())
            ensure_demo_admin(db)
            survey_id, wave_id = db.execute(
                "SELECT survey_id, id FROM waves ORDER BY number DESC LIMIT 1"
            ).fetchone()
            comments = db.execute("SELECT count(*) FROM comments WHERE wave_id = ?", [wave_id])
            count = comments.fetchone()[0]
        client = app.test_client()
        signed = client.post(
            "/login", data={"email": DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD}
        )
        assert signed.status_code == 302, "sign-in failed"
        url = f"/dashboard/comments?survey={survey_id}&wave={wave_id}"
        stored = first_page(client, url, args.runs)
        with db.conn:
            db.execute("UPDATE comments SET embedding = NULL")
        encoded = first_page(client, url, args.runs)
        db.conn.close()
    report = {
        "latest_wave_comments": count,
        "stored_vectors_seconds": round(statistics.median(stored), 3),
        "encoded_again_seconds": round(statistics.median(encoded), 3),
        "speed_up": round(statistics.median(encoded) / statistics.median(stored), 1),
    }
    print(json.dumps(report, indent=1))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
