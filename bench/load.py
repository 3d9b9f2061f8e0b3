"""Many concurrent respondents against the real app under gunicorn, next to a bare insert.

Run: `.venv/bin/python bench/load.py` (about a minute; `--help` for the knobs).

Both servers run under gunicorn on 127.0.0.1 only, over temporary SQLite files, and are
driven in turns (three rounds each), so that other work on a shared machine weighs on both
alike. The load generator is plain Python: several processes with client threads each, every
client sending its next submission as soon as the previous one is answered (a closed loop, no
think time: the worst case). Bounded by a number of invitations and by a time limit. A paced
run follows, where each client pauses between submissions: latency when not saturated.

- bare: one POST per submission to bench/bare_app.py (Flask plus one INSERT; the baseline).
- real: one POST per submission to /s/<token>, the full respondent service (form validation,
  the all-or-nothing transaction, response, answers, comment), with CSRF off so both send the
  same number of requests. `--with-form` adds the GET of the form and the CSRF token, as a
  browser does (two requests per submission; latency then covers both).

Afterwards the database is reconciled against what the clients saw: every acknowledged
submission (302 to the thank-you page) must be stored exactly once, found by its unique
comment text; used invitations, responses and comments must agree; every response must have
all its answers; and `PRAGMA integrity_check` must pass.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchdb import build_open_wave, free_port, request  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')
COMMENT_PREFIX = "load-"


# ----------------------------------------------------------------------------- the database


@dataclass
class Target:
    """What the clients need: the wave, a token per submission and the form's answers."""

    path: Path
    wave_id: int
    bare_wave_id: int
    tokens: list[str]
    answers: dict[str, str]
    comment_field: str
    items: int


def build_database(path: Path, invitations: int) -> Target:
    """A survey with an open wave and `invitations` people invited, plus a wave for the bare
    endpoint. Imports the app lazily: the client processes never need it."""
    wave = build_open_wave(path, invitations, departments=7)
    answers, comment_field, items = {}, "", 0
    for item in wave.items:
        name = f"q{item['id']}"
        if item["kind"] == "likert":
            answers[name], items = "4", items + 1
        elif item["kind"] == "scale":
            answers[name], items = "7", items + 1
        elif item["key"] == "step_up":
            comment_field = name
    return Target(path, wave.wave_id, wave.bare_wave_id, wave.tokens, answers, comment_field, items)


# ------------------------------------------------------------------------------- the server


def die_with_parent() -> None:
    """In the child: get SIGTERM when the thread that started us ends (Linux), so a killed
    test run leaves no server behind; gunicorn's workers follow their master."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Server:
    """gunicorn on 127.0.0.1 in its own process group, so a crash can take all of it down."""

    def __init__(
        self, app_spec: str, env: dict[str, str], workers: int = 4, probe: str = "/login"
    ) -> None:
        self.app_spec, self.env, self.workers, self.probe = app_spec, env, workers, probe
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, port: int | None = None) -> Server:
        self.port = port or free_port()
        command = [
            str(GUNICORN),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "-w",
            str(self.workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--backlog",
            "512",
            "--log-level",
            "warning",
            self.app_spec,
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **self.env},
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        self._wait_until_up()
        return self

    def _wait_until_up(self, limit: float = 60) -> None:
        assert self.process is not None
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if request(self.port, "GET", self.probe)[0] < 500:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start in time")

    def crash(self) -> None:
        """SIGKILL the master and every worker at once: no shutdown code runs."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.crash()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def server_env(path: Path, csrf: bool = False, scoring: bool = True) -> dict[str, str]:
    """The app's settings for a load run. One address sends everything, so the per-address
    rate limit is off; CSRF is off unless the clients fetch the form first. Without scoring
    the model folder is an empty one: the app then stores comments unscored (and says so in
    its log), which separates the scorer's cost from the rest of the submission."""
    env = {
        "FEEDBACK_DATABASE": str(path),
        "FEEDBACK_SECRET_KEY": "load-" + os.urandom(16).hex(),
        "FEEDBACK_RATELIMIT_ENABLED": "false",
        "FEEDBACK_WTF_CSRF_ENABLED": "true" if csrf else "false",
    }
    if not scoring:
        empty = path.parent / "no-model"
        empty.mkdir(exist_ok=True)
        env["FEEDBACK_MODEL_DIR"] = str(empty)
    return env


def warm_up(port: int, mode: str, target: Target, workers: int) -> list[Record]:
    """A few untimed submissions, so every worker has loaded what it loads once (the scoring
    model) before the clock runs; they count in the reconciliation like any other."""
    count = workers * 6
    warm = replace(target, tokens=target.tokens[:count])
    target.tokens = target.tokens[count:]
    return drive(port, mode, warm, workers * 2, 120.0)


