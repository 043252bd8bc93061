"""The reports' tables as CSV and XLSX files, in the dialect of the ledger's statements
(ledger/exports.py): CSV in UTF-8 with a byte-order mark, `;` between fields, a decimal comma;
XLSX with numbers as numbers, dates as dates. Amounts in credits with two decimals; shares in
percent with one decimal (the header says "%"). Headers follow the active language."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from ledger.exports import AMOUNT_FORMAT, DATE_FORMAT, csv_amount, csv_writer, xlsx_amount

from .tables import DATE, DATETIME, DECIMAL, INT, MONEY, MONTH, PERCENT, Table

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers(table: Table) -> list[str]:
    result = []
    for column in table.columns:
        label = str(column.label)
        if column.kind == PERCENT and table.row_kinds is None:
            label = f"{label} (%)"
        result.append(label)
    return result


def _decimal_comma(value: float, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def csv_cell(value, kind: str, *, percent_sign: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # a label ("Total") in a column of numbers
        return value
    if kind == MONEY:
        return csv_amount(int(value))
    if kind == INT:
        return str(int(value))
    if kind == PERCENT:
        return _decimal_comma(value * 100, 1) + (" %" if percent_sign else "")
    if kind == DECIMAL:
        return _decimal_comma(value, 2)
    if kind == MONTH and isinstance(value, date):
        return value.strftime("%Y-%m")
    if kind == DATETIME and isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if kind == DATE and isinstance(value, date):
        return value.isoformat()
    return str(value)


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(headers(table))
    rows = list(table.rows) + ([table.total] if table.total else [])
    for r, row in enumerate(rows):
        if table.row_kinds is None:
            cells = [csv_cell(value, table.kind_of(r, c)) for c, value in enumerate(row)]
        else:  # a table of measures: the label, then values of the row's kind
            cells = [str(row[0])] + [
                csv_cell(value, table.kind_of(r, c), percent_sign=True)
                for c, value in enumerate(row[1:], start=1)
            ]
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(value, kind: str):
    """(value, number format) of a cell."""
    if value is None:
        return None, None
    if isinstance(value, str):
        return value, None
    if kind == MONEY:
        return xlsx_amount(int(value)), AMOUNT_FORMAT
    if kind == INT:
        return int(value), "#,##0"
    if kind == PERCENT:
        return round(Decimal(str(value)) * 100, 1), "0.0"
    if kind == DECIMAL:
        return round(Decimal(str(value)), 2), "0.00"
    if kind == MONTH and isinstance(value, date):
        return value, "yyyy-mm"
    if kind == DATETIME and isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None), DATE_FORMAT
    if kind == DATE and isinstance(value, date):
        return value, "yyyy-mm-dd"
    return str(value), None


def _sheet_title(title: str, used: set[str]) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    candidate, n = cleaned, 2
    while candidate in used:
        suffix = f" {n}"
        candidate = cleaned[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def tables_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table (openpyxl's write-only mode: rows are streamed, not kept as cells)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(str(table.title), used))
        for index, column in enumerate(table.columns, start=1):
            width = 40 if index == 1 else max(14, min(30, len(str(column.label)) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"

        def cell(value, number_format=None, *, strong=False, sheet=sheet):
            c = WriteOnlyCell(sheet, value=value)
            if number_format:
                c.number_format = number_format
            if strong:
                c.font = bold
            return c

        sheet.append([cell(label, strong=True) for label in headers(table)])
        rows = list(table.rows) + ([table.total] if table.total else [])
        for r, row in enumerate(rows):
            strong = bool(table.total) and r == len(rows) - 1
            cells = []
            for c, value in enumerate(row):
                kind = table.kind_of(r, c) if c or table.row_kinds is None else "text"
                cell_value, number_format = _xlsx_cell(value, kind)
                cells.append(cell(cell_value, number_format, strong=strong))
            sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def table_xlsx(table: Table) -> bytes:
    return tables_xlsx([table])
