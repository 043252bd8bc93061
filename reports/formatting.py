"""Values of the reports as text, in the active language (the PDF renders under French)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone

from ledger.money import format_credits

from .tables import DATE, DATETIME, DECIMAL, INT, MONEY, MONTH, PERCENT, Table


def format_value(value, kind: str) -> str:
    if value is None or value == "":
        return "—" if kind in (PERCENT, DECIMAL) else ""
    if isinstance(value, str):
        return value
    if kind == MONEY:
        return format_credits(int(value), with_unit=False)
    if kind == INT:
        return formats.number_format(int(value), force_grouping=True)
    if kind == PERCENT:
        return formats.number_format(value * 100, decimal_pos=1) + "\u00a0%"
    if kind == DECIMAL:
        return formats.number_format(value, decimal_pos=2, force_grouping=True)
    if kind == MONTH and isinstance(value, date):
        return formats.date_format(value, "F Y")
    if kind == DATETIME and isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if kind == DATE and isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def display_rows(table: Table) -> dict:
    """The table's cells as text, each with whether it is a number (right-aligned)."""

    def cells(row, index):
        result = []
        for column, value in enumerate(row):
            kind = table.kind_of(index, column)
            numeric = column > 0 and kind in (MONEY, INT, PERCENT, DECIMAL)
            result.append((format_value(value, kind), numeric))
        return result

    total = None
    if table.total:
        total = []
        for column, value in enumerate(table.total):
            kind = table.columns[column].kind
            total.append(
                (format_value(value, kind), kind in (MONEY, INT, PERCENT, DECIMAL) and column > 0)
            )
    return {
        "headers": [
            (c.label, i > 0 and c.kind in (MONEY, INT, PERCENT, DECIMAL))
            for i, c in enumerate(table.columns)
        ],
        "rows": [cells(row, i) for i, row in enumerate(table.rows)],
        "total": total,
    }
