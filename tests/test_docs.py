"""Docs as tests: every command has help text and is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedback import PROJECT_ROOT

FLASK_BUILT_INS = {"routes", "run", "shell"}
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def commands(app):
    return sorted(name for name in app.cli.list_commands(None) if name not in FLASK_BUILT_INS)


def test_the_app_has_commands(app):
    assert {"init-db", "demo", "links", "train", "backup"} <= set(commands(app))


def test_every_command_has_help_and_a_readme_row(app):
    for name in commands(app):
        command = app.cli.get_command(None, name)
        assert (command.help or "").strip(), f"{name} has no help text"
        assert f"| `{name}" in README, f"{name} is not in the README's command table"


@pytest.mark.parametrize("target", ["run", "test"])
def test_the_readme_gives_the_two_set_up_commands(target):
    assert f"make {target}" in README
    makefile = Path(PROJECT_ROOT / "Makefile").read_text()
    assert f"\n{target}:" in makefile


def test_ci_runs_the_readme_test_command():
    assert "make test\n" in (PROJECT_ROOT / ".ci" / "run").read_text()
