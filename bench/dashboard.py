"""Dashboard benchmark: overview and heatmap response times against one bare SQLite aggregate.

    .venv/bin/python bench/dashboard.py                      # 200,000 people x 5 waves
    .venv/bin/python bench/dashboard.py --people 20000 --waves 3

Builds (once, cached under bench/out/ by its parameters) an organisation where everyone
answers every wave: people x waves responses with all scored answers and a comment for one
response in five. Then, signed in as an admin through the Flask test client, it times the
overview and the heatmap of the latest wave, cold (the analytics cache emptied before each
request) and warm, next to a bare `SELECT item_id, department, avg(value) ... GROUP BY` over
the same wave's answers. Targets: each page within 10x the bare aggregate and under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback import create_app  # noqa: E402
from feedback.analytics.refresh import prepare_waves  # noqa: E402
from feedback.api.tokens import create_api_token  # noqa: E402
from feedback.auth.users import create_user  # noqa: E402
from feedback.db import connect, open_database  # noqa: E402
from feedback.survey_template import create_survey_from_template  # noqa: E402

OUT = ROOT / "bench" / "out"
FORMAT = 1  # bump when the generated data changes, so old caches are not reused
ADMIN, PASSWORD = "bench-admin@example.org", "bench-password-123"
DEPARTMENTS, TEAMS, LOCATIONS = 20, 8, 6
BARE = """SELECT a.item_id, r.department, avg(a.value)
          FROM answers a JOIN responses r ON r.id = a.response_id
          WHERE r.wave_id = ? GROUP BY a.item_id, r.department"""


def build(path: Path, people: int, waves: int) -> None:
    """Create the database at `path` (via a temporary file, so a failed build is not cached)."""
    tmp = path.with_suffix(".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    app = create_app({"DATABASE": str(tmp), "SECRET_KEY": "bench", "TESTING": True})
    db = open_database(app)
    survey_id = create_survey_from_template(db, "Benchmark pulse", "Viva Engage")
    create_user(db, ADMIN, PASSWORD, "admin")
    db.conn.close()
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    started = time.perf_counter()
    conn.execute("BEGIN")
    _people(conn, people)
    _waves(conn, survey_id, waves)
    conn.execute("DROP INDEX idx_answers_item")  # rebuilt once after the bulk insert
    for wave_id, opens in conn.execute("SELECT id, opens_on FROM waves ORDER BY id").fetchall():
        _wave_rows(conn, survey_id, wave_id, opens)
        print(f"  wave {wave_id} built ({time.perf_counter() - started:.0f} s)", flush=True)
    conn.execute("CREATE INDEX idx_answers_item ON answers(item_id)")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    tmp.replace(path)
    Path(f"{tmp}.migrate-lock").unlink(missing_ok=True)
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s")


def _people(conn: sqlite3.Connection, people: int) -> None:
    conn.execute(
        f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO people (id, email, department, team, location, role, start_date, language)
        SELECT i, 'p' || i || '@example.org',
               printf('D%02d', i % {DEPARTMENTS}),
               printf('D%02d-T%d', i % {DEPARTMENTS}, (i / {DEPARTMENTS}) % {TEAMS}),
               printf('L%d', i % {LOCATIONS}),
               CASE WHEN i % 12 = 0 THEN 'manager' WHEN i % 31 = 0 THEN 'key_user'
                    ELSE 'employee' END,
               date('2025-06-01', '-' || (i % 3000) || ' days'),
               CASE WHEN i % 3 = 0 THEN 'en' ELSE 'nl' END
        FROM n""",
        [people],
    )


def _waves(conn: sqlite3.Connection, survey_id: int, waves: int) -> None:
    first = dt.date(2026, 1, 5)
    for number in range(1, waves + 1):
        opens = first + dt.timedelta(weeks=6 * (number - 1))
        conn.execute(
            "INSERT INTO waves (survey_id, number, opens_on, closes_on, status) "
            "VALUES (?, ?, ?, ?, 'closed')",
            [survey_id, number, opens.isoformat(), (opens + dt.timedelta(days=14)).isoformat()],
        )


