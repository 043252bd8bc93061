"""The tables behind the charts: one definition serves the page, the CSV and XLSX exports and the
French PDF. Titles, column labels and the labels in rows are lazy translations: they are
rendered in the language active where they are rendered — the reader's on the page and in the
exports, French in the PDF (reports/pdf.py renders under `translation.override("fr")`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .selectors import (
    CLASSIC,
    ESS,
    BalancesReport,
    CashReport,
    ExchangesReport,
    FunnelReport,
    GraphReport,
    KeyFigures,
    ListingsReport,
    MembersReport,
)

TEXT, INT, MONEY, PERCENT, DECIMAL, DATE, MONTH, DATETIME = (
    "text",
    "int",
    "money",
    "percent",
    "decimal",
    "date",
    "month",
    "datetime",
)


@dataclass(frozen=True)
class Column:
    label: Any  # a lazy translation
    kind: str = TEXT


@dataclass
class Table:
    slug: str
    title: Any  # a lazy translation
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None  # the footer row, if any
    row_kinds: list[str] | None = None  # a table of measures: the kind of each row's values
    truncated: int = 0  # rows left out of the page (the exports hold them all)

    def kind_of(self, row: int, column: int) -> str:
        if self.row_kinds is not None and column > 0:
            return self.row_kinds[row] if row < len(self.row_kinds) else TEXT
        return self.columns[column].kind

    def head(self, limit: int | None) -> Table:
        """The same table with its first `limit` rows only (for a page)."""
        if limit is None or len(self.rows) <= limit:
            return self
        return Table(
            self.slug,
            self.title,
            self.columns,
            self.rows[:limit],
            self.total,
            self.row_kinds,
            len(self.rows) - limit,
        )


def family_label(key: str):
    return _("Social and solidarity economy") if key == ESS else _("Classic business")


def local_date(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value else None


# --- Members ------------------------------------------------------------------------------------

MEMBER_COLUMNS = [
    Column(_("Members"), INT),
    Column(pgettext_lazy("members", "Active"), INT),
    Column(_("Pending"), INT),
    Column(pgettext_lazy("members", "Suspended"), INT),
    Column(_("New in the period"), INT),
    Column(_("Trading in the period"), INT),
    Column(_("Dormant"), INT),
]


def _member_values(g) -> list:
    return [g.members, g.active, g.pending, g.suspended, g.new, g.trading, g.dormant]


def members_tables(report: MembersReport) -> list[Table]:
    family = Table(
        "members-family",
        _("Members by family"),
        [Column(_("Family")), *MEMBER_COLUMNS],
        [[family_label(g.key), *_member_values(g)] for g in report.by_family],
        ["Total", *_member_values(report.total)],
    )
    kind = Table(
        "members-kind",
        _("Members by legal form"),
        [Column(_("Legal form")), *MEMBER_COLUMNS],
        [[g.label, *_member_values(g)] for g in report.by_kind],
        ["Total", *_member_values(report.total)],
    )
    sector = Table(
        "members-sector",
        _("Members by sector"),
        [Column(_("Sector")), *MEMBER_COLUMNS],
        [[g.label, *_member_values(g)] for g in report.by_sector],
        ["Total", *_member_values(report.total)],
    )
    return [family, kind, sector]


def dormant_table(businesses, last_exchanges: dict[int, datetime | None]) -> Table:
    return Table(
        "members-dormant",
        _("Dormant members"),
        [
            Column(_("Business")),
            Column(_("SIRET")),
            Column(_("Legal form")),
            Column(_("Commune")),
            Column(_("Registered on"), DATE),
            Column(_("Last exchange"), DATE),
        ],
        [
            [
                b.legal_name,
                b.siret,
                str(b.get_kind_display()),
                b.commune,
                local_date(b.created_at),
                local_date(last_exchanges.get(b.pk)),
            ]
            for b in businesses
        ],
    )


# --- Exchanges ----------------------------------------------------------------------------------


def exchanges_tables(report: ExchangesReport) -> list[Table]:
    t = report.total
    monthly = Table(
        "exchanges-monthly",
        _("Exchanges per month"),
        [
            Column(_("Month"), MONTH),
            Column(_("Direct purchases"), INT),
            Column(_("Purchase volume (credits)"), MONEY),
            Column(pgettext_lazy("multilateral", "Swaps"), INT),
            Column(_("Swap legs"), INT),
            Column(_("Swap volume (credits)"), MONEY),
            Column(_("Total volume (credits)"), MONEY),
            Column(_("Commission (credits)"), MONEY),
        ],
        [
            [
                m.month,
                m.purchases,
                m.purchase_volume,
                m.swaps,
                m.swap_legs,
                m.swap_volume,
                m.volume,
                m.commission,
            ]
            for m in report.months
        ],
        [
            "Total",
            t.purchases,
            t.purchase_volume,
            t.swaps,
            t.swap_legs,
            t.swap_volume,
            t.volume,
            t.commission,
        ],
    )
    total_volume = t.volume
    families = Table(
        "exchanges-families",
        _("Exchanges between social economy and classic firms"),
        [
            Column(_("Buyer or receiver")),
            Column(_("Seller or giver")),
            Column(_("Exchanges"), INT),
            Column(_("Volume (credits)"), MONEY),
            Column(_("Share of the volume"), PERCENT),
        ],
        [
            [
                family_label(c.buyer),
                family_label(c.seller),
                c.exchanges,
                c.volume,
                c.volume / total_volume if total_volume else None,
            ]
            for c in report.families
        ],
        ["Total", "", sum(c.exchanges for c in report.families), total_volume, None],
    )
    cycles = Table(
        "exchanges-cycles",
        _("Swaps by number of participants"),
        [
            Column(_("Participants"), INT),
            Column(pgettext_lazy("multilateral", "Swaps"), INT),
        ],
        [[k, n] for k, n in report.cycle_lengths],
        ["Total", t.swaps],
    )
    return [monthly, families, cycles]


# --- Cash preserved -----------------------------------------------------------------------------

CASH_COLUMNS = [
    Column(_("Business")),
    Column(_("Family")),
    Column(_("Bought (credits)"), MONEY),
    Column(_("Received in swaps (credits)"), MONEY),
    Column(_("Cash preserved (€)"), MONEY),
    Column(_("Sold (credits)"), MONEY),
    Column(_("Given in swaps (credits)"), MONEY),
    Column(_("Commission paid (credits)"), MONEY),
    Column(_("Net credits"), MONEY),
]


def cash_table(report: CashReport) -> Table:
    flows = report.businesses
    families = {ESS: family_label(ESS), CLASSIC: family_label(CLASSIC)}  # once, not per row
    table = Table(
        "cash-businesses",
        _("Cash preserved per business"),
        CASH_COLUMNS,
        [
            [
                f.name,
                families[ESS if f.is_social_economy else CLASSIC],
                f.bought,
                f.received,
                f.cash_preserved,
                f.sold,
                f.given,
                f.commission,
                f.net,
            ]
            for f in flows
        ],
        [
            "Total",
            "",
            sum(f.bought for f in report.businesses),
            sum(f.received for f in report.businesses),
            report.total_preserved,
            sum(f.sold for f in report.businesses),
            sum(f.given for f in report.businesses),
            sum(f.commission for f in report.businesses),
            sum(f.net for f in report.businesses),
        ],
    )
    return table


# --- Balances -----------------------------------------------------------------------------------


def bucket_label(low: int | None, high: int | None, *, fmt) -> str:
    if low is None:
        return f"< {fmt(high)}"
    if high is None:
        return f"≥ {fmt(low)}"
    return f"{fmt(low)} … {fmt(high)}"


def balances_tables(report: BalancesReport, *, fmt) -> list[Table]:
    histogram = Table(
        "balances-histogram",
        _("Distribution of the balances"),
        [
            Column(_("Balance (credits)")),
            Column(_("Accounts"), INT),
        ],
        [[bucket_label(b.low, b.high, fmt=fmt), b.accounts] for b in report.buckets],
        ["Total", report.accounts],
    )
    account_columns = [
        Column(_("Business")),
        Column(_("Balance (credits)"), MONEY),
        Column(_("Held (credits)"), MONEY),
        Column(_("Credit limit (credits)"), MONEY),
        Column(_("Limit used"), PERCENT),
    ]
    near = Table(
        "balances-near-limit",
        _("Accounts near or at their credit limit"),
        account_columns,
        [
            [
                a.name,
                a.balance,
                a.held,
                a.credit_limit,
                None if a.used_percent is None else a.used_percent / 100,
            ]
            for a in report.near_limit
        ],
    )
    large = Table(
        "balances-large",
        _("Accounts with a large positive balance"),
        account_columns[:2] + account_columns[3:4],
        [[a.name, a.balance, a.credit_limit] for a in report.large],
    )
    return [histogram, near, large]


# --- Listings -----------------------------------------------------------------------------------


def listings_tables(report: ListingsReport) -> list[Table]:
    t = report.total
    categories = Table(
        "listings-categories",
        _("Listings per category"),
        [
            Column(_("Category")),
            Column(_("Offers"), INT),
            Column(_("Wants"), INT),
            Column(_("Unmet wants"), INT),
            Column(_("Unused assets put back to use"), INT),
            Column(_("Their exchanges"), INT),
            Column(_("Their volume (credits)"), MONEY),
        ],
        [
            [
                r.name,
                r.offers,
                r.wants,
                r.unmet_wants,
                r.assets_reused,
                r.asset_exchanges,
                r.asset_volume,
            ]
            for r in report.by_root
        ],
        [
            "Total",
            t.offers,
            t.wants,
            t.unmet_wants,
            t.assets_reused,
            t.asset_exchanges,
            t.asset_volume,
        ],
    )
    unmet = Table(
        "listings-unmet",
        _("Unmet wants by category: what the territory lacks"),
        [
            Column(_("Category")),
            Column(_("Unmet wants"), INT),
            Column(_("Their budgets (credits)"), MONEY),
        ],
        [[r.name, r.unmet_wants, r.unmet_budget] for r in report.unmet_by_category],
        ["Total", t.unmet_wants, t.unmet_budget],
    )
    return [categories, unmet]


# --- Matching funnel ----------------------------------------------------------------------------


def funnel_table(report: FunnelReport) -> Table:
    t = report.total
    return Table(
        "funnel-runs",
        _("Matching funnel per run"),
        [
            Column(_("Run")),
            Column(_("Started"), DATETIME),
            Column(_("Proposals"), INT),
            Column(_("Accepted by all"), INT),
            Column(pgettext_lazy("proposals", "Settled"), INT),
            Column(pgettext_lazy("proposals", "Declined"), INT),
            Column(pgettext_lazy("proposals", "Expired"), INT),
            Column(_("Still open"), INT),
            Column(_("Acceptance rate"), PERCENT),
            Column(_("Settlement rate"), PERCENT),
            Column(_("Decline rate"), PERCENT),
            Column(_("Expiry rate"), PERCENT),
        ],
        [
            [
                f"#{r.run_id}",
                r.created_at,
                r.proposals,
                r.accepted,
                r.settled,
                r.declined,
                r.expired,
                r.open,
                r.acceptance_rate,
                r.settlement_rate,
                r.decline_rate,
                r.expiry_rate,
            ]
            for r in report.runs
        ],
        [
            "Total",
            None,
            t.proposals,
            t.accepted,
            t.settled,
            t.declined,
            t.expired,
            t.open,
            t.acceptance_rate,
            t.settlement_rate,
            t.decline_rate,
            t.expiry_rate,
        ],
    )


# --- The exchange network -----------------------------------------------------------------------


def graph_table(report: GraphReport) -> Table:
    names = {n.business_id: n.name for n in report.nodes}
    edges = report.edges
    return Table(
        "network-pairs",
        _("Who trades with whom (the most active businesses)"),
        [
            Column(_("Buyer or receiver")),
            Column(_("Seller or giver")),
            Column(_("Exchanges"), INT),
            Column(_("Volume (credits)"), MONEY),
        ],
        [[names[b], names[s], n, v] for b, s, n, v in edges],
        ["Total", "", sum(e[2] for e in report.edges), report.shown_volume],
    )


# --- Key figures (summary and federation) -------------------------------------------------------

KEY_FIGURE_ROWS = [
    # attribute, label, kind
    ("active", _("Active members"), INT),
    ("new", _("New members in the period"), INT),
    ("trading", _("Members trading in the period"), INT),
    ("trading_share", _("Share of active members trading"), PERCENT),
    ("dormant", _("Dormant members"), INT),
    ("purchases", _("Direct purchases"), INT),
    ("swaps", _("Multilateral swaps"), INT),
    ("average_cycle_length", _("Average swap length (participants)"), DECIMAL),
    ("volume", _("Volume (credits)"), MONEY),
    ("cash_preserved", _("Cash preserved (€)"), MONEY),
    ("commission", _("Commission collected (credits)"), MONEY),
    ("mixed_share", _("Volume between social economy and classic firms"), PERCENT),
    ("velocity", _("Velocity of credit"), DECIMAL),
    ("near_limit", _("Accounts near their credit limit"), INT),
    ("large_balances", _("Accounts with a large positive balance"), INT),
    ("unmet_wants", _("Unmet wants"), INT),
    ("proposals", _("Swap proposals"), INT),
    ("acceptance_rate", _("Proposals accepted by all"), PERCENT),
    ("decline_rate", _("Proposals declined"), PERCENT),
    ("expiry_rate", _("Proposals expired"), PERCENT),
]


def federation_table(figures: list[KeyFigures]) -> Table:
    """The key measures, one column per network (the federation view)."""
    return Table(
        "federation",
        _("Key figures per network"),
        [Column(_("Measure"))] + [Column(f.network.name, TEXT) for f in figures],
        [[label, *[getattr(f, attr) for f in figures]] for attr, label, _kind in KEY_FIGURE_ROWS],
        row_kinds=[kind for _attr, _label, kind in KEY_FIGURE_ROWS],
    )


def key_figures_table(figure: KeyFigures) -> Table:
    return Table(
        "key-figures",
        _("Key figures"),
        [Column(_("Measure")), Column(_("Value"))],
        [[label, getattr(figure, attr)] for attr, label, _kind in KEY_FIGURE_ROWS],
        row_kinds=[kind for _attr, _label, kind in KEY_FIGURE_ROWS],
    )


# --- A business's own report --------------------------------------------------------------------


def business_tables(report) -> list[Table]:
    business = report.business
    f = report.flows
    summary = Table(
        "business-summary",
        _("Exchanges of the period"),
        [Column(_("Measure")), Column(_("Value"))],
        [
            [_("Bought (credits)"), f.bought],
            [_("Received in swaps (credits)"), f.received],
            [_("Cash preserved (€)"), f.cash_preserved],
            [_("Sold (credits)"), f.sold],
            [_("Given in swaps (credits)"), f.given],
            [_("Commission paid (credits)"), f.commission],
            [_("Net credits"), f.net],
            [_("Opening balance (credits)"), report.opening_balance],
            [_("Closing balance (credits)"), report.closing_balance],
        ],
        row_kinds=[MONEY] * 9,
    )
    purchases = Table(
        "business-purchases",
        _("Direct purchases and sales"),
        [
            Column(_("Date"), DATETIME),
            Column(_("Role")),
            Column(_("Counterpart")),
            Column(_("Listing")),
            Column(_("Quantity"), INT),
            Column(_("Total incl. VAT (credits)"), MONEY),
            Column(_("Commission (credits)"), MONEY),
        ],
        [
            [
                p["at"],
                _("Bought") if p["buyer_id"] == business.pk else _("Sold"),
                p["seller_name"] if p["buyer_id"] == business.pk else p["buyer_name"],
                p["title"],
                p["quantity"],
                p["total"],
                p["commission"] if p["seller_id"] == business.pk else None,
            ]
            for p in report.purchases
        ],
    )
    swaps = Table(
        "business-swaps",
        pgettext_lazy("multilateral", "Swaps"),
        [
            Column(_("Date"), DATETIME),
            Column(_("Swap")),
            Column(_("Role")),
            Column(_("Counterpart")),
            Column(_("Listing")),
            Column(_("Value incl. VAT (credits)"), MONEY),
        ],
        [
            [
                leg["at"],
                f"#{leg['proposal_id']}",
                _("Received") if leg["receiver_id"] == business.pk else _("Given"),
                leg["giver_name"] if leg["receiver_id"] == business.pk else leg["receiver_name"],
                leg["title"],
                leg["value"],
            ]
            for leg in report.legs
        ],
    )
    balance = Table(
        "business-balance",
        _("Balance over time"),
        [
            Column(_("Day"), DATE),
            Column(
                _("Balance at the end of the day (credits)"),
                MONEY,
            ),
        ],
        [[day, value] for day, value in report.balance_points],
    )
    return [summary, purchases, swaps, balance]
