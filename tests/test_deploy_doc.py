"""Docs as tests: docs/deploy.md schedules the real `tick` command and names real commands."""

from __future__ import annotations

import re

from feedback import PROJECT_ROOT

DEPLOY = (PROJECT_ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def test_the_cron_line_runs_tick_every_five_minutes(app):
    [line] = [x for x in DEPLOY.splitlines() if x.startswith("*/5 * * * * ")]
    assert line.split(" && ")[-1].split(" >")[0] == ".venv/bin/flask --app wsgi tick"
    assert "tick" in app.cli.list_commands(None)


def test_the_systemd_timer_runs_tick_every_five_minutes():
    assert "ExecStart=/srv/goesting/.venv/bin/flask --app wsgi tick\n" in DEPLOY
    assert "OnCalendar=*:0/5\n" in DEPLOY


def test_every_command_the_guide_runs_exists(app):
    named = set(re.findall(r"flask --app wsgi ([a-z-]+)", DEPLOY))
    assert {"tick", "backup", "init-db", "train"} <= named
    assert named <= set(app.cli.list_commands(None))


def test_gunicorn_runs_with_the_token_masking_config():
    [line] = [x for x in DEPLOY.splitlines() if x.startswith("ExecStart=") and "gunicorn" in x]
    assert "-c gunicorn.conf.py" in line and line.endswith("wsgi:app")


def test_the_guide_covers_the_production_settings():
    for setting in ("PUBLIC_URL", "PROXY_FIX", "SECRET_KEY", "DATABASE", "/healthz"):
        assert setting in DEPLOY
