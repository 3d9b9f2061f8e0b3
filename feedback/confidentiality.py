"""The confidentiality engine: every figure shown anywhere passes through here.

Rules (docs/adoption-model.md): no group below k; comments only for groups of at least
k_comments; a suppressed group may not be recoverable by subtracting the visible groups from a
total, so when suppression leaves fewer than two hidden groups, or hidden groups that together
hold fewer than k people, the next-smallest groups are hidden too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MIN_K = 3


def suppressed_row(row: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """A row with its group key only, marked suppressed: no figures, no count."""
    return {**{k: row[k] for k in keys if k in row}, "suppressed": True}


def hidden_indices(sizes: Sequence[int], k: int) -> set[int]:
    """Which groups to hide among siblings that add up to a visible total.

    Groups below k are hidden; then, while the hidden set is a single group or holds fewer
    than k people in all, the smallest visible group is hidden as well.
    """
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    hidden = {i for i, n in enumerate(sizes) if n < k}
    order = sorted((n, i) for i, n in enumerate(sizes) if i not in hidden)
    while hidden and (len(hidden) < 2 or sum(sizes[i] for i in hidden) < k) and order:
        hidden.add(order.pop(0)[1])
    return hidden


def protect_groups(rows: Sequence[dict[str, Any]], k: int, keys: Sequence[str],
                   size_key: str = "n") -> list[dict[str, Any]]:
    """Rows of sibling groups with small and complementary groups replaced by suppressed rows."""
    hidden = hidden_indices([int(r[size_key]) for r in rows], k)
    return [suppressed_row(r, keys) if i in hidden else dict(r) for i, r in enumerate(rows)]
