"""Property tests are reproducible: every run draws the same examples (tests/conftest.py)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.reliability.test_hostile_input import FUZZ


@pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE", "goesting") != "goesting", reason="exploring"
)
@pytest.mark.parametrize("active", [settings(), FUZZ], ids=["default", "fuzz"])
def test_examples_are_derandomized_and_untimed(active):
    assert active.derandomize
    assert active.database is None
    assert active.deadline is None
