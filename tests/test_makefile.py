"""`make run` and `make serve` honour PORT (and the links follow it); `make serve` is gunicorn
with the token-masking config, after the schema and the model are in place."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from feedback import PROJECT_ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*args: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "WORKERS", "HOST")}
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", str(PROJECT_ROOT), *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return result.stdout.replace("\\\n", " ").splitlines()


def test_run_uses_port_5000_by_default():
    lines = dry_run("run")
    assert any("run --host 127.0.0.1 --port 5000" in line for line in lines)
    assert any("http://127.0.0.1:5000" in line and "demo" in line for line in lines)


def test_run_honours_port_for_the_server_and_the_printed_links():
    lines = dry_run("run", "PORT=5077")
    [server] = [line for line in lines if " run --host" in line]
    assert "--port 5077" in server
    assert 'FEEDBACK_PUBLIC_URL="${FEEDBACK_PUBLIC_URL:-http://127.0.0.1:5077}"' in server
    [demo] = [line for line in lines if "demo --if-empty" in line]
    assert "http://127.0.0.1:5077" in demo


def test_serve_prepares_the_database_and_runs_gunicorn_with_the_masking_config():
    lines = dry_run("serve", "PORT=8123", "WORKERS=3")
    order = [
        next(i for i, line in enumerate(lines) if marker in line)
        for marker in ("init-db", "train --if-missing", "gunicorn")
    ]
    assert order == sorted(order)
    gunicorn = lines[order[-1]]
    assert "-c gunicorn.conf.py" in gunicorn
    assert "--workers 3" in gunicorn and "--bind 127.0.0.1:8123" in gunicorn
    assert gunicorn.rstrip().endswith("wsgi:app")


def test_serve_picks_a_bounded_worker_count():
    [gunicorn] = [line for line in dry_run("serve") if "gunicorn" in line]
    workers = int(gunicorn.split("--workers ")[1].split()[0])
    assert 3 <= workers <= 9


def test_make_test_runs_a_file_per_process_on_at_most_four():
    [pytest_line] = [line for line in dry_run("test") if "pytest" in line]
    assert "--dist loadfile" in pytest_line
    assert 1 <= int(pytest_line.split(" -n ")[1].split()[0]) <= 4
    [single] = [line for line in dry_run("test", "TEST_WORKERS=1") if "pytest" in line]
    assert " -n 1 " in single
