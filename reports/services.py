"""The reports' writes: the exchange lines read model (reports/models.py).

`exchange_lines_project` is a projection of config.events, registered in ReportsConfig.ready():
it runs inside the settling transaction. `exchange_lines_rebuild` recomputes the lines from the
source tables (the migration that created them, `manage.py reports_rebuild`, the benchmark's
bulk load). Both run the one statement below, so they cannot disagree.
"""

from __future__ import annotations

from django.db import connection, transaction

from .models import ExchangeLine, LineSource

# What the network's account received in the settling transaction t (see ExchangeLine.fee).
_FEE = (
    "(SELECT COALESCE(SUM(p.amount), 0) FROM ledger_posting p JOIN ledger_account a "
    "ON a.id = p.account_id WHERE p.transaction_id = t.id AND a.kind = 'network')"
)
# The settled purchases and swap legs, with their settling transaction's network and date. A
# purchase is settled when its settlement is a `purchase` transaction, a swap when its
# proposal's settlement is a `swap` transaction (the kinds the ledger gives them).
_SOURCE = {
    "purchase": (
        f"SELECT t.network_id, t.id, t.created_at, {LineSource.PURCHASE}, 0, pu.buyer_id, "  # noqa: S608
        f"pu.seller_id, pu.total, pu.commission, {_FEE}, pu.listing_id, NULL "
        "FROM barter_purchase pu JOIN ledger_journaltransaction t ON t.id = pu.settlement_id "
        "WHERE t.kind = 'purchase'"
    ),
    "leg": (
        f"SELECT t.network_id, t.id, t.created_at, {LineSource.LEG}, l.position, l.receiver_id, "  # noqa: S608
        f"l.giver_id, l.value, 0, CASE WHEN l.position = 0 THEN {_FEE} ELSE 0 END, l.offer_id, "
        "l.proposal_id FROM matching_proposalleg l "
        "JOIN matching_proposal pr ON pr.id = l.proposal_id "
        "JOIN ledger_journaltransaction t ON t.id = pr.settlement_id WHERE t.kind = 'swap'"
    ),
}


_COLUMNS = (
    "network_id, transaction_id, at, src, position, buyer_id, seller_id, value, commission, fee, "
    "item_id, proposal_id"
)


def _insert(source: str, where: str = "", params: list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO reports_exchangeline ({_COLUMNS}) {_SOURCE[source]}{where} "
            "ON CONFLICT (transaction_id, position) DO NOTHING",
            params or [],
        )
        return cursor.rowcount


def exchange_lines_project(event: str, network_id: int, payload: dict) -> None:
    """Projection of `purchase.settled` and `proposal.settled`: the settled exchange's lines,
    written in the settling transaction."""
    if event == "purchase.settled":
        _insert("purchase", " AND pu.id = %s", [payload["purchase"]])
    elif event == "proposal.settled":
        _insert("leg", " AND pr.id = %s", [payload["proposal"]])


def exchange_lines_differences() -> tuple[int, int]:
    """(source lines missing from the read model or different there, read-model lines with no
    identical source line): (0, 0) when the read model is in step."""
    source = f"SELECT * FROM ({_SOURCE['purchase']} UNION ALL {_SOURCE['leg']}) s"  # noqa: S608
    model = f"SELECT {_COLUMNS} FROM reports_exchangeline"  # noqa: S608
    # EXCEPT ALL is PostgreSQL's; SQLite (the demo) compares the sets of rows, which the
    # unique (transaction, position) makes the same thing.
    minus = "EXCEPT ALL" if connection.vendor == "postgresql" else "EXCEPT"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM ({source} {minus} {model}) a), "  # noqa: S608
            f"(SELECT COUNT(*) FROM ({model} {minus} {source}) b)"
        )
        missing, extra = cursor.fetchone()
    return missing, extra


@transaction.atomic
def exchange_lines_rebuild() -> int:
    """Recompute every exchange line from the source tables; returns how many there are."""
    ExchangeLine.objects.all().delete()
    return _insert("purchase") + _insert("leg")
