"""The roster: read a CSV or XLSX file, check every row, then apply it in one transaction.

A file is the whole roster: people in it are added or updated, active people missing from
it are leavers and get deactivated. So a file with any bad row is never applied, not even in
part: a row left out would wrongly turn its person into a leaver.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from feedback.admin.errors import AdminError, NotFound
from feedback.domain import LANGUAGES, ROLES

COLUMNS = (
    "email",
    "department",
    "team",
    "location",
    "role",
    "manager_email",
    "start_date",
    "language",
)
MAX_BYTES = 5 * 1024 * 1024
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


class RosterFileError(AdminError):
    """The uploaded file cannot be read as a roster."""


@dataclass
class Row:
    line: int
    values: dict[str, str]
    errors: list[Any] = field(default_factory=list)


def read_table(filename: str, data: bytes) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by normalised column names; RosterFileError if unusable."""
    if len(data) > MAX_BYTES:
        raise RosterFileError(_l("The file is larger than 5 MB. Split it or remove columns."))
    name = filename.lower()
    if name.endswith(".csv"):
        table = _csv_rows(data)
    elif name.endswith(".xlsx"):
        table = _xlsx_rows(data)
    else:
        raise RosterFileError(_l("Upload a .csv or .xlsx file."))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise RosterFileError(_l("The file is empty."))
    header = [h.strip().lower().replace(" ", "_") for h in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise RosterFileError(
            _l("The file lacks these columns: %(columns)s.", columns=", ".join(missing))
        )
    rows = [dict(zip(header, cells, strict=False)) for cells in table[1:]]
    if not rows:
        raise RosterFileError(_l("The file has a header but no people."))
    return [{c: (r.get(c) or "").strip() for c in COLUMNS} for r in rows]


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError(
            _l("The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8'.")
        ) from exc
    if "\x00" in text:
        raise RosterFileError(_l("The file is not a CSV text file."))
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise RosterFileError(_l("The CSV file could not be read.")) from exc


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it ignores (data validation, styles).
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            book.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise RosterFileError(_l("The Excel file could not be read.")) from exc
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def check_rows(rows: list[dict[str, str]]) -> list[Row]:
    """Normalise every row and list what is wrong with it (line numbers as in the file)."""
    checked = [_check(Row(n, dict(values))) for n, values in enumerate(rows, start=2)]
    first_line: dict[str, int] = {}
    for row in checked:
        email = row.values["email"]
        if email in first_line:
            row.errors.append(
                _("Duplicate: this e-mail is also on line %(n)s.", n=first_line[email])
            )
        elif email:
            first_line.setdefault(email, row.line)
    for row in checked:
        manager = row.values["manager_email"]
        if manager and manager not in first_line:
            row.errors.append(_("The manager %(email)s is not on the roster.", email=manager))
    return checked


def _check(row: Row) -> Row:
    v = row.values
    try:
        v["email"] = validate_email(v["email"], check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        row.errors.append(_("Not a valid e-mail address: '%(value)s'.", value=v["email"]))
    if v["manager_email"]:
        v["manager_email"] = v["manager_email"].lower()
    for column in ("department", "team", "location"):
        if not v[column]:
            row.errors.append(_("The column %(column)s is empty.", column=column))
    v["role"] = v["role"].lower().replace(" ", "_").replace("-", "_")
    if v["role"] not in ROLES:
        row.errors.append(
            _(
                "Unknown role '%(value)s'; use one of %(roles)s.",
                value=v["role"],
                roles=", ".join(ROLES),
            )
        )
    v["language"] = v["language"].lower() or "nl"
    if v["language"] not in LANGUAGES:
        row.errors.append(_("Unknown language '%(value)s'; use nl or en.", value=v["language"]))
    if v["start_date"]:
        parsed = _date(v["start_date"])
        if parsed is None:
            row.errors.append(_("Not a date: '%(value)s'; use YYYY-MM-DD.", value=v["start_date"]))
        else:
            v["start_date"] = parsed
    return row


def _date(text: str) -> str | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def plan(db: sqlite_utils.Database, rows: list[dict[str, str]]) -> dict[str, int]:
    """How many people the import adds, updates and deactivates."""
    current = {
        r["email"].lower(): r["active"] for r in db.query("SELECT email, active FROM people")
    }
    emails = {r["email"] for r in rows}
    return {
        "added": sum(1 for e in emails if e not in current),
        "updated": sum(1 for e in emails if e in current),
        "deactivated": sum(1 for e, active in current.items() if active and e not in emails),
    }


def apply_rows(
    db: sqlite_utils.Database, rows: list[dict[str, str]], pending_key: str | None = None
) -> dict[str, int]:
    """Write a checked roster in one transaction: upsert everyone, deactivate the leavers."""
    counts = plan(db, rows)
    with db.conn:
        if pending_key:
            db.execute("DELETE FROM pending_imports WHERE id = ?", [pending_key])
        for r in rows:
            db.execute(
                "INSERT INTO people (email, department, team, location, role, manager_email, "
                "start_date, language, active) VALUES (:email, :department, :team, :location, "
                ":role, NULLIF(:manager_email, ''), NULLIF(:start_date, ''), :language, 1) "
                "ON CONFLICT(email) DO UPDATE SET department = excluded.department, "
                "team = excluded.team, location = excluded.location, role = excluded.role, "
                "manager_email = excluded.manager_email, start_date = excluded.start_date, "
                "language = excluded.language, active = 1",
                r,
            )
        db.execute(
            "UPDATE people SET active = 0 WHERE active = 1 AND lower(email) NOT IN "
            "(SELECT value FROM json_each(?))",
            [json.dumps([r["email"] for r in rows])],
        )
    return counts


def delete_person(db: sqlite_utils.Database, person_id: int) -> None:
    """Remove a person's roster data and invitations; responses hold no link to them."""
    with db.conn:
        cur = db.execute("DELETE FROM people WHERE id = ?", [person_id])
    if cur.rowcount != 1:
        raise NotFound(_l("There is no such person on the roster."))
