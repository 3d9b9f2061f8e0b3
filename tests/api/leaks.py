"""Checks shared by the API, CLI and export tests: Tiny's figures never show, nor its complement."""

from __future__ import annotations

from typing import Any

TINY_LIKERT, TINY_TEN = 1.0, 0.0


def assert_no_small_group(data: dict[str, Any], k: int) -> None:
    """Tiny is suppressed with no figures, and total minus visible groups covers >= k people
    in at least two groups (so subtraction cannot isolate one small group)."""
    groups = {g["segment"]: g for g in data["groups"]}
    assert groups["Tiny"] == {"segment": "Tiny", "suppressed": True}
    hidden = [g for g in data["groups"] if g.get("suppressed")]
    assert len(hidden) >= 2
    overall = data["overall"]
    if not overall.get("suppressed"):
        visible = sum(g["n"] for g in data["groups"] if not g.get("suppressed"))
        assert overall["n"] - visible >= k
    for g in data["groups"]:
        if g.get("suppressed"):
            assert set(g) <= {"segment", "department", "suppressed"}
        else:
            assert g["scaling"] != TINY_TEN
            assert TINY_LIKERT not in g["dimensions"].values()
