"""Report: the members, by family, legal form and sector: registered, trading in the period,
dormant (active but without an exchange for N days), and the dormant ones by name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from barter.models import SOCIAL_ECONOMY_KINDS, Business, BusinessStatus

from ..forms import Thresholds
from ..models import ExchangeLine
from ..periods import Period
from .lines import lines_sql, reversed_transactions
from .shared import CLASSIC, ESS, as_int, db_datetime, fetch_all, placeholders


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
        (f" AND x.transaction_id NOT IN ({placeholders(reversed_ids)[0]})", reversed_ids)
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
        params += [db_datetime(start), db_datetime(end), *excluded_params]
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
    marks, ids = placeholders(network_ids)
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
        db_datetime(start),
        db_datetime(end),
        *trading_params,
        BusinessStatus.ACTIVE,
        db_datetime(since),
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
    for kind, sector, status, n, new, trading, dormant in fetch_all(select, select_params):
        g = MemberGroup(status)
        g.members = n
        if status in ("active", "pending", "suspended", "rejected"):
            setattr(g, status, n)
        g.new, g.trading, g.dormant = as_int(new), as_int(trading), as_int(dormant)
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