# ------------------------------------------------------------------------------ the clients


@dataclass
class Plan:
    """One client process's share of the work."""

    port: int
    mode: str  # "real", "form" or "bare"
    tokens: list[str]
    answers: dict[str, str]
    comment_field: str
    bare_wave_id: int
    threads: int
    deadline: float  # time.time() after which no new submission starts
    think: float = 0.0  # seconds a client waits between its submissions


@dataclass
class Record:
    key: str
    status: int  # 0 when the connection failed
    start: float
    end: float
    error: str = ""

    @property
    def acknowledged(self) -> bool:
        return self.status in (302, 204)


def submit(plan: Plan, token: str) -> int:
    """Send one submission; its comment text is unique (the token's tail), to find it later."""
    comment = f"{COMMENT_PREFIX}{token}"
    if plan.mode == "bare":
        body = urlencode(plan.answers | {plan.comment_field: comment}).encode()
        return request(
            plan.port,
            "POST",
            f"/submit/{plan.bare_wave_id}",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )[0]
    fields = plan.answers | {plan.comment_field: comment}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if plan.mode == "form":
        status, got, page = request(plan.port, "GET", f"/s/{token}?lang=en")
        match = CSRF.search(page)
        if status != 200 or match is None:
            return status
        headers["Cookie"] = got.get("Set-Cookie", "").split(";", 1)[0]
        fields["csrf_token"] = match.group(1).decode()
    status, got, _ = request(
        plan.port, "POST", f"/s/{token}?lang=en", urlencode(fields).encode(), headers
    )
    if status == 302 and "/s/thanks" not in got.get("Location", ""):
        return -302
    return status


def run_plan(plan: Plan) -> list[Record]:
    """One process: `plan.threads` clients in a closed loop until tokens or time run out."""
    work = deque(plan.tokens)
    records: list[Record] = []
    lock = threading.Lock()

    def client() -> None:
        while time.time() < plan.deadline:
            with lock:
                if not work:
                    return
                token = work.popleft()
            start = time.time()
            try:
                status, error = submit(plan, token), ""
            except (OSError, http.client.HTTPException) as exc:
                status, error = 0, type(exc).__name__
            with lock:
                records.append(Record(token, status, start, time.time(), error))
            if plan.think:
                time.sleep(plan.think)

    threads = [threading.Thread(target=client) for _ in range(plan.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return records


def drive(
    port: int,
    mode: str,
    target: Target,
    clients: int,
    seconds: float,
    processes: int = 0,
    think: float = 0.0,
) -> list[Record]:
    """Run `clients` concurrent clients for at most `seconds` over the target's tokens."""
    processes = processes or min(clients, max(2, (os.cpu_count() or 2) * 2))
    per = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    tokens = target.tokens
    deadline = time.time() + seconds
    plans = [
        Plan(
            port,
            mode,
            tokens[i::processes],
            target.answers,
            target.comment_field,
            target.bare_wave_id,
            threads,
            deadline,
            think,
        )
        for i, threads in enumerate(per)
        if threads
    ]
    with multiprocessing.get_context("spawn").Pool(len(plans)) as pool:
        results = pool.map(run_plan, plans)
    return [r for part in results for r in part]


# ------------------------------------------------------------------------------ the figures


@dataclass
class Figures:
    name: str
    acknowledged: int
    failed: int
    seconds: float
    p50_ms: float
    p99_ms: float
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.acknowledged / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<5} {self.acknowledged:>6} acknowledged {self.failed:>4} failed "
            f"in {self.seconds:6.2f} s {self.rate:8.1f}/s  p50 {self.p50_ms:6.1f} ms  "
            f"p99 {self.p99_ms:6.1f} ms  statuses {self.statuses}"
        )


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] * 1000


def span(records: list[Record]) -> float:
    return (max(r.end for r in records) - min(r.start for r in records)) if records else 0.0


def figures(name: str, records: list[Record], seconds: float | None = None) -> Figures:
    """Counts, rate and latency percentiles; `seconds` when the records span several rounds."""
    ok = [r for r in records if r.acknowledged]
    seconds = span(records) if seconds is None else seconds
    latencies = [r.end - r.start for r in ok]
    statuses: dict[str, int] = {}
    for r in records:
        label = str(r.status) if r.status else r.error
        statuses[label] = statuses.get(label, 0) + 1
    return Figures(
        name,
        len(ok),
        len(records) - len(ok),
        seconds,
        percentile(latencies, 50),
        percentile(latencies, 99),
        statuses,
    )


