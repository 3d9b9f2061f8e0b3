"""Comments for the explorer: only for large enough groups, shuffled, dated with the wave.

A comment is never identified to the browser by its id (ids follow submission order): the page
carries an HMAC of the id under the app's secret key, resolved back here on the server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from feedback.analytics.guard import get_release
from feedback.confidentiality import present_comments
from feedback.dashboard.explorer.scope import check_segment, department_clause
from feedback.domain import BARRIERS, SENTIMENTS
from feedback.release import scope_key
from feedback.scoring.concept_labels import PREFIX as CONCEPT_PREFIX
from feedback.waves import Wave, get_wave

LABELS = {"barrier": BARRIERS, "sentiment": SENTIMENTS}


class TooFewForComments(Exception):
    """The filtered group has fewer respondents than the wave's k_comments."""


class BadLabel(ValueError):
    """A correction names an unknown field or value."""


@dataclass(frozen=True)
class CommentFilter:
    survey_id: int
    wave_id: int
    by: str | None = None
    value: str | None = None
    barrier: str | None = None
    sentiment: str | None = None
    search: str | None = None
    concept: str | None = None


def shown_values(
    db: sqlite_utils.Database, wave: Wave, by: str, departments: Sequence[str] | None
) -> list[str]:
    """Values of `by` whose comments the wave's release lets this viewer list."""
    scope = scope_key(departments)
    release = get_release(db, wave.id, scope)
    column = check_segment(by)
    where, params = department_clause(departments)
    values = db.execute(
        f"SELECT DISTINCT r.{column} FROM analytics_scores r WHERE r.wave_id = ? AND {where}",
        [wave.id, *params],
    ).fetchall()
    return sorted(
        str(v) for (v,) in values if release.comment_snapshot(scope, ((by, str(v)),)) is not None
    )


def check_comment_group(
    db: sqlite_utils.Database,
    wave: Wave,
    by: str | None,
    value: str | None,
    departments: Sequence[str] | None,
) -> int:
    """The snapshot up to which the group's comments may be listed (a group released in an
    earlier snapshot keeps showing that version until it may move on); TooFewForComments when
    the release lists no comments for it."""
    conditions = ((by, str(value)),) if by is not None else ()
    scope = scope_key(departments)
    upto = get_release(db, wave.id, scope).comment_snapshot(scope, conditions)
    if upto is None:
        raise TooFewForComments
    return upto


def comment_handle(secret: str | bytes, comment_id: int) -> str:
    """An opaque, unorderable stand-in for a comment id."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"comment:{comment_id}".encode(), hashlib.sha256).hexdigest()[:32]


def resolve_handle(
    db: sqlite_utils.Database, secret: str | bytes, wave_id: int, handle: str
) -> int | None:
    """The id of the wave's comment behind `handle`, or None."""
    for row in db.query("SELECT id FROM comments WHERE wave_id = ?", [wave_id]):
        if hmac.compare_digest(comment_handle(secret, row["id"]), handle):
            return int(row["id"])
    return None


def evidence_terms(raw: str | None) -> list[str]:
    """The scorer's evidence JSON as a flat list of terms, whatever its exact shape."""
    if not raw:
        return []
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    if isinstance(data, dict):
        data = [t for v in data.values() for t in (v if isinstance(v, list) else [v])]
    terms = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict):
            item = item.get("term") or item.get("text") or item.get("token")
        elif isinstance(item, list | tuple) and item:
            item = item[0]
        if isinstance(item, str) and item not in terms:
            terms.append(item)
    return terms


def _latest(field: str) -> str:
    return (
        "(SELECT l.value FROM label_corrections l WHERE l.comment_id = c.id "
        f"AND l.field = '{field}' ORDER BY l.id DESC LIMIT 1)"
    )


# A barrier the scorer is not sure about (confident = 0) is "unclear", unless corrected.
_LABELLED = f"""SELECT *,
       coalesce(fixed_barrier, CASE WHEN raw_barrier IS NOT NULL AND confident = 0
                                    THEN 'unclear' ELSE raw_barrier END) AS barrier,
       coalesce(fixed_sentiment, raw_sentiment) AS sentiment
FROM (SELECT c.id, c.wave_id, c.text, c.language, c.flag, c.evidence, c.barrier AS raw_barrier,
             c.confident, c.confidence, {", ".join(f"c.p_{b}" for b in BARRIERS)},
             c.sentiment AS raw_sentiment, {_latest("barrier")} AS fixed_barrier,
             {_latest("sentiment")} AS fixed_sentiment
      FROM comments c JOIN analytics_scores r
           ON r.wave_id = c.wave_id AND r.response_id = c.response_id
      WHERE {{where}})"""


