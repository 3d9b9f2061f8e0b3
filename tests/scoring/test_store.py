"""score_pending fills the comments table in place, with the model loaded once."""

from __future__ import annotations

import json

from feedback.scoring.store import get_scorer, score_pending

from .helpers import add_comments


def test_scores_every_pending_comment_once(app, db):
    ids = add_comments(db, ["Ik kan niet inloggen op mijn gsm.", "", "Love it, use it daily!"])
    with app.app_context():
        assert score_pending(db) == 3
        assert score_pending(db) == 0
        version = get_scorer().version
    rows = {r["id"]: r for r in db.query("SELECT * FROM comments")}
    access, empty, happy = (rows[i] for i in ids)
    assert (access["language"], access["barrier"], access["flag"]) == ("nl", "access", None)
    assert access["p_access"] > 0.5
    assert json.loads(access["evidence"])
    assert access["model_version"] == version
    assert (empty["flag"], empty["barrier"], empty["p_none"]) == ("empty", None, None)
    assert empty["model_version"] == version
    assert (happy["sentiment"], happy["barrier"]) == ("positive", "none")
    assert -1 <= happy["sentiment_score"] <= 1


def test_only_the_given_comments_are_scored(app, db):
    first, second = add_comments(db, ["geen tijd voor", "waar vind ik de handleiding?"])
    with app.app_context():
        assert score_pending(db, [second]) == 1
    rows = {r["id"]: r for r in db.query("SELECT id, barrier, model_version FROM comments")}
    assert rows[first]["model_version"] is None
    assert rows[second]["barrier"] == "knowledge"


def test_scorer_is_cached_per_process(app):
    with app.app_context():
        assert get_scorer() is get_scorer()
