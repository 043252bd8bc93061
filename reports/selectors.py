"""The reports' reads: every measure of the coordinators' dashboards, aggregated in the database.

Definitions (docs/reports.md says the same for coordinators):

- An *exchange* is a settled direct purchase (a `Purchase` with its settling journal transaction,
  kind purchase) or a leg of a settled swap (a `ProposalLeg` of a `Proposal` with its settling
  transaction, kind swap). It is dated by its journal transaction's `created_at`, in local time
  (Europe/Paris). An exchange whose journal transaction was later reversed is not counted.
- *Volume*: the credits the buyers (purchases) and the receivers (swap legs) paid for the
  exchanges of the period, VAT included: `Purchase.total` and `ProposalLeg.value`.
- *Cash preserved* by a business: what it acquired paying in credits in the period (as a buyer,
  and as a receiver of swap legs), the euros it did not have to spend; the total over the
  businesses is the volume. Its sales in credits are shown beside it, not added to it (each euro
  not spent is counted once, on the side that did not spend it).
- *Commission collected*: what the network's account received from the period's settlements.
- *Social economy ↔ classic*: an exchange links the two families when one side is a
  social-economy structure (`SOCIAL_ECONOMY_KINDS`) and the other a classic firm, by the
  businesses' current legal form; the share is that volume over the total volume.
- *Balance at an instant*: the sum of the account's postings whose transaction is dated before it.

Every function takes the ids of the networks to report on; results are grouped per network where
the federation view needs them side by side.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from barter.models import (
    SOCIAL_ECONOMY_KINDS,
    Business,
    BusinessStatus,
    Category,
    Listing,
    ListingKind,
    ListingNature,
    ListingStatus,
    Network,
    Purchase,
)
from ledger.models import Account, AccountKind, JournalTransaction, Posting, TransactionKind
from matching.models import MatchingRun, Proposal, ProposalLeg, ProposalParticipant, ProposalStatus

from .forms import DEFAULT_LARGE_BALANCE_RATIO, Thresholds
from .models import ExchangeLine, LineSource
from .periods import Period, local_midnight

ESS, CLASSIC = "ess", "classic"
ESS_KINDS = sorted(k.value for k in SOCIAL_ECONOMY_KINDS)
PAIRS = ((ESS, ESS), (ESS, CLASSIC), (CLASSIC, ESS), (CLASSIC, CLASSIC))


@contextmanager
def analytic_queries():
    """Run the reports' queries with PostgreSQL's JIT compiler off. Their estimated costs are
    above its threshold, and compiling a statement with a few correlated subqueries took up to
    two seconds for a statement that runs in half a second. The setting is local to the
    transaction. Elsewhere (SQLite), nothing changes: no transaction is opened, which there
    would take the write lock."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def _int(value) -> int:
    """Sums come back as Decimal on PostgreSQL (SUM of bigint is numeric) and None when empty."""
    return int(value or 0)


def _month(path: str) -> TruncMonth:
    """The local month of a timestamp, as the date of its first day."""
    return TruncMonth(path, tzinfo=timezone.get_current_timezone(), output_field=DateField())


def ratio(part: int | float, whole: int | float) -> float | None:
    """part / whole, None when whole is 0."""
    return part / whole if whole else None


def _dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _in(values) -> tuple[str, list]:
    values = list(values)
    return ", ".join(["%s"] * len(values)), values


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


PURCHASE, LEG = LineSource.PURCHASE.value, LineSource.LEG.value  # `src` of an exchange line


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
    networks, params = _in(network_ids)
    table = ExchangeLine._meta.db_table
    columns = (
        "x.src, x.network_id, x.at, x.buyer_id, x.seller_id, x.value, x.commission, x.fee, "
        "x.item_id, x.proposal_id, x.position"
    )
    joins = ""
    if families:
        kinds, kind_params = _in(ESS_KINDS)
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
    params += [_dt(start), _dt(end)]
    if reversed_ids := reversed_transactions(network_ids):
        where += f" AND x.transaction_id NOT IN ({_in(reversed_ids)[0]})"
        params += reversed_ids
    if business_ids is not None:
        marks, ids = _in(business_ids)
        where += f" AND (x.buyer_id IN ({marks}) OR x.seller_id IN ({marks}))"
        params += ids + ids
    return f"SELECT {columns} FROM {table} x{joins} WHERE {where}", params  # noqa: S608


def month_bucket_sql(period: Period, column: str = "at") -> tuple[str, list]:
    """SQL of the index (0, 1, …) of the period's month a timestamp falls in, local time."""
    boundaries = [_dt(local_midnight(m)) for m in period.months()[1:]]
    if not boundaries:
        return "0", []
    if connection.vendor == "postgresql":
        marks = ", ".join(["%s"] * len(boundaries))
        return f"width_bucket({column}, ARRAY[{marks}]::timestamptz[])", boundaries
    whens = " ".join(f"WHEN {column} < %s THEN {i}" for i in range(len(boundaries)))
    return f"CASE {whens} ELSE {len(boundaries)} END", boundaries


# --- The exchanges ------------------------------------------------------------------------------


def reversed_transactions(network_ids) -> list[int]:
    """Ids of the networks' journal transactions that a later transaction reversed (few: a
    reversal corrects a mistake). Read first and excluded by id, which keeps the planner's
    estimates of the exchange queries right."""
    return list(
        JournalTransaction.objects.filter(
            network_id__in=network_ids, reverses_id__isnull=False
        ).values_list("reverses_id", flat=True)
    )


