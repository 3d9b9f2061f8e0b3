"""Any table as CSV or XLSX: a list of row dicts and the columns to write, in order.

The one writer for every download (dashboard exports, the API's `results` command, the
ambassadors' contacts, survey links), so that the formula-injection guard lives in one place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook

# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A value as a spreadsheet should hold it: yes/blank for flags, formulas neutralised."""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts become dotted columns; lists become '; '-joined text."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = "; ".join(str(v) for v in value)
        else:
            flat[name] = value
    return flat


def columns_of(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every column in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def table_to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """RFC 4180 CSV (CRLF line ends): the column keys, then the rows' values (None: blank)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
    return out.getvalue()


def table_to_xlsx(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    title: str = "table",
    headers: Sequence[str] | None = None,
) -> bytes:
    """A workbook with `headers` (default: the column keys) over the rows' values."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "table"
    sheet.append(list(headers or columns))
    for row in rows:
        sheet.append([_cell(row.get(c)) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