def _wave_rows(conn: sqlite3.Connection, survey_id: int, wave_id: int, opens: str) -> None:
    """Invitations, responses (one per person), answers to every scored item, some comments."""
    conn.execute(
        "INSERT INTO invitations (wave_id, person_id, token_hash, used, invited) "
        "SELECT ?, id, hex(randomblob(32)), 1, 1 FROM people ORDER BY id",
        [wave_id],
    )
    base = conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()[0]
    conn.execute(
        """INSERT INTO responses (id, wave_id, submitted_on, department, team, location, role,
                                  tenure_band, language, ambassador_opt_in)
        SELECT ? + p.id, ?, date(?, '+' || (p.id % 14) || ' days'), p.department, p.team,
               p.location, p.role,
               CASE WHEN p.id % 4 = 0 THEN '< 6 months' WHEN p.id % 4 = 1 THEN '6-24 months'
                    WHEN p.id % 4 = 2 THEN '2-5 years' ELSE '5+ years' END,
               p.language, (p.id % 17 = 0)
        FROM people p ORDER BY p.id""",
        [base, wave_id, opens],
    )
    # Each department leans a little differently, so group means differ.
    conn.execute(
        """INSERT INTO answers (response_id, item_id, value)
        SELECT r.id, i.id,
               CASE WHEN i.kind = 'likert'
                    THEN min(5, max(1, 1 + abs(random()) % 5 + (r.id % 20 > 14)))
                    ELSE min(10, abs(random()) % 11 + (r.id % 20 > 14)) END
        FROM responses r CROSS JOIN items i
        WHERE r.wave_id = ? AND i.survey_id = ? AND i.kind IN ('likert', 'scale')
        ORDER BY r.id, i.id""",
        [wave_id, survey_id],
    )
    conn.execute(
        """INSERT INTO comments (response_id, wave_id, item_id, text, language, sentiment,
                                 sentiment_score, barrier, p_knowledge, p_motivation, p_access,
                                 p_none, evidence, model_version)
        SELECT r.id, r.wave_id, (SELECT id FROM items WHERE survey_id = ? AND key = 'step_up'),
               CASE r.id % 4 WHEN 0 THEN 'I do not know how to start'
                    WHEN 1 THEN 'I do not see the point' WHEN 2 THEN 'I cannot log in'
                    ELSE 'I use it every day' END,
               r.language, 'neutral', 0.0,
               CASE r.id % 4 WHEN 0 THEN 'knowledge' WHEN 1 THEN 'motivation'
                    WHEN 2 THEN 'access' ELSE 'none' END,
               0.25, 0.25, 0.25, 0.25, '[]', 'bench'
        FROM responses r WHERE r.wave_id = ? AND r.id % 5 = 0""",
        [survey_id, wave_id],
    )


Timing = tuple[list[float], list[float]]


