"""Report: the key figures of each network side by side (the dashboard's summary and the
federation view), from the other reports' statements where they were read already."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count

from barter.models import BusinessStatus, Network
from matching.models import Proposal

from ..forms import DEFAULT_LARGE_BALANCE_RATIO, Thresholds
from ..periods import Period
from .balances import balances_sql
from .exchanges import MonthRow
from .funnel import funnel_counts
from .lines import lines_sql, month_bucket_sql
from .listings import unmet_wants
from .members import members_select_sql
from .shared import PURCHASE, as_int, fetch_all, ratio


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
        for network_id, status, n, new, trading, dormant in fetch_all(select, select_params):
            f = figures[network_id]
            f.members += n
            f.active += n if status == BusinessStatus.ACTIVE else 0
            f.new += as_int(new)
            f.trading += as_int(trading)
            f.dormant += as_int(dormant)

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
    for network_id, k1, k2, k3, k4, n, x, fee in fetch_all(
        f"WITH lines AS ({lines}) SELECT network_id, {bucket} AS m, src, bf * 2 + sf AS fam, "  # noqa: S608
        "position, COUNT(*), SUM(value), SUM(fee) FROM lines "
        "GROUP BY network_id, m, src, fam, position",
        [*lines_params, *bucket_params],
    ):
        f = figures[network_id]
        m, volume = f.months[month_list[k1]], as_int(x)
        f.commission += as_int(fee)
        m.commission += as_int(fee)
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
        f.absolute_total, f.outstanding = as_int(absolute), as_int(positive)
        f.near_limit, f.large_balances = as_int(near), as_int(large)
    start_table, start_params = balances_sql(ids, period.start_at)
    for network_id, absolute in fetch_all(
        "SELECT b.network_id, SUM(CASE WHEN b.balance < 0 THEN -b.balance ELSE b.balance END) "  # noqa: S608
        f"FROM ({start_table}) b GROUP BY b.network_id",
        start_params,
    ):
        figures[network_id].absolute_total_start = as_int(absolute)

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
        .annotate(**funnel_counts())
    ):
        f = figures[row["network_id"]]
        f.proposals, f.proposals_accepted = row["n"], row["accepted"]
        f.proposals_settled, f.proposals_declined = row["settled"], row["declined"]
        f.proposals_expired = row["expired"]
    return [figures[pk] for pk in ids]


def _balance_counts(network_ids, at: datetime | None, thresholds: Thresholds) -> list[tuple]:
    """Per network: sum of |balance|, sum of positive balances, accounts near their limit,
    accounts with a large balance, at `at` (now when None)."""
    table, params = balances_sql(network_ids, at)
    used = "(b.balance - b.held)" if at is None else "b.balance"
    share = thresholds.near_limit_percent
    if thresholds.large_balance is not None:
        large, large_params = "b.balance >= %s", [thresholds.large_balance]
    else:
        large = "b.balance >= n.default_credit_limit * %s"
        large_params = [DEFAULT_LARGE_BALANCE_RATIO]
    return fetch_all(
        "SELECT b.network_id, "  # noqa: S608
        "SUM(CASE WHEN b.balance < 0 THEN -b.balance ELSE b.balance END), "
        "SUM(CASE WHEN b.balance > 0 THEN b.balance ELSE 0 END), "
        f"SUM(CASE WHEN (b.credit_limit > 0 AND {used} < 0 AND -{used} * 100 >= "
        f"b.credit_limit * %s) OR (b.credit_limit = 0 AND {used} < 0) THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN b.balance > 0 AND {large} THEN 1 ELSE 0 END) "
        f"FROM ({table}) b JOIN barter_network n ON n.id = b.network_id GROUP BY b.network_id",
        [share, *large_params, *params],
    )
