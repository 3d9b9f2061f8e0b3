"""Submissions per second: the real respondent flow against a bare insert, both under gunicorn.

Run: `.venv/bin/python bench/submit.py` (about a minute; add --help for the knobs).

Both servers run `gunicorn -w 2` on 127.0.0.1 only, over one temporary SQLite file; the load
alternates between them in rounds (never two loads at once), so a busy neighbour hurts all alike.
A bare submission is one POST to bench/bare_app.py, which only inserts the response row.
A real submission is the POST that stores a response, timed to its 302 (not following it).
The CSRF token belongs to the browser session, not to the invitation, so the load opens as
many sessions as it has client threads (one GET of a form each, untimed) and spreads the
POSTs over them, each with its own invitation token: the target (real at least 50% of bare)
is judged on this figure, (a). The respondent journey (GET of the form, then its POST: two
HTTP requests, a fresh session each) is measured as well, on its own invitations: (b).
"server CPU" is the CPU time the server's workers spent per submission (from /proc), which a
busy neighbour disturbs far less than the rates. A warm-up of untimed submissions runs first.
Afterwards the rows are counted: every accepted submission must be stored exactly once.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchdb import build_open_wave, free_port, request  # noqa: E402
from feedback import create_app  # noqa: E402
from feedback.db import open_database  # noqa: E402

CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
# Untimed submissions first, so each worker has done its one-off imports (the scorer's
# scikit-learn takes a second or more) before the clock runs, as on a server in service.
WARM_UP = 24
MASTERS: dict[int, int] = {}  # port -> gunicorn master pid, to read its workers' CPU time


def build_database(path: Path, people: int) -> tuple[int, int, list[str], dict[str, str]]:
    """A survey, an open wave with `people` invitations, and a wave for the bare endpoint."""
    wave = build_open_wave(path, people)
    answers = {}
    for item in wave.items:
        if item["kind"] == "likert":
            answers[f"q{item['id']}"] = "4"
        elif item["kind"] == "scale":
            answers[f"q{item['id']}"] = "7"
        elif item["key"] == "step_up":
            answers[f"q{item['id']}"] = "A short training on the groups would help me."
    return wave.wave_id, wave.bare_wave_id, wave.tokens, answers


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], probe: str) -> Iterator[int]:
    """Serve `app_spec` with 2 sync workers on 127.0.0.1; stopped however the block ends."""
    port = free_port()
    command = [
        str(GUNICORN),
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "30",
        "--log-level",
        "warning",
        app_spec,
    ]
    log = open(Path(env["FEEDBACK_DATABASE"]).with_name(f"gunicorn-{port}.log"), "w")  # noqa: SIM115
    server = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_until_up(port, probe, server)
        MASTERS[port] = server.pid
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        errors = [line for line in Path(log.name).read_text().splitlines() if "Error" in line]
        for line in errors[:5]:
            print(f"  server {app_spec}: {line}")


def wait_until_up(port: int, probe: str, server: subprocess.Popen, limit: float = 30) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            status, _, _ = request(port, "GET", probe)
            if status < 500:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start in time")


def server_cpu(port: int) -> float:
    """CPU seconds used so far by the workers of the server on `port` (Linux /proc; else NaN)."""
    master, total = MASTERS.get(port), 0.0
    try:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:  # ppid; then utime and stime in clock ticks
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")
    return total


def open_session(port: int, token: str) -> tuple[str, str]:
    """GET the form behind `token`: the session cookie and its CSRF token."""
    status, headers, page = request(port, "GET", f"/s/{token}")
    match = CSRF.search(page)
    if status != 200 or match is None:
        raise RuntimeError(f"GET form: {status}")
    return headers["Set-Cookie"].split(";", 1)[0], match.group(1).decode()


def post_submission(
    port: int, session: tuple[str, str], token: str, answers: dict[str, str]
) -> None:
    """POST the answers for `token` in an open session; only a 302 is a stored submission."""
    cookie, csrf = session
    body = urlencode(answers | {"csrf_token": csrf}).encode()
    status, _, _ = request(
        port,
        "POST",
        f"/s/{token}",
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    if status != 302:
        raise RuntimeError(f"POST form: {status}")


def journey(port: int, token: str, answers: dict[str, str]) -> None:
    """A respondent's visit: GET the form in a fresh session, then POST it."""
    post_submission(port, open_session(port, token), token, answers)


