"""The one table writer (feedback.exports): CSV and XLSX, formulas neutralised in one place."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from feedback.exports import columns_of, flatten, table_to_csv, table_to_xlsx

ROWS = [
    {"segment": "=HYPERLINK(1)", "n": 12, "suppressed": None},
    {"segment": "Tiny", "suppressed": True},
    {"segment": 'a "quoted", text', "n": -1.5},
]
COLUMNS = ["segment", "n", "suppressed"]


def test_csv_is_byte_for_byte_what_the_exports_always_wrote():
    assert table_to_csv(ROWS, COLUMNS) == (
        'segment,n,suppressed\r\n\'=HYPERLINK(1),12,\r\nTiny,,yes\r\n"a ""quoted"", text",-1.5,\r\n'
    )


def test_the_workbook_holds_the_same_cells():
    sheet = load_workbook(io.BytesIO(table_to_xlsx(ROWS, COLUMNS, title="t"))).active
    assert sheet.title == "t"
    assert list(sheet.iter_rows(values_only=True)) == [
        ("segment", "n", "suppressed"),
        ("'=HYPERLINK(1)", 12, None),
        ("Tiny", None, "yes"),
        ('a "quoted", text', -1.5, None),
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised_in_both_formats(start):
    rows = [{"v": f"{start}cmd|' /C calc'!A0"}]
    [parsed] = list(csv.DictReader(io.StringIO(table_to_csv(rows, ["v"]), newline="")))
    assert parsed["v"].startswith("'" + start)
    sheet = load_workbook(io.BytesIO(table_to_xlsx(rows, ["v"]))).active
    assert sheet["A2"].value.startswith("'")  # (XML keeps a carriage return as a newline)


def test_nested_rows_flatten_to_dotted_columns_in_first_seen_order():
    rows = [flatten({"a": 1, "b": {"c": 2}, "d": ["x", "y"]}), flatten({"e": 3, "a": 4})]
    assert rows[0] == {"a": 1, "b.c": 2, "d": "x; y"}
    assert columns_of(rows) == ["a", "b.c", "d", "e"]
