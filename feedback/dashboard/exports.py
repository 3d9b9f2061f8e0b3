"""CSV and XLSX downloads of the dashboard's tables, with the same selection and protection
as the pages: /dashboard/export/<table>.<csv|xlsx>?survey=&wave=&by=&filter=."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_babel import gettext as _

from feedback.analytics.guard import NotPrepared, check_filter
from feedback.confidentiality import GroupTooSmall
from feedback.dashboard.blueprint import bp
from feedback.dashboard.explorer.export_tables import EXPORTS
from feedback.dashboard.explorer.headers import column_label
from feedback.dashboard.selection import NothingToShow, select
from feedback.db import get_db
from feedback.errors import error_response
from feedback.exports import table_to_csv, table_to_xlsx

TABLES = ", ".join(f"'{name}'" for name in EXPORTS)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route(f"/export/<any({TABLES}):table>.<any(csv, xlsx):fmt>")
def export(table: str, fmt: str) -> Any:
    db = get_db()
    try:
        sel = select(db)
    except NothingToShow as empty:
        return error_response(404, str(empty))
    try:
        check_filter(db, sel.query)
        rows, columns = EXPORTS[table](db, sel)
    except NotPrepared:
        return error_response(503, _("This wave's results are being prepared; try again soon."))
    except GroupTooSmall:
        return error_response(
            422,
            _(
                "This selection would show or single out a group of "
                "fewer than %(k)s respondents, so it is not exported.",
                k=sel.k,
            ),
        )
    name = f"{table}-{sel.survey['id']}-wave{sel.wave['number']}-{sel.by}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(table_to_csv(rows, columns), mimetype="text/csv", headers=headers)
    labels = [column_label(c) for c in columns]
    book = table_to_xlsx(rows, columns, title=table, headers=labels)
    return Response(book, mimetype=XLSX, headers=headers)