def settled_purchases(
    network_ids, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[Purchase]:
    """Direct purchases settled between start (inclusive) and end (exclusive), not reversed."""
    qs = Purchase.objects.filter(
        settlement__network_id__in=network_ids, settlement__kind=TransactionKind.PURCHASE
    )
    if start is not None:
        qs = qs.filter(settlement__created_at__gte=start)
    if end is not None:
        qs = qs.filter(settlement__created_at__lt=end)
    if reversed_ids := reversed_transactions(network_ids):
        qs = qs.exclude(settlement_id__in=reversed_ids)
    return qs.order_by()


def settled_legs(
    network_ids, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[ProposalLeg]:
    """Legs of the swaps settled between start (inclusive) and end (exclusive), not reversed."""
    qs = ProposalLeg.objects.filter(
        proposal__settlement__network_id__in=network_ids,
        proposal__settlement__kind=TransactionKind.SWAP,
    )
    if start is not None:
        qs = qs.filter(proposal__settlement__created_at__gte=start)
    if end is not None:
        qs = qs.filter(proposal__settlement__created_at__lt=end)
    if reversed_ids := reversed_transactions(network_ids):
        qs = qs.exclude(proposal__settlement_id__in=reversed_ids)
    return qs.order_by()


@dataclass
class MonthRow:
    month: date
    purchases: int = 0
    purchase_volume: int = 0
    swaps: int = 0
    swap_legs: int = 0
    swap_volume: int = 0
    commission: int = 0

    @property
    def volume(self) -> int:
        return self.purchase_volume + self.swap_volume

    @property
    def exchanges(self) -> int:
        """Purchases plus swap legs: each is one business giving to another."""
        return self.purchases + self.swap_legs


@dataclass
class FamilyCell:
    buyer: str
    seller: str
    exchanges: int = 0
    volume: int = 0


@dataclass
class ExchangesReport:
    months: list[MonthRow]
    total: MonthRow
    families: list[FamilyCell]
    cycle_lengths: list[tuple[int, int]]  # (participants, swaps)

    @property
    def average_cycle_length(self) -> float | None:
        return ratio(self.total.swap_legs, self.total.swaps)

    @property
    def mixed_volume(self) -> int:
        return sum(c.volume for c in self.families if c.buyer != c.seller)

    @property
    def mixed_exchanges(self) -> int:
        return sum(c.exchanges for c in self.families if c.buyer != c.seller)

    @property
    def mixed_share(self) -> float | None:
        """Share of the volume between a social-economy structure and a classic firm."""
        return ratio(self.mixed_volume, self.total.volume)


def commission_by_network(network_ids, period: Period) -> dict[int, int]:
    """Credits each network's account received from the period's settlements (the `fee` of the
    exchange lines: the network account's postings in each settling transaction)."""
    lines, params = lines_sql(network_ids, period.start_at, period.end_at)
    rows = _run(
        f"WITH lines AS ({lines}) SELECT network_id, SUM(fee) FROM lines "  # noqa: S608
        "WHERE fee <> 0 GROUP BY network_id",
        params,
    )
    return {network_id: _int(total) for network_id, total in rows}


def exchanges_report(network_ids, period: Period) -> ExchangesReport:
    """Exchanges of the period per month (purchases, swaps), by family of both sides, swaps by
    number of participants, commission: one pass over the period's exchange lines."""
    months = {m: MonthRow(m) for m in period.months()}
    month_list = list(months)
    families = {pair: FamilyCell(*pair) for pair in PAIRS}
    lines, params = lines_sql(network_ids, period.start_at, period.end_at, families=True)
    bucket, bucket_params = month_bucket_sql(period)
    rows = _run(
        f"WITH lines AS ({lines}) SELECT {bucket} AS m, src, bf, sf, position, COUNT(*), "  # noqa: S608
        "SUM(value), SUM(fee) FROM lines GROUP BY m, src, bf, sf, position",
        [*params, *bucket_params],
    )
    at_position: dict[int, int] = defaultdict(int)
    for index, src, bf, sf, position, n, volume, fee in rows:
        m = months[month_list[index]]
        volume = _int(volume)
        m.commission += _int(fee)
        if src == PURCHASE:
            m.purchases += n
            m.purchase_volume += volume
        else:
            m.swap_legs += n
            m.swap_volume += volume
            if position == 0:
                m.swaps += n
            at_position[position] += n
        cell = families[(ESS if bf else CLASSIC, ESS if sf else CLASSIC)]
        cell.exchanges += n
        cell.volume += volume

    # Legs are numbered 0..k-1 in each swap: the swaps with at least k participants are the
    # legs at position k-1, so the legs per position give the distribution of cycle lengths.
    lengths = [
        (position + 1, n - at_position.get(position + 1, 0))
        for position, n in sorted(at_position.items())
        if position >= 1 and n - at_position.get(position + 1, 0) > 0
    ]
    ordered = [months[m] for m in sorted(months)]
    total = MonthRow(period.start)
    for m in ordered:
        for name in (
            "purchases",
            "purchase_volume",
            "swaps",
            "swap_legs",
            "swap_volume",
            "commission",
        ):
            setattr(total, name, getattr(total, name) + getattr(m, name))
    return ExchangesReport(
        months=ordered,
        total=total,
        families=[families[pair] for pair in PAIRS],
        cycle_lengths=lengths,
    )


# --- Per business: cash preserved, sales, the exchange network -------------------------------


@dataclass
class BusinessFlows:
    business_id: int
    name: str = ""
    kind: str = ""
    bought: int = 0  # paid as a buyer of direct purchases
    purchases: int = 0
    received: int = 0  # paid as a receiver of swap legs
    legs_received: int = 0
    sold: int = 0  # paid to it as a seller of direct purchases (before commission)
    sales: int = 0
    given: int = 0  # paid to it as a giver of swap legs (before commission)
    legs_given: int = 0
    commission: int = 0  # paid to the network on its sales and legs given

    @property
    def cash_preserved(self) -> int:
        return self.bought + self.received

    @property
    def sold_in_credits(self) -> int:
        return self.sold + self.given

    @property
    def exchanges(self) -> int:
        return self.purchases + self.legs_received + self.sales + self.legs_given

    @property
    def net(self) -> int:
        """Credits gained (positive) or spent (negative) by its exchanges of the period."""
        return self.sold_in_credits - self.commission - self.cash_preserved

    @property
    def is_social_economy(self) -> bool:
        return self.kind in SOCIAL_ECONOMY_KINDS

    @property
    def volume(self) -> int:
        """Its exchanges' value on both sides: what ranks it in the exchange network."""
        return self.cash_preserved + self.sold_in_credits


def business_flows(network_ids, period: Period, *, business_ids=None) -> dict[int, BusinessFlows]:
    """What each business bought, sold, received and gave in the period's exchanges (only the
    businesses that took part), with names: one pass over the exchange lines, grouped by each
    side, and the swap commissions of the participants."""
    lines, params = lines_sql(
        network_ids, period.start_at, period.end_at, business_ids=business_ids
    )
    only, only_params = ("", [])
    if business_ids is not None:
        marks, only_params = _in(business_ids)
        only = f" AND {{side}} IN ({marks})"
    participants = ProposalParticipant._meta.db_table
    networks = _in(network_ids)[0]
    reversed_ids = reversed_transactions(network_ids)
    excluded, excluded_params = (
        (f" AND t.id NOT IN ({_in(reversed_ids)[0]})", reversed_ids) if reversed_ids else ("", [])
    )
    # Read twice rather than materialised: two scans of the lines' table cost less than writing
    # and re-reading half a million rows (0.40 s -> 0.27 s on the benchmark's year).
    inline = " NOT MATERIALIZED" if connection.vendor == "postgresql" else ""
    sql = (
        f"WITH lines AS{inline} ({lines}) "  # noqa: S608
        "SELECT 0, src, buyer_id, COUNT(*), SUM(value), 0 FROM lines "
        f"WHERE 1 = 1{only.format(side='buyer_id')} GROUP BY src, buyer_id "
        "UNION ALL SELECT 1, src, seller_id, COUNT(*), SUM(value), SUM(commission) FROM lines "
        f"WHERE 1 = 1{only.format(side='seller_id')} GROUP BY src, seller_id "
        # The participants of the period's swaps, joined to them directly (the planner cannot
        # estimate a filter on the materialised lines, and would loop).
        f"UNION ALL SELECT 2, {LEG}, pp.business_id, 0, 0, SUM(pp.commission) "
        f"FROM {participants} pp JOIN {Proposal._meta.db_table} pr ON pr.id = pp.proposal_id "
        f"JOIN {JournalTransaction._meta.db_table} t ON t.id = pr.settlement_id "
        f"WHERE t.kind = %s AND t.network_id IN ({networks}) AND t.created_at >= %s "
        f"AND t.created_at < %s{excluded}{only.format(side='pp.business_id')} "
        "GROUP BY pp.business_id"
    )
    networks_params = list(network_ids)
    swaps_params = [
        TransactionKind.SWAP,
        *networks_params,
        _dt(period.start_at),
        _dt(period.end_at),
        *excluded_params,
    ]
    flows: dict[int, BusinessFlows] = {}
    for role, src, pk, n, total, commission in _run(
        sql, [*params, *only_params, *only_params, *swaps_params, *only_params]
    ):
        f = flows.get(pk) or flows.setdefault(pk, BusinessFlows(pk))
        total, commission = _int(total), _int(commission)
        if role == 0 and src == PURCHASE:
            f.purchases, f.bought = n, total
        elif role == 0:
            f.legs_received, f.received = n, total
        elif role == 1 and src == PURCHASE:
            f.sales, f.sold = n, total
            f.commission += commission
        elif role == 1:
            f.legs_given, f.given = n, total
        else:
            f.commission += commission
    # The names: of the few businesses asked for, or of the networks' (every side of a line is
    # a business of its network) — not an IN list of thousands of ids.
    named = (
        Business.objects.filter(pk__in=list(flows))
        if business_ids is not None
        else Business.objects.filter(network_id__in=network_ids)
    )
    for pk, name, kind in named.values_list("pk", "legal_name", "kind"):
        if pk in flows:
            flows[pk].name, flows[pk].kind = name, kind
    return flows


@dataclass
class CashReport:
    businesses: list[BusinessFlows]  # most cash preserved first
    total_preserved: int
    total_sold: int
    commission: int
    by_family: dict[str, int]  # cash preserved by the buyer's family

    @property
    def beneficiaries(self) -> int:
        return sum(1 for b in self.businesses if b.cash_preserved > 0)


def cash_report(
    network_ids, period: Period, *, flows: dict | None = None, commission: int | None = None
) -> CashReport:
    """Cash preserved per business (most first) and in total; `flows` and `commission` when
    they were read already."""
    if flows is None:
        flows = business_flows(network_ids, period)
    flows = sorted(
        flows.values(),
        key=lambda f: (-f.cash_preserved, -f.sold_in_credits, f.name),
    )
    by_family = {ESS: 0, CLASSIC: 0}
    for f in flows:
        by_family[ESS if f.is_social_economy else CLASSIC] += f.cash_preserved
    if commission is None:
        commission = sum(commission_by_network(network_ids, period).values())
    return CashReport(
        businesses=flows,
        total_preserved=sum(f.cash_preserved for f in flows),
        total_sold=sum(f.sold_in_credits for f in flows),
        commission=commission,
        by_family=by_family,
    )


@dataclass
class GraphReport:
    nodes: list[BusinessFlows]  # the top businesses by volume
    edges: list[tuple[int, int, int, int]]  # (buyer id, seller id, exchanges, volume)
    total_businesses: int  # businesses that took part in an exchange
    shown_volume: int  # volume of the edges drawn
    total_volume: int


def exchange_graph(
    network_ids, period: Period, *, top: int = 30, flows: dict | None = None
) -> GraphReport:
    """Who trades with whom: the `top` businesses by volume (both sides) and the credits that
    flowed between each pair of them in the period (purchases and swap legs, buyer → seller).
    One statement: the volumes, the top, the pairs among the top; or, with the businesses'
    `flows` read already, only the lines of the top businesses."""
    if flows is not None:
        ranked = sorted(flows.values(), key=lambda f: (-f.volume, f.business_id))[:top]
        ids = [f.business_id for f in ranked]
        edges = []
        if ids:
            lines, params = lines_sql(network_ids, period.start_at, period.end_at, business_ids=ids)
            marks, id_params = _in(ids)
            edges = [
                (b, s_, n, _int(v))
                for b, s_, n, v in _run(
                    f"WITH lines AS ({lines}) SELECT buyer_id, seller_id, COUNT(*), SUM(value) "  # noqa: S608
                    f"FROM lines WHERE buyer_id IN ({marks}) AND seller_id IN ({marks}) "
                    "GROUP BY buyer_id, seller_id",
                    [*params, *id_params, *id_params],
                )
            ]
        edges.sort(key=lambda e: (-e[3], e[0], e[1]))
        return GraphReport(
            nodes=sorted(ranked, key=lambda f: (-f.volume, f.name)),
            edges=edges,
            total_businesses=len(flows),
            shown_volume=sum(e[3] for e in edges),
            total_volume=sum(f.cash_preserved for f in flows.values()),
        )
    lines, params = lines_sql(network_ids, period.start_at, period.end_at)
    rows = _run(
        f"WITH lines AS ({lines}), "  # noqa: S608
        "sides AS (SELECT buyer_id AS id, value AS bought, 0 AS sold FROM lines "
        "UNION ALL SELECT seller_id, 0, value FROM lines), "
        "volumes AS (SELECT id, SUM(bought) AS bought, SUM(sold) AS sold, "
        "SUM(bought) + SUM(sold) AS volume FROM sides GROUP BY id), "
        "top AS (SELECT id FROM volumes ORDER BY volume DESC, id LIMIT %s) "
        "SELECT 0, id, 0, bought, sold FROM volumes WHERE id IN (SELECT id FROM top) "
        "UNION ALL SELECT 1, buyer_id, seller_id, COUNT(*), SUM(value) FROM lines "
        "WHERE buyer_id IN (SELECT id FROM top) AND seller_id IN (SELECT id FROM top) "
        "GROUP BY buyer_id, seller_id "
        "UNION ALL SELECT 2, COUNT(*), 0, 0, SUM(volume) FROM volumes",
        [*params, top],
    )
    nodes = {
        pk: BusinessFlows(pk, bought=_int(bought), sold=_int(sold))
        for kind, pk, _s, bought, sold in rows
        if kind == 0
    }
    for pk, name, kind in Business.objects.filter(pk__in=list(nodes)).values_list(
        "pk", "legal_name", "kind"
    ):
        nodes[pk].name, nodes[pk].kind = name, kind
    edges = sorted(
        ((b, s, n, _int(v)) for kind, b, s, n, v in rows if kind == 1),
        key=lambda e: (-e[3], e[0], e[1]),
    )
    total_businesses, both_sides = next(((r[1], _int(r[4])) for r in rows if r[0] == 2), (0, 0))
    return GraphReport(
        nodes=sorted(nodes.values(), key=lambda f: (-f.volume, f.name)),
        edges=edges,
        total_businesses=total_businesses,
        shown_volume=sum(e[3] for e in edges),
        total_volume=both_sides // 2,
    )


# --- Members ------------------------------------------------------------------------------------


def dormancy_window(period: Period, thresholds: Thresholds) -> tuple[datetime, datetime]:
    """[since, reference): the last N days before the period's reference instant."""
    reference = period.reference_at
    return reference - timezone.timedelta(days=thresholds.dormant_days), reference


def traded_exists_sql(business: str, network_ids, start: datetime, end: datetime):
    """SQL true when the business (a column) has a settled exchange, either side, in
    [start, end): two correlated EXISTS on the exchange lines, each served by the index of that
    side, that stop at the first exchange found — cheaper than reading all the lines when most
    members trade."""
    reversed_ids = reversed_transactions(network_ids)
    excluded, excluded_params = (
        (f" AND x.transaction_id NOT IN ({_in(reversed_ids)[0]})", reversed_ids)
        if reversed_ids
        else ("", [])
    )
    table = ExchangeLine._meta.db_table
    parts, params = [], []
    for side in ("buyer_id", "seller_id"):
        parts.append(
            f"EXISTS (SELECT 1 FROM {table} x WHERE x.{side} = {business} "  # noqa: S608
            f"AND x.at >= %s AND x.at < %s{excluded})"
        )
        params += [_dt(start), _dt(end), *excluded_params]
    return "(" + " OR ".join(parts) + ")", params


LONG_PERIOD_DAYS = 120


def trading_by_index(period: Period) -> bool:
    """Whether to find the trading members by index (correlated EXISTS, which stop at the first
    exchange: cheap when most members trade, as over a long period) rather than from the
    period's exchange lines (cheap when the period is short)."""
    return period.days > LONG_PERIOD_DAYS


def members_select_sql(
    network_ids, period: Period, thresholds: Thresholds, columns: str, group_by: str
) -> tuple[str, list]:
    """The statement counting the businesses per (columns): all, registered in the period,
    trading in the period, dormant (active, registered before the window, without any exchange
    in the last N days before the reference instant). Over short periods the trading members
    come from the period's exchange lines, read once as a CTE; the dormant ones, and the trading
    ones over long periods, are found by correlated EXISTS on the lines' indexes (a NOT IN over
    the lines would be planned as a scan of them per business once they outgrow the hash's
    memory)."""
    since, reference = dormancy_window(period, thresholds)
    start, end = period.start_at, period.end_at
    marks, ids = _in(network_ids)
    if trading_by_index(period):
        with_lines, lines_params = "", []
        trading, trading_params = traded_exists_sql("b.id", network_ids, start, end)
    else:
        lines, lines_params = lines_sql(network_ids, start, end)
        with_lines = f"WITH lines AS ({lines}) "
        trading = "b.id IN (SELECT buyer_id FROM lines UNION SELECT seller_id FROM lines)"
        trading_params = []
    traded_recently, recent_params = traded_exists_sql("b.id", network_ids, since, reference)
    sql = (
        f"{with_lines}SELECT {columns}, COUNT(*), "  # noqa: S608
        "SUM(CASE WHEN b.created_at >= %s AND b.created_at < %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {trading} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN b.status = %s AND b.created_at < %s AND NOT {traded_recently} "
        "THEN 1 ELSE 0 END) "
        f"FROM {Business._meta.db_table} b WHERE b.network_id IN ({marks}) "
        f"GROUP BY {group_by}"
    )
    return sql, [
        *lines_params,
        _dt(start),
        _dt(end),
        *trading_params,
        BusinessStatus.ACTIVE,
        _dt(since),
        *recent_params,
        *ids,
    ]


@dataclass
class MemberGroup:
    key: str
    label: str = ""
    members: int = 0  # all statuses
    active: int = 0
    pending: int = 0
    suspended: int = 0
    rejected: int = 0
    new: int = 0  # registered in the period
    trading: int = 0  # took part in an exchange in the period
    dormant: int = 0  # active, no exchange in the last N days

    def add(self, other: MemberGroup) -> None:
        for name in (
            "members",
            "active",
            "pending",
            "suspended",
            "rejected",
            "new",
            "trading",
            "dormant",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MembersReport:
    total: MemberGroup
    by_family: list[MemberGroup]
    by_kind: list[MemberGroup]
    by_sector: list[MemberGroup]
    dormant_days: int
    dormant_since: datetime


def members_report(network_ids, period: Period, thresholds: Thresholds) -> MembersReport:
    from django.utils.translation import gettext as _

    from barter.models import BusinessKind, Sector

    since, _reference = dormancy_window(period, thresholds)
    total = MemberGroup("total")
    kinds = {k.value: MemberGroup(k.value, str(k.label)) for k in BusinessKind}
    sectors = {s.value: MemberGroup(s.value, str(s.label)) for s in Sector}
    select, select_params = members_select_sql(
        network_ids, period, thresholds, *["b.kind, b.sector, b.status"] * 2
    )
    for kind, sector, status, n, new, trading, dormant in _run(select, select_params):
        g = MemberGroup(status)
        g.members = n
        if status in ("active", "pending", "suspended", "rejected"):
            setattr(g, status, n)
        g.new, g.trading, g.dormant = _int(new), _int(trading), _int(dormant)
        total.add(g)
        kinds.setdefault(kind, MemberGroup(kind, kind)).add(g)
        sectors.setdefault(sector, MemberGroup(sector, sector)).add(g)
    ess = MemberGroup(ESS, _("Social and solidarity economy"))
    classic = MemberGroup(CLASSIC, _("Classic business"))
    for key, group in kinds.items():
        (ess if key in SOCIAL_ECONOMY_KINDS else classic).add(group)
    return MembersReport(
        total=total,
        by_family=[ess, classic],
        by_kind=[g for g in kinds.values() if g.members],
        by_sector=[g for g in sectors.values() if g.members],
        dormant_days=thresholds.dormant_days,
        dormant_since=since,
    )


def dormant_businesses(network_ids, period: Period, thresholds: Thresholds) -> QuerySet[Business]:
    """The dormant members themselves, by name."""
    since, reference = dormancy_window(period, thresholds)
    table = Business._meta.db_table
    traded = traded_exists_sql(f'"{table}"."id"', network_ids, since, reference)
    return (
        Business.objects.filter(
            network_id__in=network_ids, status=BusinessStatus.ACTIVE, created_at__lt=since
        )
        .exclude(RawSQL(*traded, output_field=BooleanField()))  # noqa: S611
        .order_by("legal_name", "pk")
    )


# --- Balances -----------------------------------------------------------------------------------


def _balances_sql(network_ids, at: datetime | None) -> tuple[str, list]:
    """SQL of a derived table (account_id, network_id, business_id, credit_limit, held, balance)
    of the accounts of the businesses registered before `at`, with their balance at `at` (now
    when None).

    The balance at an instant is the sum of the postings dated before it. It is computed from
    whichever side is shorter: the postings before `at`, or the current balance minus the
    postings since `at`; with `at` in the future, the current balance.
    """
    marks, ids = _in(network_ids)
    accounts = (
        "SELECT a.id AS account_id, a.network_id, a.business_id, a.credit_limit, a.held, {balance} "  # noqa: S608
        "AS balance FROM ledger_account a {join} "
        f"WHERE a.kind = 'business' AND a.network_id IN ({marks}){{opened}}"
    )
    now = timezone.now()
    if at is None or at >= now:
        return accounts.format(balance="a.balance", join="", opened=""), ids
    first = (
        JournalTransaction.objects.filter(network_id__in=network_ids)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if first is None or first >= at:
        before, operator = True, "<"
    else:
        before = (at - first) <= (now - at)
        operator = "<" if before else ">="
    # Every transaction on that side of `at` has an id within this bound: an implied filter on
    # the postings' transaction ids, which lets their index skip the other side when ids grow
    # with time (as they do, bar concurrent writes; the result never depends on it).
    side = JournalTransaction.objects.filter(network_id__in=network_ids)
    if before:
        bound = side.filter(created_at__lt=at).aggregate(b=Max("pk"))["b"]
        bound_sql = "p.transaction_id <= %s"
    else:
        bound = side.filter(created_at__gte=at).aggregate(b=Min("pk"))["b"]
        bound_sql = "p.transaction_id >= %s"
    moved = (
        "SELECT p.account_id, SUM(p.amount) AS amount FROM ledger_posting p "  # noqa: S608
        "JOIN ledger_journaltransaction t ON t.id = p.transaction_id "
        f"WHERE t.network_id IN ({marks}) AND t.created_at {operator} %s AND {bound_sql} "
        "GROUP BY p.account_id"
    )
    balance = "COALESCE(m.amount, 0)" if before else "a.balance - COALESCE(m.amount, 0)"
    sql = accounts.format(
        balance=balance,
        join=f"LEFT JOIN ({moved}) m ON m.account_id = a.id",
        opened=(
            " AND EXISTS (SELECT 1 FROM barter_business bu WHERE bu.id = a.business_id "
            "AND bu.created_at < %s)"
        ),
    )
    return sql, [*ids, _dt(at), bound or 0, *ids, _dt(at)]


@dataclass
class HistogramBucket:
    low: int | None  # cents, inclusive; None: unbounded
    high: int | None  # cents, exclusive; None: unbounded
    accounts: int = 0


@dataclass
class AccountRow:
    account_id: int
    business_id: int
    name: str
    balance: int
    credit_limit: int
    held: int

    @property
    def used_percent(self) -> int | None:
        """Share of the credit limit used, in %, None without a limit."""
        if self.credit_limit <= 0:
            return None
        return max(0, round(-(self.balance - self.held) * 100 / self.credit_limit))


@dataclass
class BalancesReport:
    at: datetime
    is_current: bool
    buckets: list[HistogramBucket]
    accounts: int
    at_zero: int
    outstanding: int  # sum of the positive balances: the credit in circulation
    absolute_total: int  # sum of |balance| at the reference instant
    absolute_total_start: int  # sum of |balance| at the start of the period
    near_limit: list[AccountRow]
    near_limit_count: int
    at_limit_count: int
    large: list[AccountRow]
    large_count: int
    large_threshold: int | None  # None: per network, half its default credit limit
    near_limit_percent: int
    volume: int

    @property
    def average_outstanding(self) -> float:
        """Average credit in circulation: half the sum of the absolute balances, averaged
        between the start and the end of the period."""
        return (self.absolute_total + self.absolute_total_start) / 4

    @property
    def velocity(self) -> float | None:
        """Volume of the period over the average credit in circulation."""
        return ratio(self.volume, self.average_outstanding)


def histogram_edges(limit: int) -> list[int]:
    """Eleven edges from -limit to +limit in fifths (cents): ten buckets, plus the two open
    ones below -limit and from +limit up."""
    step = max(1, limit // 5)
    return [-limit + i * step for i in range(11)]


def _bucket_case(edges: list[int]) -> tuple[str, list]:
    whens = " ".join(f"WHEN b.balance < %s THEN {i}" for i in range(len(edges)))
    return f"CASE {whens} ELSE {len(edges)} END", list(edges)


def balances_report(
    network_ids,
    period: Period,
    thresholds: Thresholds,
    *,
    default_limit: int,
    list_size: int = 50,
    volume: int | None = None,
) -> BalancesReport:
    """Balances at the period's reference instant (its end, or now): their distribution, the
    accounts near or at their limit, those holding a large positive balance; the velocity of
    credit over the period."""
    at = period.reference_at
    is_current = not period.is_over
    table, table_params = _balances_sql(network_ids, None if is_current else at)
    edges = histogram_edges(default_limit)
    case, case_params = _bucket_case(edges)
    rows = _run(
        f"SELECT {case} AS bucket, COUNT(*), SUM(CASE WHEN b.balance = 0 THEN 1 ELSE 0 END), "  # noqa: S608
        "SUM(CASE WHEN b.balance > 0 THEN b.balance ELSE 0 END), "
        f"SUM(CASE WHEN b.balance < 0 THEN -b.balance ELSE b.balance END) FROM ({table}) b "
        "GROUP BY 1",
        [*case_params, *table_params],
    )
    buckets = [HistogramBucket(None, edges[0])]
    buckets += [HistogramBucket(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
    buckets.append(HistogramBucket(edges[-1], None))
    accounts = at_zero = outstanding = absolute = 0
    for bucket, n, zero, positive, absolute_sum in rows:
        buckets[bucket].accounts = n
        accounts += n
        at_zero += _int(zero)
        outstanding += _int(positive)
        absolute += _int(absolute_sum)

    start_table, start_params = _balances_sql(network_ids, period.start_at)
    absolute_start = _int(
        _run(
            "SELECT SUM(CASE WHEN b.balance < 0 THEN -b.balance ELSE b.balance END) "  # noqa: S608
            f"FROM ({start_table}) b",
            start_params,
        )[0][0]
    )

    # Near the limit: the balance (minus what is held, for the current state) uses at least
    # the given share of the credit limit; an account without a limit, any debit.
    share = thresholds.near_limit_percent
    used = "(b.balance - b.held)" if is_current else "b.balance"
    near = (
        f"((b.credit_limit > 0 AND {used} < 0 AND -{used} * 100 >= b.credit_limit * %s) "
        f"OR (b.credit_limit = 0 AND {used} < 0))"
    )
    at_limit = f"(b.credit_limit > 0 AND -{used} >= b.credit_limit)"
    if thresholds.large_balance is not None:
        large, large_params = "(b.balance > 0 AND b.balance >= %s)", [thresholds.large_balance]
    else:
        large = (
            "(b.balance > 0 AND b.balance >= "
            "(SELECT n.default_credit_limit FROM barter_network n WHERE n.id = b.network_id) * %s)"
        )
        large_params = [DEFAULT_LARGE_BALANCE_RATIO]
    held = "b.held" if is_current else "0"
    ranked = (
        f"SELECT b.account_id, b.business_id, b.balance, b.credit_limit, {held} AS held, "  # noqa: S608
        f"CASE WHEN {near} THEN 1 ELSE 2 END AS list, "
        f"CASE WHEN {at_limit} THEN 1 ELSE 0 END AS at_limit "
        f"FROM ({table}) b WHERE {near} OR {large}"
    )
    ranked_params = [share, *table_params, share, *large_params]
    # The near list is ordered by share used, the large one by balance; ROW_NUMBER keeps the
    # first of each; the counts come with them.
    listed = (
        []
        if list_size == 0
        else _run(
            "SELECT r.account_id, r.business_id, r.balance, r.credit_limit, r.held, r.list, r.n, "  # noqa: S608
            "r.at_limit_n, bu.legal_name FROM (SELECT x.*, "
            "ROW_NUMBER() OVER (PARTITION BY x.list ORDER BY CASE WHEN x.list = 1 THEN "
            "x.balance - x.held ELSE -x.balance END, x.account_id) AS rank, "
            "COUNT(*) OVER (PARTITION BY x.list) AS n, "
            "SUM(x.at_limit) OVER (PARTITION BY x.list) AS at_limit_n "
            f"FROM ({ranked}) x) r JOIN barter_business bu ON bu.id = r.business_id "
            "WHERE r.rank <= %s ORDER BY r.list, r.rank",
            [*ranked_params, list_size],
        )
    )
    near_rows, large_rows = [], []
    near_count = large_count = at_limit_count = 0
    for account_id, business_id, balance, limit, held_, which, n, at_limit_n, name in listed:
        row = AccountRow(account_id, business_id, name, balance, limit, held_)
        if which == 1:
            near_rows.append(row)
            near_count, at_limit_count = n, _int(at_limit_n)
        else:
            large_rows.append(row)
            large_count = n
    if volume is None:
        volume = exchanges_volume(network_ids, period)
    return BalancesReport(
        at=at,
        is_current=is_current,
        buckets=buckets,
        accounts=accounts,
        at_zero=at_zero,
        outstanding=outstanding,
        absolute_total=absolute,
        absolute_total_start=absolute_start,
        near_limit=near_rows,
        near_limit_count=near_count,
        at_limit_count=at_limit_count,
        large=large_rows,
        large_count=large_count,
        large_threshold=thresholds.large_balance,
        near_limit_percent=share,
        volume=volume,
    )


def exchanges_volume(network_ids, period: Period) -> int:
    """The period's volume: purchases' totals plus swap legs' values."""
    lines, params = lines_sql(network_ids, period.start_at, period.end_at)
    return _int(_run(f"WITH lines AS ({lines}) SELECT SUM(value) FROM lines", params)[0][0])  # noqa: S608


# --- Listings -----------------------------------------------------------------------------------


@dataclass
class CategoryRow:
    category_id: int
    name: str
    offers: int = 0
    wants: int = 0
    unmet_wants: int = 0
    unmet_budget: int = 0
    assets_reused: int = 0
    asset_exchanges: int = 0
    asset_volume: int = 0


@dataclass
class ListingsReport:
    by_root: list[CategoryRow]
    unmet_by_category: list[CategoryRow]  # leaf categories with unmet wants, most first
    total: CategoryRow


def _root(path: str = "category"):
    """The root of a listing's category (the tree has two levels)."""
    return Coalesce(f"{path}__parent_id", f"{path}_id")


def marketplace_listings(network_ids) -> QuerySet[Listing]:
    """Listings on the networks' marketplace now: published, with units left, of an active
    member."""
    return Listing.objects.filter(
        business__network_id__in=network_ids,
        business__status=BusinessStatus.ACTIVE,
        status=ListingStatus.ACTIVE,
        quantity__gte=1,
    ).order_by()


def unmet_wants(network_ids) -> QuerySet[Listing]:
    """Wants on the marketplace that no settled swap has met."""
    return (
        marketplace_listings(network_ids)
        .filter(kind=ListingKind.WANT)
        .exclude(
            Exists(
                ProposalLeg.objects.filter(
                    want=OuterRef("pk"), proposal__status=ProposalStatus.SETTLED
                )
            )
        )
    )


def listings_report(network_ids, period: Period) -> ListingsReport:
    """Offers and wants on the marketplace now, per root category; the wants no settled swap
    has met (per category: what the territory lacks); unused assets put back to use in the
    period (sold or given in an exchange settled in it)."""
    categories = {c.pk: c for c in Category.objects.all()}
    rows: dict[int, CategoryRow] = {}

    def row(pk: int) -> CategoryRow:
        if pk not in rows:
            rows[pk] = CategoryRow(pk, categories[pk].name)
        return rows[pk]

    for root, kind, n in (
        marketplace_listings(network_ids)
        .annotate(root=_root())
        .values_list("root", "kind")
        .annotate(n=Count("pk"))
    ):
        if kind == ListingKind.OFFER:
            row(root).offers += n
        else:
            row(root).wants += n

    leaves: dict[int, CategoryRow] = {}
    for category_id, n, budget in (
        unmet_wants(network_ids).values_list("category_id").annotate(n=Count("pk"), b=Sum("value"))
    ):
        root = categories[category_id].parent_id or category_id
        row(root).unmet_wants += n
        row(root).unmet_budget += _int(budget)
        name = categories[category_id].name
        if root != category_id:
            name = f"{categories[root].name} › {name}"
        leaf = leaves.setdefault(category_id, CategoryRow(category_id, name))
        leaf.unmet_wants += n
        leaf.unmet_budget += _int(budget)

    lines, params = lines_sql(network_ids, period.start_at, period.end_at)
    listing, category = Listing._meta.db_table, Category._meta.db_table
    for root, exchanges, volume, listings in _run(
        f"WITH lines AS ({lines}) SELECT COALESCE(c.parent_id, c.id), COUNT(*), "  # noqa: S608
        f"SUM(lines.value), COUNT(DISTINCT lines.item_id) FROM lines "
        f"JOIN {listing} li ON li.id = lines.item_id JOIN {category} c ON c.id = li.category_id "
        "WHERE li.nature = %s GROUP BY 1",
        [*params, ListingNature.ASSET],
    ):
        r = row(root)
        r.asset_exchanges, r.asset_volume, r.assets_reused = exchanges, _int(volume), listings

    ordered = sorted(rows.values(), key=lambda r: (categories[r.category_id].position, r.name))
    total = CategoryRow(0, "")
    for r in ordered:
        for name in (
            "offers",
            "wants",
            "unmet_wants",
            "unmet_budget",
            "assets_reused",
            "asset_exchanges",
            "asset_volume",
        ):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    return ListingsReport(
        by_root=ordered,
        unmet_by_category=sorted(leaves.values(), key=lambda r: (-r.unmet_wants, r.name)),
        total=total,
    )


# --- Matching funnel ----------------------------------------------------------------------------


@dataclass
class FunnelRow:
    run_id: int | None
    created_at: datetime | None
    status: str = ""
    proposals: int = 0
    accepted: int = 0  # accepted by every participant (accepted or settled since)
    settled: int = 0
    declined: int = 0
    expired: int = 0
    open: int = 0

    @property
    def acceptance_rate(self) -> float | None:
        return ratio(self.accepted, self.proposals)

    @property
    def settlement_rate(self) -> float | None:
        return ratio(self.settled, self.proposals)

    @property
    def decline_rate(self) -> float | None:
        return ratio(self.declined, self.proposals)

    @property
    def expiry_rate(self) -> float | None:
        return ratio(self.expired, self.proposals)


def _funnel_counts(prefix: str = "") -> dict:
    accepted = Q(**{f"{prefix}accepted_at__isnull": False}) | Q(
        **{f"{prefix}status__in": [ProposalStatus.ACCEPTED, ProposalStatus.SETTLED]}
    )
    pk = f"{prefix}pk" if prefix else "pk"
    return {
        "n": Count(pk),
        "accepted": Count(pk, filter=accepted),
        "settled": Count(pk, filter=Q(**{f"{prefix}status": ProposalStatus.SETTLED})),
        "declined": Count(pk, filter=Q(**{f"{prefix}status": ProposalStatus.DECLINED})),
        "expired": Count(pk, filter=Q(**{f"{prefix}status": ProposalStatus.EXPIRED})),
        "open": Count(pk, filter=Q(**{f"{prefix}status": ProposalStatus.OPEN})),
    }


@dataclass
class FunnelReport:
    runs: list[FunnelRow]  # newest first
    total: FunnelRow


def funnel_report(network_ids, period: Period) -> FunnelReport:
    """Per matching run started in the period: proposals created, accepted by all, settled,
    declined, expired, still open. A proposal stays counted with its run, whatever the date of
    its later answers."""
    runs = (
        MatchingRun.objects.filter(
            network_id__in=network_ids,
            created_at__gte=period.start_at,
            created_at__lt=period.end_at,
        )
        .order_by("-created_at", "-pk")
        .values("pk", "created_at", "status")
        .annotate(**_funnel_counts("proposals__"))
    )
    rows = []
    total = FunnelRow(None, None)
    for r in runs:
        row = FunnelRow(
            r["pk"],
            r["created_at"],
            r["status"],
            r["n"],
            r["accepted"],
            r["settled"],
            r["declined"],
            r["expired"],
            r["open"],
        )
        rows.append(row)
        for name in ("proposals", "accepted", "settled", "declined", "expired", "open"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return FunnelReport(runs=rows, total=total)


# --- Map ----------------------------------------------------------------------------------------


def active_members_for_map(network_ids) -> QuerySet[Business]:
    return (
        Business.objects.filter(
            network_id__in=network_ids,
            status=BusinessStatus.ACTIVE,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .only("pk", "legal_name", "commune", "latitude", "longitude", "kind")
        .order_by("pk")
    )


# --- Key figures, per network (the dashboard's summary and the federation view) ---------------


@dataclass
class KeyFigures:
    network: Network
    members: int = 0
    active: int = 0
    new: int = 0
    trading: int = 0
    dormant: int = 0
    purchases: int = 0
    purchase_volume: int = 0
    swaps: int = 0
    swap_legs: int = 0
    swap_volume: int = 0
    mixed_volume: int = 0
    commission: int = 0
    near_limit: int = 0
    large_balances: int = 0
    absolute_total: int = 0
    absolute_total_start: int = 0
    outstanding: int = 0
    unmet_wants: int = 0
    proposals: int = 0
    proposals_accepted: int = 0
    proposals_settled: int = 0
    proposals_declined: int = 0
    proposals_expired: int = 0
    months: dict = field(default_factory=dict)  # month → MonthRow

    @property
    def volume(self) -> int:
        return self.purchase_volume + self.swap_volume

    @property
    def cash_preserved(self) -> int:
        return self.volume

    @property
    def exchanges(self) -> int:
        return self.purchases + self.swap_legs

    @property
    def mixed_share(self) -> float | None:
        return ratio(self.mixed_volume, self.volume)

    @property
    def average_cycle_length(self) -> float | None:
        return ratio(self.swap_legs, self.swaps)

    @property
    def trading_share(self) -> float | None:
        return ratio(self.trading, self.active)

    @property
    def velocity(self) -> float | None:
        return ratio(self.volume, (self.absolute_total + self.absolute_total_start) / 4)

    @property
    def acceptance_rate(self) -> float | None:
        return ratio(self.proposals_accepted, self.proposals)

    @property
    def decline_rate(self) -> float | None:
        return ratio(self.proposals_declined, self.proposals)

    @property
    def expiry_rate(self) -> float | None:
        return ratio(self.proposals_expired, self.proposals)


def key_figures(
    networks,
    period: Period,
    thresholds: Thresholds,
    *,
    members: dict | None = None,
    exchanges: dict | None = None,
) -> list[KeyFigures]:
    """The headline measures of each network, side by side: the members' counts (trading
    members found by index, dormant ones from the lines of the dormancy window), one pass over
    the period's exchange lines for the exchanges' totals per month, then the commission,
    balances, unmet wants and proposals."""
    networks = list(networks)
    ids = [n.pk for n in networks]
    figures = {n.pk: KeyFigures(n) for n in networks}
    if not ids:
        return []
    month_list = period.months()
    for f in figures.values():
        f.months = {m: MonthRow(m) for m in month_list}

    if members is not None:  # computed already (MemberGroup totals per network)
        for network_id, g in members.items():
            f = figures[network_id]
            f.members, f.active, f.new = g.members, g.active, g.new
            f.trading, f.dormant = g.trading, g.dormant
    else:
        select, select_params = members_select_sql(
            ids, period, thresholds, "b.network_id, b.status", "b.network_id, b.status"
        )
        for network_id, status, n, new, trading, dormant in _run(select, select_params):
            f = figures[network_id]
            f.members += n
            f.active += n if status == BusinessStatus.ACTIVE else 0
            f.new += _int(new)
            f.trading += _int(trading)
            f.dormant += _int(dormant)

    if exchanges is not None:  # computed already (ExchangesReport per network)
        for network_id, report in exchanges.items():
            f = figures[network_id]
            t = report.total
            f.purchases, f.purchase_volume = t.purchases, t.purchase_volume
            f.swaps, f.swap_legs, f.swap_volume = t.swaps, t.swap_legs, t.swap_volume
            f.mixed_volume, f.commission = report.mixed_volume, t.commission
            f.months = {m.month: m for m in report.months}
        return _key_figures_rest(figures, ids, period, thresholds)

    lines, lines_params = lines_sql(ids, period.start_at, period.end_at, families=True)
    bucket, bucket_params = month_bucket_sql(period)
    for network_id, k1, k2, k3, k4, n, x, fee in _run(
        f"WITH lines AS ({lines}) SELECT network_id, {bucket} AS m, src, bf * 2 + sf AS fam, "  # noqa: S608
        "position, COUNT(*), SUM(value), SUM(fee) FROM lines "
        "GROUP BY network_id, m, src, fam, position",
        [*lines_params, *bucket_params],
    ):
        f = figures[network_id]
        m, volume = f.months[month_list[k1]], _int(x)
        f.commission += _int(fee)
        m.commission += _int(fee)
        if k2 == PURCHASE:
            f.purchases += n
            f.purchase_volume += volume
            m.purchases += n
            m.purchase_volume += volume
        else:
            f.swap_legs += n
            f.swap_volume += volume
            m.swap_legs += n
            m.swap_volume += volume
            if k4 == 0:
                f.swaps += n
                m.swaps += n
        if k3 in (1, 2):  # one side social economy, the other classic
            f.mixed_volume += volume
    return _key_figures_rest(figures, ids, period, thresholds)


def _key_figures_rest(
    figures: dict, ids: list[int], period: Period, thresholds: Thresholds
) -> list[KeyFigures]:
    """The key figures that do not come from the exchange lines."""
    for network_id, absolute, positive, near, large in _balance_counts(
        ids, period.reference_at if period.is_over else None, thresholds
    ):
        f = figures[network_id]
        f.absolute_total, f.outstanding = _int(absolute), _int(positive)
        f.near_limit, f.large_balances = _int(near), _int(large)
    start_table, start_params = _balances_sql(ids, period.start_at)
    for network_id, absolute in _run(
        "SELECT b.network_id, SUM(CASE WHEN b.balance < 0 THEN -b.balance ELSE b.balance END) "  # noqa: S608
        f"FROM ({start_table}) b GROUP BY b.network_id",
        start_params,
    ):
        figures[network_id].absolute_total_start = _int(absolute)

    for network_id, n in (
        unmet_wants(ids).values_list("business__network_id").annotate(n=Count("pk"))
    ):
        figures[network_id].unmet_wants = n

    for row in (
        Proposal.objects.filter(
            run__network_id__in=ids,
            run__created_at__gte=period.start_at,
            run__created_at__lt=period.end_at,
        )
        .order_by()
        .values("network_id")
        .annotate(**_funnel_counts())
    ):
        f = figures[row["network_id"]]
        f.proposals, f.proposals_accepted = row["n"], row["accepted"]
        f.proposals_settled, f.proposals_declined = row["settled"], row["declined"]
        f.proposals_expired = row["expired"]
    return [figures[pk] for pk in ids]


def _balance_counts(network_ids, at: datetime | None, thresholds: Thresholds) -> list[tuple]:
    """Per network: sum of |balance|, sum of positive balances, accounts near their limit,
    accounts with a large balance, at `at` (now when None)."""
    table, params = _balances_sql(network_ids, at)
    used = "(b.balance - b.held)" if at is None else "b.balance"
    share = thresholds.near_limit_percent
    if thresholds.large_balance is not None:
        large, large_params = "b.balance >= %s", [thresholds.large_balance]
    else:
        large = "b.balance >= n.default_credit_limit * %s"
        large_params = [DEFAULT_LARGE_BALANCE_RATIO]
    return _run(
        "SELECT b.network_id, "  # noqa: S608
        "SUM(CASE WHEN b.balance < 0 THEN -b.balance ELSE b.balance END), "
        "SUM(CASE WHEN b.balance > 0 THEN b.balance ELSE 0 END), "
        f"SUM(CASE WHEN (b.credit_limit > 0 AND {used} < 0 AND -{used} * 100 >= "
        f"b.credit_limit * %s) OR (b.credit_limit = 0 AND {used} < 0) THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN b.balance > 0 AND {large} THEN 1 ELSE 0 END) "
        f"FROM ({table}) b JOIN barter_network n ON n.id = b.network_id GROUP BY b.network_id",
        [share, *large_params, *params],
    )


# --- One business's own report ------------------------------------------------------------------


@dataclass
class BusinessReport:
    business: Business
    flows: BusinessFlows
    purchases: list[dict]  # the purchases and sales, newest first
    legs: list[dict]  # the swap legs given or received, newest first
    opening_balance: int
    closing_balance: int
    balance_points: list[tuple[date, int]]  # end-of-day balance on the days it moved


def business_report(business: Business, period: Period, *, limit: int = 200) -> BusinessReport:
    """What the business bought, sold and swapped in the period, its cash preserved, and its
    balance day by day (from the running balances of its account)."""
    network_ids = [business.network_id]
    flows = business_flows(network_ids, period, business_ids=[business.pk]).get(
        business.pk, BusinessFlows(business.pk, business.legal_name, business.kind)
    )
    purchases = list(
        settled_purchases(network_ids, period.start_at, period.end_at)
        .filter(Q(buyer=business) | Q(seller=business))
        .order_by("-settlement__created_at", "-pk")
        .values(
            "pk",
            "buyer_id",
            "seller_id",
            "quantity",
            "total",
            "commission",
            at=F("settlement__created_at"),
            buyer_name=F("buyer__legal_name"),
            seller_name=F("seller__legal_name"),
            title=F("listing__title"),
        )[:limit]
    )
    legs = list(
        settled_legs(network_ids, period.start_at, period.end_at)
        .filter(Q(giver=business) | Q(receiver=business))
        .order_by("-proposal__settlement__created_at", "-pk")
        .values(
            "pk",
            "proposal_id",
            "giver_id",
            "receiver_id",
            "value",
            at=F("proposal__settlement__created_at"),
            giver_name=F("giver__legal_name"),
            receiver_name=F("receiver__legal_name"),
            title=F("offer__title"),
        )[:limit]
    )
    account = Account.objects.filter(
        business=business, network_id=business.network_id, kind=AccountKind.BUSINESS
    ).first()
    opening = closing = 0
    points: list[tuple[date, int]] = []
    if account is not None:
        opening = _int(
            account.postings.filter(transaction__created_at__lt=period.start_at).aggregate(
                s=Sum("amount")
            )["s"]
        )
        in_period = account.postings.filter(
            transaction__created_at__gte=period.start_at,
            transaction__created_at__lt=period.end_at,
        ).order_by()
        last_of_day = (
            in_period.annotate(
                day=TruncDate("transaction__created_at", tzinfo=timezone.get_current_timezone())
            )
            .values("day")
            .annotate(last=Max("pk"))
            .values("last")
        )
        points = list(
            Posting.objects.filter(pk__in=Subquery(last_of_day))
            .annotate(
                day=TruncDate("transaction__created_at", tzinfo=timezone.get_current_timezone())
            )
            .order_by("day", "pk")
            .values_list("day", "balance_after")
        )
        closing = points[-1][1] if points else opening
    return BusinessReport(
        business=business,
        flows=flows,
        purchases=purchases,
        legs=legs,
        opening_balance=opening,
        closing_balance=closing,
        balance_points=points,
    )


# --- Permissions --------------------------------------------------------------------------------


def report_networks(user) -> QuerySet[Network]:
    """The networks whose dashboard the user may read: those they coordinate (every network for
    a platform administrator)."""
    from barter.selectors import user_coordinated_networks

    return user_coordinated_networks(user)


def report_business_visible_to(user) -> QuerySet[Business]:
    """The businesses whose own report the user may read: their own, and every business of the
    networks they coordinate."""
    if not user.is_authenticated:
        return Business.objects.none()
    return (
        Business.objects.filter(Q(memberships__user=user) | Q(network__in=report_networks(user)))
        .distinct()
        .select_related("network")
    )