# -------------------------------------------------------------------------- reconciliation


@dataclass
class Reconciliation:
    acknowledged: int
    responses: int
    used_invitations: int
    comments: int
    missing: list[str]  # acknowledged but not stored
    duplicated: list[str]  # stored more than once
    unacknowledged_stored: int  # stored, but the client never heard back (a crash)
    incomplete_responses: int  # a response without all its answers or its comment
    integrity: list[str]
    scored: int = 0  # comments the scorer has labelled
    contradicted: list[str] = field(default_factory=list)  # stored, yet told it failed

    @property
    def ok(self) -> bool:
        """Nothing lost, nothing twice, nothing half-written, counts agree, file healthy."""
        return (
            not self.missing
            and not self.duplicated
            and not self.incomplete_responses
            and not self.integrity
            and not self.contradicted
            and self.used_invitations == self.responses == self.comments
        )

    def line(self) -> str:
        return (
            f"acknowledged {self.acknowledged}, used invitations {self.used_invitations}, "
            f"responses {self.responses}, comments {self.comments}; lost "
            f"{len(self.missing)}, duplicated {len(self.duplicated)}, half-written "
            f"{self.incomplete_responses}, stored without acknowledgement "
            f"{self.unacknowledged_stored}, stored though told it failed "
            f"{len(self.contradicted)}, integrity {self.integrity or 'ok'}; "
            f"comments scored {self.scored}"
        )


