"""The package's layers, read from the imports: a module never imports one above it.

domain (vocabulary), waves (the one wave look-up) < confidentiality (pure rules) < scoring,
release (the decisions) < analytics < dashboard, api, admin, respond (pages and commands).
Function-level imports count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "feedback"
PAGES = ("feedback.dashboard", "feedback.api", "feedback.admin", "feedback.respond")
# module prefix -> prefixes it may never import
FORBIDDEN = {
    "feedback.domain": ("feedback.",),
    "feedback.waves": ("feedback.",),
    "feedback.exports": ("feedback.",),
    "feedback.confidentiality": ("feedback.analytics", "feedback.release", "feedback.db", *PAGES),
    "feedback.scoring": ("feedback.analytics", "feedback.release", *PAGES),
    "feedback.analytics": PAGES,
    "feedback.release": ("feedback.analytics", *PAGES),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("feedback")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_layer_above_its_own(path: Path):
    name = module_name(path)
    for layer, forbidden in FORBIDDEN.items():
        if name == layer or name.startswith(layer + "."):
            wrong = sorted(m for m in imports_of(path) if m.startswith(forbidden))
            assert not wrong, f"{name} imports {wrong} (above its layer)"


def test_the_rules_are_pure():
    """confidentiality.py reads no database and no analytics: only the domain, if anything."""
    used = imports_of(PACKAGE / "confidentiality.py")
    assert used <= {"feedback.domain"}, used
