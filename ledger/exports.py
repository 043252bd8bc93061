"""Account statements as CSV and XLSX files.

CSV: UTF-8 with a byte-order mark, `;` between fields and a decimal comma, the dialect French
Excel opens without an import wizard. XLSX: dates as dates and amounts as numbers (2 decimals,
number format), so a spreadsheet can sum them. Headers follow the active language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Account, Posting
from .selectors import account_statement, posting_counterparties, statement_opening_balance


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One line of an exported statement; amounts in cents (debit and credit as positive)."""

    when: datetime | None
    transaction: int | None
    kind: str
    memo: str
    counterparties: str
    debit: int | None
    credit: int | None
    balance: int


def statement_headers() -> list[str]:
    return [
        _("Date"),
        _("Transaction"),
        _("Kind"),
        _("Description"),
        _("Counterparties"),
        _("Debit (credits)"),
        _("Credit (credits)"),
        _("Balance (credits)"),
    ]


def statement_rows(
    *, account: Account, start: date | None, end: date | None
) -> Iterator[StatementRow]:
    """The statement of the period, preceded by the opening balance when it has a start."""
    if start:
        yield StatementRow(
            when=None,
            transaction=None,
            kind="",
            memo=_("Opening balance on %(date)s") % {"date": start.isoformat()},
            counterparties="",
            debit=None,
            credit=None,
            balance=statement_opening_balance(account=account, start=start),
        )
    postings: Iterable[Posting] = account_statement(account=account, start=start, end=end).iterator(
        chunk_size=2000
    )
    for posting in postings:
        yield StatementRow(
            when=timezone.localtime(posting.transaction.created_at),
            transaction=posting.transaction_id,
            kind=str(posting.transaction.get_kind_display()),
            memo=posting.transaction.memo,
            counterparties=", ".join(posting_counterparties(posting)),
            debit=-posting.amount if posting.amount < 0 else None,
            credit=posting.amount if posting.amount > 0 else None,
            balance=posting.balance_after,
        )


def csv_writer(buffer: io.StringIO):
    """A CSV writer in the dialect French Excel opens as is: `;` between fields, CRLF lines.
    Encode what it wrote with `utf-8-sig` (the byte-order mark)."""
    return csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


def csv_amount(cents: int | None) -> str:
    """Cents as credits with a decimal comma ("-1234,50"); empty for None."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units},{rest:02d}"


def statement_csv(*, account: Account, start: date | None, end: date | None) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(statement_headers())
    for row in statement_rows(account=account, start=start, end=end):
        writer.writerow(
            [
                row.when.strftime("%Y-%m-%d %H:%M") if row.when else "",
                row.transaction or "",
                row.kind,
                row.memo,
                row.counterparties,
                csv_amount(row.debit),
                csv_amount(row.credit),
                csv_amount(row.balance),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_amount(cents: int | None) -> Decimal | None:
    """Cents as a number of credits for a spreadsheet cell (format it with AMOUNT_FORMAT)."""
    return None if cents is None else Decimal(cents) / 100


AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd hh:mm"


def statement_xlsx(*, account: Account, start: date | None, end: date | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statement")[:31]
    sheet.append(statement_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in statement_rows(account=account, start=start, end=end):
        sheet.append(
            [
                row.when.replace(tzinfo=None) if row.when else None,
                row.transaction,
                row.kind,
                row.memo,
                row.counterparties,
                xlsx_amount(row.debit),
                xlsx_amount(row.credit),
                xlsx_amount(row.balance),
            ]
        )
        current = sheet.max_row
        sheet.cell(current, 1).number_format = DATE_FORMAT
        for column in (6, 7, 8):
            sheet.cell(current, column).number_format = AMOUNT_FORMAT
    for index, width in enumerate((17, 12, 24, 48, 36, 16, 16, 16), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
