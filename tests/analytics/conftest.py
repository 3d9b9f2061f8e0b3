from __future__ import annotations

import pytest
import sqlite_utils

from feedback.db import migrate


def memory_db() -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    return db


@pytest.fixture
def mdb() -> sqlite_utils.Database:
    return memory_db()
