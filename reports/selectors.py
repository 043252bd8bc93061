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
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
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
from .periods import Period

ESS, CLASSIC = "ess", "classic"
ESS_KINDS = sorted(k.value for k in SOCIAL_ECONOMY_KINDS)
PAIRS = ((ESS, ESS), (ESS, CLASSIC), (CLASSIC, ESS), (CLASSIC, CLASSIC))


def _int(value) -> int:
    """Sums come back as Decimal on PostgreSQL (SUM of bigint is numeric) and None when empty."""
    return int(value or 0)


def _family(prefix: str) -> Case:
    """'ess' or 'classic' for the business at `prefix` (e.g. 'buyer'), computed in SQL."""
    return Case(
        When(**{f"{prefix}__kind__in": ESS_KINDS}, then=Value(ESS)),
        default=Value(CLASSIC),
        output_field=CharField(),
    )


def _month(path: str) -> TruncMonth:
    """The local month of a timestamp, as the date of its first day."""
    return TruncMonth(path, tzinfo=timezone.get_current_timezone(), output_field=DateField())


def ratio(part: int | float, whole: int | float) -> float | None:
    """part / whole, None when whole is 0."""
    return part / whole if whole else None


# --- The exchanges ------------------------------------------------------------------------------


def settled_purchases(
    network_ids, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[Purchase]:
    """Direct purchases settled between start (inclusive) and end (exclusive), not reversed."""
    qs = Purchase.objects.filter(
        settlement__network_id__in=network_ids,
        settlement__kind=TransactionKind.PURCHASE,
        settlement__reversed_by__isnull=True,
    )
    if start is not None:
        qs = qs.filter(settlement__created_at__gte=start)
    if end is not None:
        qs = qs.filter(settlement__created_at__lt=end)
    return qs.order_by()


def settled_proposals(
    network_ids, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[Proposal]:
    """Swaps settled between start (inclusive) and end (exclusive), not reversed."""
    qs = Proposal.objects.filter(
        settlement__network_id__in=network_ids,
        settlement__kind=TransactionKind.SWAP,
        settlement__reversed_by__isnull=True,
    )
    if start is not None:
        qs = qs.filter(settlement__created_at__gte=start)
    if end is not None:
        qs = qs.filter(settlement__created_at__lt=end)
    return qs.order_by()


def settled_legs(
    network_ids, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[ProposalLeg]:
    """Legs of the swaps settled between start (inclusive) and end (exclusive), not reversed."""
    qs = ProposalLeg.objects.filter(
        proposal__settlement__network_id__in=network_ids,
        proposal__settlement__kind=TransactionKind.SWAP,
        proposal__settlement__reversed_by__isnull=True,
    )
    if start is not None:
        qs = qs.filter(proposal__settlement__created_at__gte=start)
    if end is not None:
        qs = qs.filter(proposal__settlement__created_at__lt=end)
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


def commission_by_month(network_ids, period: Period) -> dict[date, int]:
    """Credits the network account(s) received from the period's settlements, per month."""
    rows = (
        Posting.objects.filter(
            account__kind=AccountKind.NETWORK,
            transaction__network_id__in=network_ids,
            transaction__kind__in=[TransactionKind.PURCHASE, TransactionKind.SWAP],
            transaction__reversed_by__isnull=True,
            transaction__created_at__gte=period.start_at,
            transaction__created_at__lt=period.end_at,
        )
        .order_by()
        .annotate(month=_month("transaction__created_at"))
        .values("month")
        .annotate(total=Sum("amount"))
    )
    return {row["month"]: _int(row["total"]) for row in rows}


def exchanges_report(network_ids, period: Period) -> ExchangesReport:
    """Exchanges of the period per month (purchases, swaps), by family of both sides, swaps by
    number of participants, commission."""
    months = {m: MonthRow(m) for m in period.months()}
    families = {pair: FamilyCell(*pair) for pair in PAIRS}
    purchases = (
        settled_purchases(network_ids, period.start_at, period.end_at)
        .annotate(
            month=_month("settlement__created_at"),
            bf=_family("buyer"),
            sf=_family("seller"),
        )
        .values("month", "bf", "sf")
        .annotate(n=Count("pk"), volume=Sum("total"))
    )
    for row in purchases:
        m = months.setdefault(row["month"], MonthRow(row["month"]))
        m.purchases += row["n"]
        m.purchase_volume += _int(row["volume"])
        cell = families[(row["bf"], row["sf"])]
        cell.exchanges += row["n"]
        cell.volume += _int(row["volume"])
    legs = (
        settled_legs(network_ids, period.start_at, period.end_at)
        .annotate(
            month=_month("proposal__settlement__created_at"),
            bf=_family("receiver"),
            sf=_family("giver"),
        )
        .values("month", "bf", "sf")
        .annotate(n=Count("pk"), volume=Sum("value"))
    )
    for row in legs:
        m = months.setdefault(row["month"], MonthRow(row["month"]))
        m.swap_legs += row["n"]
        m.swap_volume += _int(row["volume"])
        cell = families[(row["bf"], row["sf"])]
        cell.exchanges += row["n"]
        cell.volume += _int(row["volume"])
    swaps = (
        settled_proposals(network_ids, period.start_at, period.end_at)
        .annotate(month=_month("settlement__created_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    for row in swaps:
        months.setdefault(row["month"], MonthRow(row["month"])).swaps += row["n"]
    for month, amount in commission_by_month(network_ids, period).items():
        months.setdefault(month, MonthRow(month)).commission += amount

    # Legs are numbered 0..k-1 in each swap: the swaps with at least k participants are the
    # legs at position k-1, so one aggregate gives the distribution of cycle lengths.
    at_position = dict(
        settled_legs(network_ids, period.start_at, period.end_at)
        .values_list("position")
        .annotate(n=Count("pk"))
    )
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
    businesses that took part), with names; five grouped queries."""
    purchases = settled_purchases(network_ids, period.start_at, period.end_at)
    legs = settled_legs(network_ids, period.start_at, period.end_at)
    participants = ProposalParticipant.objects.filter(
        proposal__in=settled_proposals(network_ids, period.start_at, period.end_at).values("pk")
    ).order_by()
    if business_ids is not None:
        ids = list(business_ids)
        purchases_b = purchases.filter(buyer_id__in=ids)
        purchases_s = purchases.filter(seller_id__in=ids)
        legs_r = legs.filter(receiver_id__in=ids)
        legs_g = legs.filter(giver_id__in=ids)
        participants = participants.filter(business_id__in=ids)
    else:
        purchases_b = purchases_s = purchases
        legs_r = legs_g = legs
    flows: dict[int, BusinessFlows] = {}

    def get(pk: int) -> BusinessFlows:
        if pk not in flows:
            flows[pk] = BusinessFlows(pk)
        return flows[pk]

    for pk, n, total in purchases_b.values_list("buyer_id").annotate(n=Count("pk"), t=Sum("total")):
        f = get(pk)
        f.purchases, f.bought = n, _int(total)
    for pk, n, total, commission in purchases_s.values_list("seller_id").annotate(
        n=Count("pk"), t=Sum("total"), c=Sum("commission")
    ):
        f = get(pk)
        f.sales, f.sold, f.commission = n, _int(total), f.commission + _int(commission)
    for pk, n, total in legs_r.values_list("receiver_id").annotate(n=Count("pk"), t=Sum("value")):
        f = get(pk)
        f.legs_received, f.received = n, _int(total)
    for pk, n, total in legs_g.values_list("giver_id").annotate(n=Count("pk"), t=Sum("value")):
        f = get(pk)
        f.legs_given, f.given = n, _int(total)
    for pk, commission in (
        participants.filter(commission__gt=0)
        .values_list("business_id")
        .annotate(c=Sum("commission"))
    ):
        get(pk).commission += _int(commission)
    for pk, name, kind in Business.objects.filter(pk__in=list(flows)).values_list(
        "pk", "legal_name", "kind"
    ):
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


def cash_report(network_ids, period: Period) -> CashReport:
    flows = sorted(
        business_flows(network_ids, period).values(),
        key=lambda f: (-f.cash_preserved, -f.sold_in_credits, f.name),
    )
    by_family = {ESS: 0, CLASSIC: 0}
    for f in flows:
        by_family[ESS if f.is_social_economy else CLASSIC] += f.cash_preserved
    commission = sum(commission_by_month(network_ids, period).values())
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


def exchange_graph(network_ids, period: Period, *, top: int = 30) -> GraphReport:
    """Who trades with whom: the `top` businesses by volume (both sides) and the credits that
    flowed between each pair of them in the period (purchases and swap legs, buyer → seller)."""
    flows = business_flows(network_ids, period)
    ranked = sorted(flows.values(), key=lambda f: (-f.volume, f.name))[:top]
    ids = [f.business_id for f in ranked]
    pairs: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for buyer, seller, n, volume in (
        settled_purchases(network_ids, period.start_at, period.end_at)
        .filter(buyer_id__in=ids, seller_id__in=ids)
        .values_list("buyer_id", "seller_id")
        .annotate(n=Count("pk"), v=Sum("total"))
    ):
        pairs[(buyer, seller)][0] += n
        pairs[(buyer, seller)][1] += _int(volume)
    for buyer, seller, n, volume in (
        settled_legs(network_ids, period.start_at, period.end_at)
        .filter(receiver_id__in=ids, giver_id__in=ids)
        .values_list("receiver_id", "giver_id")
        .annotate(n=Count("pk"), v=Sum("value"))
    ):
        pairs[(buyer, seller)][0] += n
        pairs[(buyer, seller)][1] += _int(volume)
    edges = sorted(
        ((b, s, n, v) for (b, s), (n, v) in pairs.items()), key=lambda e: (-e[3], e[0], e[1])
    )
    return GraphReport(
        nodes=ranked,
        edges=edges,
        total_businesses=len(flows),
        shown_volume=sum(e[3] for e in edges),
        total_volume=sum(f.cash_preserved for f in flows.values()),
    )


# --- Members ------------------------------------------------------------------------------------


def traded_between(start: datetime, end: datetime, network_ids) -> Q:
    """Businesses with a settled exchange (either side) between start and end: four uncorrelated
    IN subqueries, which the database hashes once."""
    purchases = settled_purchases(network_ids, start, end)
    legs = settled_legs(network_ids, start, end)
    return (
        Q(pk__in=purchases.values("buyer_id"))
        | Q(pk__in=purchases.values("seller_id"))
        | Q(pk__in=legs.values("receiver_id"))
        | Q(pk__in=legs.values("giver_id"))
    )


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


def members_counts(network_ids, period: Period, thresholds: Thresholds, *, group_by=()):
    """Counts of businesses per (status, *group_by): all, registered in the period, trading in
    the period, dormant (active without any exchange in the last N days before the period's
    reference instant)."""
    reference = period.reference_at
    since = reference - timezone.timedelta(days=thresholds.dormant_days)
    qs = Business.objects.filter(network_id__in=network_ids).order_by()
    return (
        qs.values("status", *group_by)
        .annotate(
            n=Count("pk"),
            new=Count(
                "pk", filter=Q(created_at__gte=period.start_at, created_at__lt=period.end_at)
            ),
            trading=Count("pk", filter=traded_between(period.start_at, period.end_at, network_ids)),
            dormant=Count(
                "pk",
                filter=Q(status=BusinessStatus.ACTIVE, created_at__lt=since)
                & ~traded_between(since, reference, network_ids),
            ),
        )
        .order_by("status", *group_by)
    ), since


def members_report(network_ids, period: Period, thresholds: Thresholds) -> MembersReport:
    from barter.models import BusinessKind, Sector

    rows, since = members_counts(network_ids, period, thresholds, group_by=("kind", "sector"))
    total = MemberGroup("total")
    kinds = {k.value: MemberGroup(k.value, str(k.label)) for k in BusinessKind}
    sectors = {s.value: MemberGroup(s.value, str(s.label)) for s in Sector}
    for row in rows:
        g = MemberGroup(row["status"])
        g.members = row["n"]
        if row["status"] in ("active", "pending", "suspended", "rejected"):
            setattr(g, row["status"], row["n"])
        g.new, g.trading, g.dormant = row["new"], row["trading"], row["dormant"]
        total.add(g)
        kinds.setdefault(row["kind"], MemberGroup(row["kind"], row["kind"])).add(g)
        sectors.setdefault(row["sector"], MemberGroup(row["sector"], row["sector"])).add(g)
    from django.utils.translation import gettext as _

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
    """The dormant members themselves (for the export), with the date of their last exchange."""
    reference = period.reference_at
    since = reference - timezone.timedelta(days=thresholds.dormant_days)
    return (
        Business.objects.filter(
            network_id__in=network_ids, status=BusinessStatus.ACTIVE, created_at__lt=since
        )
        .exclude(traded_between(since, reference, network_ids))
        .order_by("legal_name", "pk")
    )


# --- Balances -----------------------------------------------------------------------------------


def _dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _in(values) -> tuple[str, list]:
    values = list(values)
    return ", ".join(["%s"] * len(values)), values


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
    moved = (
        "SELECT p.account_id, SUM(p.amount) AS amount FROM ledger_posting p "  # noqa: S608
        "JOIN ledger_journaltransaction t ON t.id = p.transaction_id "
        f"WHERE t.network_id IN ({marks}) AND t.created_at {operator} %s GROUP BY p.account_id"
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
    return sql, [*ids, _dt(at), *ids, _dt(at)]


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    listed = _run(
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
    purchases = settled_purchases(network_ids, period.start_at, period.end_at).aggregate(
        v=Sum("total")
    )["v"]
    legs = settled_legs(network_ids, period.start_at, period.end_at).aggregate(v=Sum("value"))["v"]
    return _int(purchases) + _int(legs)


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


def listings_report(network_ids, period: Period) -> ListingsReport:
    """Offers and wants on the marketplace now, per root category; the wants no settled swap
    has met (per category: what the territory lacks); unused assets put back to use in the
    period."""
    categories = {c.pk: c for c in Category.objects.all()}
    rows: dict[int, CategoryRow] = {}

    def row(pk: int) -> CategoryRow:
        if pk not in rows:
            rows[pk] = CategoryRow(pk, categories[pk].name)
        return rows[pk]

    active = Listing.objects.filter(
        business__network_id__in=network_ids,
        business__status=BusinessStatus.ACTIVE,
        status=ListingStatus.ACTIVE,
    ).order_by()
    for root, kind, n in (
        active.annotate(root=_root()).values_list("root", "kind").annotate(n=Count("pk"))
    ):
        if kind == ListingKind.OFFER:
            row(root).offers += n
        else:
            row(root).wants += n

    unmet = active.filter(kind=ListingKind.WANT).exclude(
        Exists(
            ProposalLeg.objects.filter(want=OuterRef("pk"), proposal__status=ProposalStatus.SETTLED)
        )
    )
    leaves: dict[int, CategoryRow] = {}
    for category_id, n, budget in unmet.values_list("category_id").annotate(
        n=Count("pk"), b=Sum("value")
    ):
        root = categories[category_id].parent_id or category_id
        row(root).unmet_wants += n
        row(root).unmet_budget += _int(budget)
        leaf = leaves.setdefault(
            category_id, CategoryRow(category_id, categories[category_id].name)
        )
        leaf.unmet_wants += n
        leaf.unmet_budget += _int(budget)
        leaf.name = (
            f"{categories[root].name} › {categories[category_id].name}"
            if root != category_id
            else categories[category_id].name
        )

    purchases = settled_purchases(network_ids, period.start_at, period.end_at).filter(
        listing__nature=ListingNature.ASSET
    )
    legs = settled_legs(network_ids, period.start_at, period.end_at).filter(
        offer__nature=ListingNature.ASSET
    )
    for root, n, volume in (
        purchases.annotate(root=_root("listing__category"))
        .values_list("root")
        .annotate(n=Count("pk"), v=Sum("total"))
    ):
        row(root).asset_exchanges += n
        row(root).asset_volume += _int(volume)
    for root, n, volume in (
        legs.annotate(root=_root("offer__category"))
        .values_list("root")
        .annotate(n=Count("pk"), v=Sum("value"))
    ):
        row(root).asset_exchanges += n
        row(root).asset_volume += _int(volume)
    reused = (
        Listing.objects.filter(nature=ListingNature.ASSET)
        .filter(Q(pk__in=purchases.values("listing_id")) | Q(pk__in=legs.values("offer_id")))
        .order_by()
        .annotate(root=_root())
        .values_list("root")
        .annotate(n=Count("pk"))
    )
    for root, n in reused:
        row(root).assets_reused += n

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


def key_figures(networks, period: Period, thresholds: Thresholds) -> list[KeyFigures]:
    """The headline measures of each network, side by side: one grouped query per measure."""
    networks = list(networks)
    ids = [n.pk for n in networks]
    figures = {n.pk: KeyFigures(n) for n in networks}
    if not ids:
        return []

    rows, _since = members_counts(ids, period, thresholds, group_by=("network_id",))
    for row in rows:
        f = figures[row["network_id"]]
        f.members += row["n"]
        f.active += row["n"] if row["status"] == BusinessStatus.ACTIVE else 0
        f.new += row["new"]
        f.trading += row["trading"]
        f.dormant += row["dormant"]

    mixed = ~Q(bf=F("sf"))
    for row in (
        settled_purchases(ids, period.start_at, period.end_at)
        .annotate(bf=_family("buyer"), sf=_family("seller"))
        .values("settlement__network_id")
        .annotate(n=Count("pk"), v=Sum("total"), mixed=Coalesce(Sum("total", filter=mixed), 0))
    ):
        f = figures[row["settlement__network_id"]]
        f.purchases, f.purchase_volume = row["n"], _int(row["v"])
        f.mixed_volume += _int(row["mixed"])
    for row in (
        settled_legs(ids, period.start_at, period.end_at)
        .annotate(bf=_family("receiver"), sf=_family("giver"))
        .values("proposal__settlement__network_id")
        .annotate(n=Count("pk"), v=Sum("value"), mixed=Coalesce(Sum("value", filter=mixed), 0))
    ):
        f = figures[row["proposal__settlement__network_id"]]
        f.swap_legs, f.swap_volume = row["n"], _int(row["v"])
        f.mixed_volume += _int(row["mixed"])
    for network_id, n in (
        settled_proposals(ids, period.start_at, period.end_at)
        .values_list("settlement__network_id")
        .annotate(n=Count("pk"))
    ):
        figures[network_id].swaps = n
    for network_id, total in (
        Posting.objects.filter(
            account__kind=AccountKind.NETWORK,
            transaction__network_id__in=ids,
            transaction__kind__in=[TransactionKind.PURCHASE, TransactionKind.SWAP],
            transaction__reversed_by__isnull=True,
            transaction__created_at__gte=period.start_at,
            transaction__created_at__lt=period.end_at,
        )
        .order_by()
        .values_list("transaction__network_id")
        .annotate(t=Sum("amount"))
    ):
        figures[network_id].commission = _int(total)

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
        Listing.objects.filter(
            business__network_id__in=ids,
            business__status=BusinessStatus.ACTIVE,
            status=ListingStatus.ACTIVE,
            kind=ListingKind.WANT,
        )
        .exclude(
            Exists(
                ProposalLeg.objects.filter(
                    want=OuterRef("pk"), proposal__status=ProposalStatus.SETTLED
                )
            )
        )
        .order_by()
        .values_list("business__network_id")
        .annotate(n=Count("pk"))
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
    purchases: list  # Purchase rows, as buyer or seller
    legs: list  # ProposalLeg rows, as giver or receiver
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
        .select_related("buyer", "seller", "listing", "settlement")
        .order_by("-settlement__created_at", "-pk")[:limit]
    )
    legs = list(
        settled_legs(network_ids, period.start_at, period.end_at)
        .filter(Q(giver=business) | Q(receiver=business))
        .select_related("giver", "receiver", "offer", "proposal__settlement")
        .order_by("-proposal__settlement__created_at", "-pk")[:limit]
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