def timed(fn: Callable[[], object], runs: int, before: Callable[[], None] | None = None) -> Timing:
    """Wall-clock and CPU seconds per run (CPU time shows the work when the machine is busy)."""
    wall, cpu = [], []
    for _ in range(runs):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(path: Path, runs: int, cold_runs: int, bare_runs: int, first_runs: int) -> bool:
    """Time the pages three ways: `first` after every derived analytics table is emptied and
    the waves prepared again (the first view of freshly loaded waves after `tick`; pages never
    prepare), `cold` with only the aggregate cache emptied, and `warm`."""
    db = connect(path)
    try:
        prepare_waves(db)  # what `tick` does after answers arrive; pages only read
    finally:
        db.conn.close()
    app = create_app(
        {"DATABASE": str(path), "SECRET_KEY": "bench", "TESTING": True, "WTF_CSRF_ENABLED": False}
    )
    client = app.test_client()
    signed = client.post("/login", data={"email": ADMIN, "password": PASSWORD})
    assert signed.status_code == 302, "sign-in failed"
    conn = sqlite3.connect(path)
    survey_id, wave_id = conn.execute(
        "SELECT survey_id, id FROM waves ORDER BY number DESC LIMIT 1"
    ).fetchone()
    responses = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    comments = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    print(f"{responses:,} responses; latest wave {wave_id}; {comments:,} comments")
    query = f"survey={survey_id}&wave={wave_id}&by=department"

    def get(url: str, headers: dict[str, str] | None = None) -> Callable[[], None]:
        def fetch() -> None:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    derived = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'analytics_%'"
        )
    ]

    def clear(tables: list[str]) -> Callable[[], None]:
        def run() -> None:
            with conn:
                for table in tables:
                    conn.execute(f"DELETE FROM {table}")

        return run

    def rebuilt(tables: list[str]) -> Callable[[], None]:
        def run() -> None:
            clear(tables)()
            db = connect(path)
            try:
                prepare_waves(db)
            finally:
                db.conn.close()

        return run

    bare = timed(lambda: conn.execute(BARE, [wave_id]).fetchall(), bare_runs)
    results = {"bare aggregate": bare}
    for name, url in (
        ("overview", f"/dashboard/?{query}"),
        ("heatmap", f"/dashboard/heatmap?{query}"),
    ):
        if first_runs:
            results[f"{name} first"] = timed(get(url), first_runs, before=rebuilt(derived))
        results[f"{name} cold"] = timed(get(url), cold_runs, before=clear(["analytics_cache"]))
        results[f"{name} warm"] = timed(get(url), runs)
    extras = {
        "comments": get(f"/dashboard/comments?survey={survey_id}&wave={wave_id}"),
        "api results": get(
            f"/api/v1/surveys/{survey_id}/results?wave={wave_id}&by=department",
            {"Authorization": f"Bearer {api_token(path)}"},
        ),
    }
    for name, fetch in extras.items():
        results[f"{name} (info)"] = timed(fetch, runs)
    conn.close()
    return report(results)


def api_token(path: Path) -> str:
    db = connect(path)
    try:
        return create_api_token(db, ADMIN, "bench")
    finally:
        db.conn.close()


def report(results: dict[str, Timing]) -> bool:
    """Print p50/p95 wall time, the ratio to the bare aggregate, and p50 CPU time."""
    bare50 = statistics.median(results["bare aggregate"][0])
    print(f"\nload average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    head = f"{'':18} {'p50 ms':>9} {'p95 ms':>9} {'p50/bare':>9} {'cpu p50':>9}"
    print(f"{head}  target (<=10x bare, p95 < 1 s)")
    ok = True
    for name, (values, cpu) in results.items():
        p50, p95 = statistics.median(values), pct(values, 95)
        ratio = p50 / bare50
        line = f"{name:18} {p50 * 1000:9.1f} {p95 * 1000:9.1f} {ratio:9.2f}"
        line += f" {statistics.median(cpu) * 1000:9.1f}"
        if name != "bare aggregate" and "(info)" not in name:
            met = ratio <= 10 and p95 < 1.0
            line += "  met" if met else "  NOT met"
            if "first" in name:
                line += " (one-off: builds the derived tables)"
            else:
                ok &= met
        print(line)
    print("\ncold and warm targets met" if ok else "\nsome cold or warm targets NOT met")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--waves", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20, help="Warm requests per page.")
    parser.add_argument("--cold-runs", type=int, default=5, help="Requests with cache emptied.")
    parser.add_argument(
        "--first-runs", type=int, default=1, help="Requests with all derived tables emptied."
    )
    parser.add_argument("--bare-runs", type=int, default=5, help="Runs of the bare aggregate.")
    parser.add_argument("--rebuild", action="store_true", help="Ignore a cached database.")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"dashboard-p{args.people}-w{args.waves}-v{FORMAT}.db"
    if args.rebuild or not path.exists():
        print(f"building {args.people:,} people x {args.waves} waves ...", flush=True)
        build(path, args.people, args.waves)
    else:
        print(f"using cached {path.relative_to(ROOT)}")
    os.environ.pop("FEEDBACK_DATABASE", None)
    return 0 if measure(path, args.runs, args.cold_runs, args.bare_runs, args.first_runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
