"""Report: the balances at the period's reference instant, their distribution, the accounts near
or at their credit limit and those holding a large positive balance; the velocity of credit.
`balances_sql` (the accounts' balances at an instant) serves the key figures too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Min
from django.utils import timezone

from ledger.models import JournalTransaction

from ..forms import DEFAULT_LARGE_BALANCE_RATIO, Thresholds
from ..periods import Period
from .exchanges import exchanges_volume
from .shared import as_int, db_datetime, fetch_all, placeholders, ratio


def balances_sql(network_ids, at: datetime | None) -> tuple[str, list]:
    """SQL of a derived table (account_id, network_id, business_id, credit_limit, held, balance)
    of the accounts of the businesses registered before `at`, with their balance at `at` (now
    when None).

    The balance at an instant is the sum of the postings dated before it. It is computed from
    whichever side is shorter: the postings before `at`, or the current balance minus the
    postings since `at`; with `at` in the future, the current balance.
    """
    marks, ids = placeholders(network_ids)
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
    return sql, [*ids, db_datetime(at), bound or 0, *ids, db_datetime(at)]


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
    table, table_params = balances_sql(network_ids, None if is_current else at)
    edges = histogram_edges(default_limit)
    case, case_params = _bucket_case(edges)
    rows = fetch_all(
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
        at_zero += as_int(zero)
        outstanding += as_int(positive)
        absolute += as_int(absolute_sum)

    start_table, start_params = balances_sql(network_ids, period.start_at)
    absolute_start = as_int(
        fetch_all(
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
        else fetch_all(
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
            near_count, at_limit_count = n, as_int(at_limit_n)
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