def bare_submission(port: int, wave_id: int, answers: dict[str, str]) -> None:
    status, _, _ = request(
        port,
        "POST",
        f"/submit/{wave_id}",
        urlencode(answers).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 204:
        raise RuntimeError(f"bare POST: {status}")


def load(jobs: list[Callable[[], None]], clients: int, limit: float) -> dict[str, object]:
    """Run the jobs from `clients` threads, each job timed; stop starting new ones at `limit`."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = iter(jobs)
    deadline = time.monotonic() + limit

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                job = next(queue, None)
            if job is None:
                return
            start = time.perf_counter()
            try:
                job()
            except Exception as exc:  # counted and reported, never hidden
                with lock:
                    errors.append(repr(exc))
                continue
            with lock:
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {"ok": len(latencies), "errors": errors, "elapsed": elapsed, "latencies": latencies}


def alternate(
    loads: list[tuple[int, list[Callable[[], None]]]], args: argparse.Namespace
) -> list[dict[str, object]]:
    """Run the (port, jobs) loads in alternating rounds, so a neighbour's burst of CPU hits
    all alike; each total also gets the CPU time its server's workers spent on it."""
    totals = [{"ok": 0, "errors": [], "elapsed": 0.0, "latencies": [], "cpu": 0.0} for _ in loads]
    size = -(-args.submissions // args.rounds)
    seconds = args.limit / args.rounds / len(loads)
    for start in range(0, args.submissions, size):
        for total, (port, jobs) in zip(totals, loads, strict=True):
            before = server_cpu(port)
            part = load(jobs[start : start + size], args.clients, seconds)
            total["cpu"] += server_cpu(port) - before
            for key in ("ok", "errors", "elapsed", "latencies"):
                total[key] += part[key]
    return totals


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] * 1000


def report(name: str, result: dict[str, object]) -> float:
    ok, elapsed = result["ok"], result["elapsed"]
    rate = ok / elapsed if elapsed else 0.0
    lat = result["latencies"]
    cpu = 1000 * result.get("cpu", float("nan")) / ok if ok else float("nan")
    print(
        f"{name:<8} {ok:>5} ok {len(result['errors']):>3} failed in {elapsed:6.2f} s  "
        f"{rate:8.1f}/s   p50 {percentile(lat, 50):6.1f} ms   "
        f"p99 {percentile(lat, 99):6.1f} ms   server CPU {cpu:4.2f} ms each"
    )
    for error in sorted(set(result["errors"]))[:5]:
        print(f"       error: {error}")
    return rate


def count_rows(path: Path, wave_id: int) -> tuple[int, int, int, int]:
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE": str(path)})
    db = open_database(app)
    try:
        responses = db.execute(
            "SELECT COUNT(*) FROM responses WHERE wave_id = ?", [wave_id]
        ).fetchone()[0]
        answers = db.execute(
            """SELECT COUNT(*) FROM answers a JOIN responses r
                                ON r.id = a.response_id WHERE r.wave_id = ?""",
            [wave_id],
        ).fetchone()[0]
        used = db.execute(
            "SELECT COUNT(*) FROM invitations WHERE wave_id = ? AND used = 1", [wave_id]
        ).fetchone()[0]
        scored = db.execute(
            "SELECT COUNT(*) FROM comments WHERE wave_id = ? AND model_version IS NOT NULL",
            [wave_id],
        ).fetchone()[0]
    finally:
        db.conn.close()
    return responses, answers, used, scored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--submissions", type=int, default=1500, help="per load: bare, post, journey (default 1500)"
    )
    parser.add_argument("--clients", type=int, default=6, help="client threads (default 6)")
    parser.add_argument(
        "--score",
        action="store_true",
        help="score comments with the trained model in models/ (default: "
        "an empty model folder, so the flow itself is measured)",
    )
    parser.add_argument("--rounds", type=int, default=10, help="alternating rounds (default 10)")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds of load, at most")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="goesting-bench-") as tmp:
        path = Path(tmp) / "bench.db"
        real_wave, bare_wave, tokens, answers = build_database(path, 2 * args.submissions + WARM_UP)
        warm_tokens, tokens = tokens[:WARM_UP], tokens[WARM_UP:]
        # One client address sends every submission: the per-address limit would refuse it.
        env = {
            "FEEDBACK_DATABASE": str(path),
            "FEEDBACK_RATELIMIT_ENABLED": "false",
            "FEEDBACK_SECRET_KEY": f"bench-{secrets.token_hex(16)}",
        }
        if not args.score:
            (Path(tmp) / "no-model").mkdir()
            env["FEEDBACK_MODEL_DIR"] = str(Path(tmp) / "no-model")
        print(__doc__.split("\n\n", 2)[2].strip(), "\n")
        print(
            f"{args.submissions} submissions per server, {args.clients} client threads, "
            f"{os.cpu_count()} CPUs shared by client and servers; comment scoring "
            f"{'ON (models/, after the response)' if args.score else 'off (no model)'}\n"
        )

        with (
            gunicorn("bench.bare_app:app", env, "/") as bare_port,
            gunicorn("wsgi:app", env, "/login") as real_port,
        ):
            bare_job = partial(bare_submission, bare_port, bare_wave, answers)
            warm = [
                load([bare_job] * WARM_UP, args.clients, 60),
                load(
                    [partial(journey, real_port, t, answers) for t in warm_tokens],
                    args.clients,
                    60,
                ),
            ]
            post_tokens = tokens[: args.submissions]
            journey_tokens = tokens[args.submissions :]
            # One session per client thread, opened (untimed) on invitations it will answer.
            sessions = [open_session(real_port, t) for t in post_tokens[: args.clients]]
            loads = [
                (bare_port, [bare_job] * args.submissions),
                (
                    real_port,
                    [
                        partial(post_submission, real_port, sessions[i % len(sessions)], t, answers)
                        for i, t in enumerate(post_tokens)
                    ],
                ),
                (real_port, [partial(journey, real_port, t, answers) for t in journey_tokens]),
            ]
            bare, post, visit = alternate(loads, args)
            plain = load(
                [partial(request, real_port, "GET", "/s/thanks")] * args.submissions,
                args.clients,
                args.limit / 4,
            )

        bare_rate = report("bare", bare)
        post_rate = report("post", post)
        visit_rate = report("journey", visit)
        ratio = post_rate / bare_rate if bare_rate else 0.0
        journey_ratio = visit_rate / bare_rate if bare_rate else 0.0
        print(f"\n(a) submissions (POST) real/bare: {ratio:.0%} (target at least 50%)")
        print(f"(b) respondent journeys (GET + POST) real/bare: {journey_ratio:.0%} (for scale)")
        plain_rate = plain["ok"] / plain["elapsed"] if plain["elapsed"] else 0.0
        print(
            f"for scale: the real app's plainest page (GET /s/thanks: no database, no form) "
            f"serves {plain_rate:.0f} requests/s here"
        )

        items = len(answers) - 1  # the text answer is a comment, not an answers row
        bare_rows, *_ = count_rows(path, bare_wave)
        rows, answer_rows, used, scored = count_rows(path, real_wave)
        bare_ok = bare["ok"] + warm[0]["ok"]
        real_ok = post["ok"] + visit["ok"] + warm[1]["ok"]
        print(f"(both counts include the {WARM_UP} warm-up submissions per server)")
        print(f"bare rows: expected {bare_ok}, found {bare_rows}")
        print(
            f"real rows: expected {real_ok} responses / {real_ok * items} answers / "
            f"{real_ok} used invitations, found {rows} / {answer_rows} / {used}"
        )
        print(f"comments scored by the model: {scored} of {rows}")
        failed = sum(len(r["errors"]) for r in (*warm, bare, post, visit))
        lost = (bare_ok - bare_rows) + (real_ok - rows)
        print(f"lost submissions: {lost}; failed submissions: {failed}")
        good = (
            lost == 0
            and failed == 0
            and rows == 2 * args.submissions + WARM_UP
            and ratio >= 0.5
            and answer_rows == rows * items
            and used == rows
        )
        print("RESULT:", "PASS" if good else "FAIL")
    return 0 if good else 1


if __name__ == "__main__":
    raise SystemExit(main())
