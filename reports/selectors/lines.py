"""The exchanges themselves: the SQL of the period's exchange lines (the read model every report
aggregates), the month a line falls in, and the reversed settlements that never count."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from barter.models import Business
from ledger.models import JournalTransaction

from ..models import ExchangeLine
from ..periods import Period, local_midnight
from .shared import ESS_KINDS, db_datetime, placeholders


def lines_sql(
    network_ids,
    start: datetime,
    end: datetime,
    *,
    families: bool = False,
    business_ids=None,
) -> tuple[str, list]:
    """SQL of the exchange lines settled in [start, end): one row per settled purchase and per
    leg of a settled swap, not reversed, with (src, network_id, at, buyer_id, seller_id, value,
    commission, fee, item_id, proposal_id, position) — buyer: the purchase's buyer or the leg's
    receiver; seller: the seller or the giver; value: the credits paid, VAT included;
    commission: the purchase's (swap commissions are on the participants); fee: what the
    network's account received in the settlement, on its first line only; item: the listing
    bought or the offer given. With `families`, bf and sf: 1 when that side is a social-economy
    structure (its current legal form). With `business_ids`, only the lines where one of them
    is a side.

    The lines come from the read model ExchangeLine (reports/models.py), which the settling
    services keep in their transactions. A query reads them as a common table expression:
    `WITH lines AS (…)`; PostgreSQL computes it once however many aggregates read it.
    """
    networks, params = placeholders(network_ids)
    table = ExchangeLine._meta.db_table
    columns = (
        "x.src, x.network_id, x.at, x.buyer_id, x.seller_id, x.value, x.commission, x.fee, "
        "x.item_id, x.proposal_id, x.position"
    )
    joins = ""
    if families:
        kinds, kind_params = placeholders(ESS_KINDS)
        columns += (
            f", CASE WHEN bb.kind IN ({kinds}) THEN 1 ELSE 0 END AS bf"
            f", CASE WHEN sb.kind IN ({kinds}) THEN 1 ELSE 0 END AS sf"
        )
        params = kind_params * 2 + params
        business = Business._meta.db_table
        joins = (
            f" JOIN {business} bb ON bb.id = x.buyer_id JOIN {business} sb ON sb.id = x.seller_id"
        )
    where = f"x.network_id IN ({networks}) AND x.at >= %s AND x.at < %s"
    params += [db_datetime(start), db_datetime(end)]
    if reversed_ids := reversed_transactions(network_ids):
        where += f" AND x.transaction_id NOT IN ({placeholders(reversed_ids)[0]})"
        params += reversed_ids
    if business_ids is not None:
        marks, ids = placeholders(business_ids)
        where += f" AND (x.buyer_id IN ({marks}) OR x.seller_id IN ({marks}))"
        params += ids + ids
    return f"SELECT {columns} FROM {table} x{joins} WHERE {where}", params  # noqa: S608


def month_bucket_sql(period: Period, column: str = "at") -> tuple[str, list]:
    """SQL of the index (0, 1, …) of the period's month a timestamp falls in, local time."""
    boundaries = [db_datetime(local_midnight(m)) for m in period.months()[1:]]
    if not boundaries:
        return "0", []
    if connection.vendor == "postgresql":
        marks = ", ".join(["%s"] * len(boundaries))
        return f"width_bucket({column}, ARRAY[{marks}]::timestamptz[])", boundaries
    whens = " ".join(f"WHEN {column} < %s THEN {i}" for i in range(len(boundaries)))
    return f"CASE {whens} ELSE {len(boundaries)} END", boundaries


def reversed_transactions(network_ids) -> list[int]:
    """Ids of the networks' journal transactions that a later transaction reversed (few: a
    reversal corrects a mistake). Read first and excluded by id, which keeps the planner's
    estimates of the exchange queries right."""
    return list(
        JournalTransaction.objects.filter(
            network_id__in=network_ids, reverses_id__isnull=False
        ).values_list("reverses_id", flat=True)
    )