def list_comments(
    db: sqlite_utils.Database,
    flt: CommentFilter,
    departments: Sequence[str] | None,
    secret: str | bytes,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int, list[tuple[str, int]]]:
    """One page (`offset`, `limit`; all without `limit`) of the comments matching the filter,
    how many match, and the concepts named most often in all of them; raises
    TooFewForComments or WaveNotFound.

    Barrier and sentiment are the latest correction where there is one, else the scorer's.
    Only the ids and evidence of all matches are read; the sample's texts are read afterwards,
    ordered by their opaque handle (stable under any filter, unrelated to submission order)
    and dated with the wave by the engine's present_comments.
    """
    wave = get_wave(db, flt.wave_id, flt.survey_id)
    matches = matching(db, wave, flt, departments, "id, evidence")
    ids = sorted((row[0] for row in matches), key=lambda i: comment_handle(secret, i))
    chosen = ids[offset:] if limit is None else ids[offset : offset + limit]
    shown = shown_comments(db, wave, chosen, secret)
    return shown, len(ids), _concept_counts(evidence for _id, evidence in matches)


def matching(
    db: sqlite_utils.Database,
    wave: Wave,
    flt: CommentFilter,
    departments: Sequence[str] | None,
    columns: str,
) -> list[tuple]:
    """`columns` of every comment matching the filter, after the group checks (raises
    TooFewForComments for a group below k_comments or one that would reveal one)."""
    by = check_segment(flt.by)
    upto = check_comment_group(db, wave, by, flt.value, departments)
    where, params = department_clause(departments)
    where = f"c.wave_id = ? AND r.snapshot <= {int(upto)} AND {where}"
    if by is not None:
        where += f" AND r.{by} = ?"
        params.append(flt.value)
    if flt.search:
        where += " AND c.id IN (SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?)"
        params.append(fts_query(flt.search))
    if flt.concept:
        where += " AND c.evidence LIKE ?"
        params.append(f'%"{CONCEPT_PREFIX}{flt.concept}"%')
    wanted = [(f, getattr(flt, f)) for f in ("barrier", "sentiment") if getattr(flt, f)]
    outer = " AND ".join(f"{f} = ?" for f, _v in wanted) or "1 = 1"
    sql = f"SELECT {columns} FROM ({_LABELLED.format(where=where)}) WHERE {outer}"
    return list(db.execute(sql, [wave.id, *params, *(v for _f, v in wanted)]))


def fts_query(text: str) -> str:
    """What someone typed as an FTS5 query: each word a quoted prefix term, all required (no
    operators, so no syntax error can come from the search box)."""
    words = [w for w in re.findall(r"\w+", text, re.UNICODE)][:12]
    return " ".join(f'"{w}"*' for w in words) or '""'


def _concept_counts(evidences: Iterable[str | None], top: int = 6) -> list[tuple[str, int]]:
    """The concepts the scorer named most often as evidence, most frequent first: what a
    group's comments are about."""
    counts: dict[str, int] = {}
    for evidence in evidences:
        for term in evidence_terms(evidence):
            if term.startswith(CONCEPT_PREFIX):
                counts[term] = counts.get(term, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def _shown(row: dict[str, Any], secret: str | bytes) -> dict[str, Any]:
    """A comment as the page shows it: an opaque handle, never its id; for an unclear or
    off-topic answer also its most likely class."""
    return {
        "handle": comment_handle(secret, row["id"]),
        "text": row["text"],
        "flag": row["flag"],
        "barrier": row["barrier"],
        "likely": likely_barrier(row),
        "confidence": row["confidence"],
        "sentiment": row["sentiment"],
        "corrected": [f for f in ("barrier", "sentiment") if row[f"fixed_{f}"] is not None],
        "evidence": evidence_terms(row["evidence"]),
    }


def likely_barrier(row: dict[str, Any]) -> str | None:
    """The class with the highest stored probability (None without probabilities)."""
    scored = [(row[f"p_{b}"], b) for b in BARRIERS if row.get(f"p_{b}") is not None]
    return max(scored)[1] if scored else None


def labelled_rows(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The comments with `ids` (of any wave) with their labels as the explorer shows them."""
    rows: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        rows.update(
            (row["id"], row)
            for row in db.query(_LABELLED.format(where=f"c.id IN ({marks})"), chunk)
        )
    return rows


def shown_comments(
    db: sqlite_utils.Database, wave: Wave, ids: Sequence[int], secret: str | bytes
) -> list[dict[str, Any]]:
    """The comments with `ids`, in that order, as the page shows them (dated with the wave)."""
    rows = labelled_rows(db, ids)
    return present_comments([_shown(rows[i], secret) for i in ids], wave.opens_on)


def record_correction(
    db: sqlite_utils.Database,
    comment_id: int,
    field: str,
    value: str,
    user_id: int | None,
    on: dt.date | None = None,
) -> int:
    """Store a corrected label; the next `train` reads it with the comment's text."""
    if value not in LABELS.get(field, ()):
        raise BadLabel(f"{field}={value}")
    row = {
        "comment_id": comment_id,
        "field": field,
        "value": value,
        "user_id": user_id,
        "corrected_on": (on or dt.date.today()).isoformat(),
    }
    with db.conn:
        return int(db.table("label_corrections").insert(row).last_pk or 0)
