"""Report: the exchanges of a period, per month, by family of both sides, swaps by number of
participants, and the commission collected."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ..periods import Period
from .lines import lines_sql, month_bucket_sql
from .shared import CLASSIC, ESS, PAIRS, PURCHASE, as_int, fetch_all, ratio


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
    rows = fetch_all(
        f"WITH lines AS ({lines}) SELECT network_id, SUM(fee) FROM lines "  # noqa: S608
        "WHERE fee <> 0 GROUP BY network_id",
        params,
    )
    return {network_id: as_int(total) for network_id, total in rows}


def exchanges_report(network_ids, period: Period) -> ExchangesReport:
    """Exchanges of the period per month (purchases, swaps), by family of both sides, swaps by
    number of participants, commission: one pass over the period's exchange lines."""
    months = {m: MonthRow(m) for m in period.months()}
    month_list = list(months)
    families = {pair: FamilyCell(*pair) for pair in PAIRS}
    lines, params = lines_sql(network_ids, period.start_at, period.end_at, families=True)
    bucket, bucket_params = month_bucket_sql(period)
    rows = fetch_all(
        f"WITH lines AS ({lines}) SELECT {bucket} AS m, src, bf, sf, position, COUNT(*), "  # noqa: S608
        "SUM(value), SUM(fee) FROM lines GROUP BY m, src, bf, sf, position",
        [*params, *bucket_params],
    )
    at_position: dict[int, int] = defaultdict(int)
    for index, src, bf, sf, position, n, volume, fee in rows:
        m = months[month_list[index]]
        volume = as_int(volume)
        m.commission += as_int(fee)
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


def exchanges_volume(network_ids, period: Period) -> int:
    """The period's volume: purchases' totals plus swap legs' values."""
    lines, params = lines_sql(network_ids, period.start_at, period.end_at)
    return as_int(fetch_all(f"WITH lines AS ({lines}) SELECT SUM(value) FROM lines", params)[0][0])  # noqa: S608
