"""What the submission benchmarks share: a database with an open wave, a port, a request."""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class OpenWave:
    survey_id: int
    wave_id: int
    bare_wave_id: int
    tokens: list[str]
    items: list[dict]


def build_open_wave(path: Path, people: int, departments: int = 1) -> OpenWave:
    """A survey from the template, `people` people invited to an open wave, and a second open
    wave for the bare endpoint's rows. Imports the app lazily: load clients never need it."""
    sys.path.insert(0, str(ROOT))
    from feedback import create_app
    from feedback.db import open_database
    from feedback.invitations import issue_invitations
    from feedback.survey_template import create_survey_from_template

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE": str(path)})
    db = open_database(app)
    try:
        survey_id = create_survey_from_template(db, "Bench", "Beehive")
        today = dt.date.today()
        with db.conn:
            db.table("people").insert_all(
                {
                    "email": f"p{i}@example.org",
                    "department": f"Dept {i % departments}",
                    "team": f"Team {i % (departments * 3)}",
                    "location": "Gent",
                    "role": "employee",
                    "start_date": "2019-03-01",
                    "language": "en",
                }
                for i in range(people)
            )
            wave_ids = [
                db.table("waves")
                .insert(
                    {
                        "survey_id": survey_id,
                        "number": number,
                        "status": "open",
                        "opens_on": (today - dt.timedelta(days=1)).isoformat(),
                        "closes_on": (today + dt.timedelta(days=1)).isoformat(),
                    }
                )
                .last_pk
                for number in (1, 2)
            ]
        tokens = list(issue_invitations(db, wave_ids[0]).values())
        items = list(db.query("SELECT id, kind, key FROM items WHERE survey_id = ?", [survey_id]))
    finally:
        db.conn.close()
    return OpenWave(survey_id, wave_ids[0], wave_ids[1], tokens, items)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()
