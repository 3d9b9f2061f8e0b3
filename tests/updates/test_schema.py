"""Survey slugs: the migration gives existing surveys one, a trigger every new survey."""

from __future__ import annotations

import importlib
import re

from feedback.db import SCHEMA_MODULES, connect
from tests.factories import make_survey


def test_existing_surveys_get_a_random_slug_and_new_ones_too(tmp_path):
    db = connect(tmp_path / "old.db")
    for name in SCHEMA_MODULES:
        if name != "feedback.updates.schema":
            importlib.import_module(name).migrations.apply(db)
    old = [make_survey(db, name=f"Survey {n}") for n in range(3)]
    assert "survey_slugs" not in db.table_names()
    importlib.import_module("feedback.updates.schema").migrations.apply(db)
    new = make_survey(db, name="After")
    slugs = dict(db.execute("SELECT survey_id, slug FROM survey_slugs").fetchall())
    assert set(slugs) == {*old, new}
    assert len(set(slugs.values())) == 4
    assert all(re.fullmatch(r"[0-9a-f]{24}", s) for s in slugs.values())
    assert not any(str(i) == s for i, s in slugs.items())
    importlib.import_module("feedback.updates.schema").migrations.apply(db)  # idempotent
    assert dict(db.execute("SELECT survey_id, slug FROM survey_slugs").fetchall()) == slugs
    db.conn.close()