def integrity_errors(path: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        errors = [] if rows == ["ok"] else rows
        errors += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return errors
    finally:
        conn.close()


def reconcile(path: Path, wave_id: int, items: int, records: list[Record]) -> Reconciliation:
    """Check the database against the acknowledgements the clients received."""
    import sqlite3

    acknowledged = {r.key for r in records if r.acknowledged}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        one = lambda sql: conn.execute(sql, [wave_id]).fetchone()[0]  # noqa: E731
        stored: dict[str, int] = {}
        for text, n in conn.execute(
            "SELECT text, COUNT(*) FROM comments WHERE wave_id = ? GROUP BY text", [wave_id]
        ):
            stored[text.removeprefix(COMMENT_PREFIX)] = n
        incomplete = one(
            f"""SELECT COUNT(*) FROM responses r WHERE r.wave_id = ? AND (
                   (SELECT COUNT(*) FROM answers a WHERE a.response_id = r.id) != {int(items)}
                   OR (SELECT COUNT(*) FROM comments c WHERE c.response_id = r.id) != 1)"""
        )
        result = Reconciliation(
            acknowledged=len(acknowledged),
            responses=one("SELECT COUNT(*) FROM responses WHERE wave_id = ?"),
            used_invitations=one("SELECT COUNT(*) FROM invitations WHERE wave_id = ? AND used = 1"),
            comments=one("SELECT COUNT(*) FROM comments WHERE wave_id = ?"),
            missing=sorted(acknowledged - stored.keys()),
            duplicated=sorted(k for k, n in stored.items() if n > 1),
            unacknowledged_stored=len(stored.keys() - acknowledged),
            incomplete_responses=incomplete,
            integrity=[],
            scored=one(
                "SELECT COUNT(*) FROM comments WHERE wave_id = ? AND model_version IS NOT NULL"
            ),
        )
    finally:
        conn.close()
    result.integrity = integrity_errors(path)
    result.contradicted = contradicted(records, stored.keys())
    return result


def contradicted(records: list[Record], stored: Any) -> list[str]:
    """Submissions stored although every answer the client got was a refusal (a 4xx or 5xx
    other than 409 "already answered"). A lost connection is no answer: the respondent
    retries and is told it is done, so that case is allowed."""
    told: dict[str, set[int]] = {}
    for r in records:
        told.setdefault(r.key, set()).add(r.status)
    return sorted(key for key in stored if key in told and not told[key] & {302, 204, 409, 0})


def bare_rows(path: Path, wave_id: int) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(
            conn.execute("SELECT COUNT(*) FROM responses WHERE wave_id = ?", [wave_id]).fetchone()[
                0
            ]
        )
    finally:
        conn.close()


# ---------------------------------------------------------------------------------- a run


def run(
    clients: int,
    seconds: float,
    workers: int,
    invitations: int,
    with_form: bool,
    folder: Path,
    think: float = 1.0,
    scoring: bool = True,
    rounds: int = 3,
) -> dict[str, Any]:
    """The bare baseline and the real app, both up at once and driven in turn for `rounds`
    rounds (so a neighbour's burst of work on a shared machine hits both alike), each
    saturated by clients that never pause (throughput ratio); then the real app with clients
    that pause `think` seconds between submissions (latency when it is not saturated)."""
    bare_target = build_database(folder / "bare.db", 1)
    bare_target.tokens = [f"bare{i}" for i in range(invitations * 10)]
    target = build_database(folder / "real.db", invitations)
    mode = "form" if with_form else "real"
    env = server_env(target.path, csrf=with_form, scoring=scoring)
    part = seconds / rounds
    bare_records: list[Record] = []
    records: list[Record] = []
    bare_time = real_time = 0.0
    with (
        Server("bench.bare_app:app", server_env(bare_target.path), workers, probe="/") as bare_s,
        Server("wsgi:app", env, workers) as server,
    ):
        started = time.monotonic()
        warm = warm_up(server.port, mode, target, workers)
        warm_seconds = time.monotonic() - started
        half = len(target.tokens) // 2
        saturated = replace(target, tokens=target.tokens[:half])
        paced_target = replace(target, tokens=target.tokens[half:])
        for _round in range(rounds):
            got = drive(bare_s.port, "bare", bare_target, clients, part)
            bare_target.tokens = bare_target.tokens[len(got) :]
            bare_records += got
            bare_time += span(got)
            got = drive(server.port, mode, saturated, clients, part)
            done = {r.key for r in got}
            saturated.tokens = [t for t in saturated.tokens if t not in done]
            records += got
            real_time += span(got)
        paced_records = drive(server.port, mode, paced_target, clients, seconds, think=think)
    bare = figures("bare", bare_records, bare_time)
    real = figures(mode, records, real_time)
    paced = figures("paced", paced_records)
    check = reconcile(target.path, target.wave_id, target.items, warm + records + paced_records)
    return {
        "bare": bare,
        "real": real,
        "paced": paced,
        "think": think,
        "bare_stored": bare_rows(bare_target.path, bare_target.bare_wave_id),
        "reconciliation": check,
        "ratio": real.rate / bare.rate if bare.rate else 0.0,
        "warm_up": figures("warm", warm),
        "warm_seconds": warm_seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument(
        "--seconds", type=float, default=30.0, help="saturated load per server, at most (30)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    parser.add_argument(
        "--invitations", type=int, default=20000, help="submissions per server, at most (20000)"
    )
    parser.add_argument(
        "--with-form",
        action="store_true",
        help="GET the form and its CSRF token before each POST, as a browser",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="pause between a paced client's submissions, seconds (1.0)",
    )
    parser.add_argument(
        "--without-scoring",
        action="store_true",
        help="point the app at an empty model folder: comments are stored unscored",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="goesting-load-") as tmp:
        out = run(
            args.clients,
            args.seconds,
            args.workers,
            args.invitations,
            args.with_form,
            Path(tmp),
            args.think,
            not args.without_scoring,
        )
    bare, real, paced, check = out["bare"], out["real"], out["paced"], out["reconciliation"]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{args.clients} clients, {args.workers} gunicorn workers, {os.cpu_count()} CPUs "
        f"shared by the load generator and the server (load average now {load}); "
        f"scoring {'off' if args.without_scoring else 'on'}\n"
    )
    print(f"warm-up: {out['warm_up'].acknowledged} submissions in {out['warm_seconds']:.1f} s")
    print(bare.line())
    print(f"      stored {out['bare_stored']} rows for {bare.acknowledged} acknowledged")
    print(real.line())
    print(paced.line(), f"(each client pauses {out['think']} s between submissions)")
    print(f"\nratio real/bare, saturated: {out['ratio']:.2f} (target >= 0.5)")
    print(
        f"p99 real: saturated {real.p99_ms:.1f} ms, paced {paced.p99_ms:.1f} ms (target < 100 ms)"
    )
    print(f"reconciliation: {check.line()}")
    good = {
        "ratio": out["ratio"] >= 0.5,
        "p99 saturated": real.p99_ms < 100,
        "p99 paced": paced.p99_ms < 100,
        "reconciled": check.ok
        and check.unacknowledged_stored == 0
        and out["bare_stored"] == bare.acknowledged,
    }
    print("targets:", ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in good.items()))
    if args.json:
        print(
            json.dumps(
                {
                    "bare": bare.__dict__,
                    "real": real.__dict__,
                    "paced": paced.__dict__,
                    "ratio": out["ratio"],
                    "reconciliation": check.__dict__
                    | {"missing": len(check.missing), "duplicated": len(check.duplicated)},
                },
                default=str,
            )
        )
    return 0 if all(good.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
