"""The package's layers, read from the imports: a module never imports one above it.

domain (vocabulary), waves (the one wave look-up) < confidentiality (pure rules) < scoring,
release (the decisions) < analytics < dashboard, api, admin, respond, conversations, updates,
openlinks (pages and commands).
Function-level imports count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "feedback"
PAGES = (
    "feedback.dashboard",
    "feedback.api",
    "feedback.admin",
    "feedback.respond",
    "feedback.conversations",
    "feedback.updates",
    "feedback.openlinks",
)
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


# Inside analytics, lowest first: a module imports only modules of lower layers, so the
# package has no cycle (function-level imports count, as above). Writing (snapshots, releases,
# the cache) happens in scores, release and refresh; pages read.
ANALYTICS_LAYERS: tuple[tuple[str, ...], ...] = (
    ("nps", "readiness", "population"),  # vocabulary and pure rules
    ("sql", "query", "diagnosis", "waves"),  # SQL helpers, the query, pure verdicts
    ("state", "guard"),  # what was prepared and released (read only)
    ("rollups", "answers"),
    ("scores",),  # taking a snapshot (writes)
    ("cache",),
    ("aggregate",),
    ("barriers", "quadrants"),
    ("results", "matrix", "drivers", "ambassadors", "refresh"),  # page figures; preparing
    ("overview", "attention", "background"),  # built on results; preparing in a thread
    ("cli",),
)
ANALYTICS_RANK = {name: i for i, layer in enumerate(ANALYTICS_LAYERS) for name in layer}
ANALYTICS = sorted(
    p for p in (PACKAGE / "analytics").glob("*.py") if p.name not in ("__init__.py", "schema.py")
)


def analytics_imports(path: Path) -> set[str]:
    """The analytics modules a file imports, also as `from feedback.analytics import x`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "feedback.analytics":
            found.update(alias.name for alias in node.names)
    prefix = "feedback.analytics."
    return found | {
        m[len(prefix) :].split(".")[0] for m in imports_of(path) if m.startswith(prefix)
    }


def test_every_analytics_module_has_a_layer():
    assert {p.stem for p in ANALYTICS} == set(ANALYTICS_RANK)


@pytest.mark.parametrize("path", ANALYTICS, ids=lambda p: p.stem)
def test_analytics_modules_import_only_lower_layers(path: Path):
    rank = ANALYTICS_RANK[path.stem]
    used = analytics_imports(path)
    wrong = sorted(m for m in used if ANALYTICS_RANK.get(m, rank) >= rank)
    assert not wrong, f"feedback.analytics.{path.stem} imports {wrong} (not below its layer)"


def test_analytics_imports_sit_at_module_level():
    """A function-level import inside analytics would hide a cycle from the reader."""
    for path in ANALYTICS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        hidden = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top
        ]
        assert not hidden, f"{path.name}: imports inside functions at lines {hidden}"
