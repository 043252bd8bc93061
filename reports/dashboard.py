"""The dashboard's sections, assembled from the selectors: for each, its key figures, its charts
(specs for Chart.js and the SVG of the PDF) and the tables behind them. The pages, the exports
and the PDF all take their content from here, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from barter.models import Network

from . import charts, selectors, tables
from .charts import credits, spec
from .forms import DEFAULT_LARGE_BALANCE_RATIO, Thresholds
from .periods import Period
from .tables import DECIMAL, INT, MONEY, PERCENT, Table

PAGE_ROWS = 50  # rows of a long table shown on a page; the exports hold them all
PDF_ROWS = 25  # and in the PDF


@dataclass
class Figure:
    label: Any  # a lazy translation
    kind: str
    value: Any


@dataclass
class Section:
    key: str
    title: Any  # a lazy translation
    figures: list[Figure] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def svg_charts(self) -> list[tuple[dict, str]]:
        return [(chart, charts.svg_chart(chart)) for chart in self.charts]

    def table(self, slug: str) -> Table | None:
        return next((t for t in self.tables if t.slug == slug), None)


@dataclass
class Context:
    """One network's dashboard for one period and thresholds. The reads several sections share
    (members, exchanges, the businesses' flows) are made once per context — that is, once per
    request: the PDF and the workbook, which hold every section, do not read them twice."""

    network: Network
    period: Period
    thresholds: Thresholds
    _reads: dict = field(default_factory=dict, repr=False)

    @property
    def ids(self) -> list[int]:
        return [self.network.pk]

    def _once(self, key: str, read):
        if key not in self._reads:
            self._reads[key] = read()
        return self._reads[key]

    def members(self) -> selectors.MembersReport:
        return self._once(
            "members", lambda: selectors.members_report(self.ids, self.period, self.thresholds)
        )

    def exchanges(self) -> selectors.ExchangesReport:
        return self._once("exchanges", lambda: selectors.exchanges_report(self.ids, self.period))

    def flows(self) -> dict:
        return self._once("flows", lambda: selectors.business_flows(self.ids, self.period))

    def read(self, key: str):
        return self._reads.get(key)

    @property
    def large_threshold(self) -> int:
        if self.thresholds.large_balance is not None:
            return self.thresholds.large_balance
        return int(self.network.default_credit_limit * DEFAULT_LARGE_BALANCE_RATIO)


def _month_labels(months) -> list[str]:
    from django.utils import formats

    return [formats.date_format(m.month, "N Y") for m in months]


# --- Members ------------------------------------------------------------------------------------


def last_exchange_dates(business_ids) -> dict[int, Any]:
    """The date of each business's last settled exchange, on either side (for a short list)."""
    from barter.models import Business, Purchase
    from matching.models import ProposalLeg

    business_ids = list(business_ids)
    if not business_ids:
        return {}
    reversed_ids = selectors.reversed_transactions(
        Business.objects.filter(pk__in=business_ids).values("network_id").distinct()
    )

    def latest(model, field_name, path):
        return Subquery(
            model.objects.filter(**{field_name: OuterRef("pk"), f"{path}__isnull": False})
            .exclude(**{f"{path.rsplit('__', 1)[0]}_id__in": reversed_ids})
            .order_by()
            .values(field_name)
            .annotate(last=Max(path))
            .values("last")
        )

    rows = (
        Business.objects.filter(pk__in=business_ids)
        .annotate(
            b=latest(Purchase, "buyer", "settlement__created_at"),
            s=latest(Purchase, "seller", "settlement__created_at"),
            r=latest(ProposalLeg, "receiver", "proposal__settlement__created_at"),
            g=latest(ProposalLeg, "giver", "proposal__settlement__created_at"),
        )
        .values_list("pk", "b", "s", "r", "g")
    )
    return {pk: max((d for d in dates if d), default=None) for pk, *dates in rows}


def members_section(ctx: Context, *, full: bool = False) -> Section:
    report = ctx.members()
    dormant_qs = selectors.dormant_businesses(ctx.ids, ctx.period, ctx.thresholds)
    dormant = list(dormant_qs if full else dormant_qs[:PAGE_ROWS])
    dormant_table = tables.dormant_table(dormant, last_exchange_dates(b.pk for b in dormant))
    if not full:
        dormant_table.truncated = max(0, report.total.dormant - len(dormant))
    t = report.total
    section = Section(
        "members",
        _("Members"),
        figures=[
            Figure(_("Active members"), INT, t.active),
            Figure(_("New in the period"), INT, t.new),
            Figure(_("Trading in the period"), INT, t.trading),
            Figure(_("Pending approval"), INT, t.pending),
            Figure(pgettext_lazy("members", "Suspended"), INT, t.suspended),
            Figure(
                _("Dormant"),
                INT,
                t.dormant,
            ),
        ],
        tables=[*tables.members_tables(report), dormant_table],
        extra={"report": report},
    )
    section.charts = [
        spec(
            "members-status",
            "bar",
            [
                pgettext_lazy("members", "Active"),
                _("New"),
                _("Trading"),
                _("Pending"),
                pgettext_lazy("members", "Suspended"),
                _("Dormant"),
            ],
            [
                {
                    "label": _("Members"),
                    "data": [t.active, t.new, t.trading, t.pending, t.suspended, t.dormant],
                }
            ],
        ),
        spec(
            "members-family",
            "bar",
            [tables.family_label(g.key) for g in report.by_family],
            [
                {
                    "label": pgettext_lazy("members", "Active"),
                    "data": [g.active for g in report.by_family],
                },
                {
                    "label": _("Trading"),
                    "data": [g.trading for g in report.by_family],
                },
                {
                    "label": _("Dormant"),
                    "data": [g.dormant for g in report.by_family],
                },
            ],
        ),
        spec(
            "members-sector",
            "hbar",
            [g.label for g in report.by_sector],
            [
                {
                    "label": _("Trading"),
                    "data": [g.trading for g in report.by_sector],
                },
                {
                    "label": _("Active, not trading"),
                    "data": [max(0, g.active - g.trading) for g in report.by_sector],
                    "color": charts.GREY,
                },
            ],
            stacked=True,
        ),
    ]
    return section


# --- Exchanges ----------------------------------------------------------------------------------


def exchanges_section(ctx: Context, *, full: bool = False) -> Section:
    report = ctx.exchanges()
    t = report.total
    labels = _month_labels(report.months)
    families = {(c.buyer, c.seller): c for c in report.families}
    mixed = families[("ess", "classic")].volume + families[("classic", "ess")].volume
    section = Section(
        "exchanges",
        _("Exchanges"),
        figures=[
            Figure(_("Volume (credits)"), MONEY, t.volume),
            Figure(_("Direct purchases"), INT, t.purchases),
            Figure(_("Multilateral swaps"), INT, t.swaps),
            Figure(
                _("Average swap length (participants)"),
                DECIMAL,
                report.average_cycle_length,
            ),
            Figure(
                _("Volume between social economy and classic firms"),
                PERCENT,
                report.mixed_share,
            ),
            Figure(
                _("Commission collected (credits)"),
                MONEY,
                t.commission,
            ),
        ],
        tables=tables.exchanges_tables(report),
        extra={"report": report},
    )
    section.charts = [
        spec(
            "exchanges-volume",
            "bar",
            labels,
            [
                {
                    "label": _("Direct purchases"),
                    "data": [credits(m.purchase_volume) for m in report.months],
                    "color": charts.ACCENT,
                },
                {
                    "label": _("Multilateral swaps"),
                    "data": [credits(m.swap_volume) for m in report.months],
                    "color": charts.BRAND,
                },
            ],
            unit="credits",
            stacked=True,
        ),
        spec(
            "exchanges-count",
            "bar",
            labels,
            [
                {
                    "label": _("Direct purchases"),
                    "data": [m.purchases for m in report.months],
                    "color": charts.ACCENT,
                },
                {
                    "label": _("Multilateral swaps"),
                    "data": [m.swaps for m in report.months],
                    "color": charts.BRAND,
                },
            ],
        ),
        spec(
            "exchanges-families",
            "doughnut",
            [
                _("Between social-economy structures"),
                _("Between social economy and classic firms"),
                _("Between classic firms"),
            ],
            [
                {
                    "label": _("Volume (credits)"),
                    "data": [
                        credits(families[("ess", "ess")].volume),
                        credits(mixed),
                        credits(families[("classic", "classic")].volume),
                    ],
                }
            ],
            unit="credits",
        ),
        spec(
            "exchanges-cycles",
            "bar",
            [str(k) for k, _n in report.cycle_lengths],
            [
                {
                    "label": pgettext_lazy("multilateral", "Swaps"),
                    "data": [n for _k, n in report.cycle_lengths],
                }
            ],
        ),
    ]
    return section


# --- Cash preserved -----------------------------------------------------------------------------


def cash_section(ctx: Context, *, full: bool = False) -> Section:
    exchanges = ctx.read("exchanges")
    report = selectors.cash_report(
        ctx.ids,
        ctx.period,
        flows=ctx.flows(),
        commission=exchanges.total.commission if exchanges else None,
    )
    table = tables.cash_table(report)
    top = report.businesses[:15]
    section = Section(
        "cash",
        _("Cash preserved"),
        figures=[
            Figure(_("Cash preserved (€)"), MONEY, report.total_preserved),
            Figure(
                _("Businesses that bought in credits"),
                INT,
                report.beneficiaries,
            ),
            Figure(
                _("Preserved by social-economy structures (€)"),
                MONEY,
                report.by_family["ess"],
            ),
            Figure(
                _("Preserved by classic firms (€)"),
                MONEY,
                report.by_family["classic"],
            ),
            Figure(
                _("Commission collected (credits)"),
                MONEY,
                report.commission,
            ),
        ],
        tables=[table if full else table.head(PAGE_ROWS)],
        extra={"report": report},
    )
    section.charts = [
        spec(
            "cash-top",
            "hbar",
            [f.name for f in top],
            [
                {
                    "label": _("Direct purchases"),
                    "data": [credits(f.bought) for f in top],
                    "color": charts.ACCENT,
                },
                {
                    "label": _("Received in swaps"),
                    "data": [credits(f.received) for f in top],
                    "color": charts.BRAND,
                },
            ],
            unit="credits",
            stacked=True,
        ),
        spec(
            "cash-family",
            "doughnut",
            [
                _("Social and solidarity economy"),
                _("Classic business"),
            ],
            [
                {
                    "label": _("Cash preserved (€)"),
                    "data": [
                        credits(report.by_family["ess"]),
                        credits(report.by_family["classic"]),
                    ],
                }
            ],
            unit="credits",
        ),
    ]
    return section


# --- Balances -----------------------------------------------------------------------------------


def balances_section(ctx: Context, *, full: bool = False) -> Section:
    from ledger.money import format_credits

    report = selectors.balances_report(
        ctx.ids,
        ctx.period,
        ctx.thresholds,
        default_limit=ctx.network.default_credit_limit,
        list_size=10**9 if full else PAGE_ROWS,
        volume=ctx.read("exchanges").total.volume if ctx.read("exchanges") else None,
    )
    histogram, near, large = tables.balances_tables(
        report, fmt=lambda cents: format_credits(cents, with_unit=False)
    )
    near.truncated = report.near_limit_count - len(report.near_limit)
    large.truncated = report.large_count - len(report.large)
    section = Section(
        "balances",
        _("Balances"),
        figures=[
            Figure(_("Accounts"), INT, report.accounts),
            Figure(_("Accounts at zero"), INT, report.at_zero),
            Figure(
                _("Credit in circulation (sum of positive balances)"),
                MONEY,
                report.outstanding,
            ),
            Figure(
                _("Velocity of credit"),
                DECIMAL,
                report.velocity,
            ),
            Figure(
                _("Near their credit limit"),
                INT,
                report.near_limit_count,
            ),
            Figure(_("At their credit limit"), INT, report.at_limit_count),
            Figure(
                _("With a large positive balance"),
                INT,
                report.large_count,
            ),
        ],
        tables=[histogram, near, large],
        extra={"report": report, "large_threshold": ctx.large_threshold},
    )
    colors = [
        charts.RED
        if b.high is not None and b.high <= 0
        else (charts.BRAND if b.low is not None and b.low >= 0 else charts.GREY)
        for b in report.buckets
    ]
    chart = spec(
        "balances-histogram",
        "bar",
        [row[0] for row in histogram.rows],
        [{"label": _("Accounts"), "data": [b.accounts for b in report.buckets]}],
    )
    chart["colors"] = colors
    section.charts = [chart]
    return section


# --- Listings -----------------------------------------------------------------------------------


def listings_section(ctx: Context, *, full: bool = False) -> Section:
    report = selectors.listings_report(ctx.ids, ctx.period)
    categories, unmet = tables.listings_tables(report)
    top_unmet = report.unmet_by_category[:15]
    section = Section(
        "listings",
        _("Listings"),
        figures=[
            Figure(_("Offers on the marketplace"), INT, report.total.offers),
            Figure(_("Wants on the marketplace"), INT, report.total.wants),
            Figure(_("Unmet wants"), INT, report.total.unmet_wants),
            Figure(
                _("Unused assets put back to use"),
                INT,
                report.total.assets_reused,
            ),
            Figure(
                _("Volume of the assets put back to use (credits)"),
                MONEY,
                report.total.asset_volume,
            ),
        ],
        tables=[categories, unmet if full else unmet.head(PAGE_ROWS)],
        extra={"report": report},
    )
    section.charts = [
        spec(
            "listings-categories",
            "hbar",
            [r.name for r in report.by_root],
            [
                {
                    "label": _("Offers"),
                    "data": [r.offers for r in report.by_root],
                    "color": charts.BRAND,
                },
                {
                    "label": _("Wants"),
                    "data": [r.wants for r in report.by_root],
                    "color": charts.PURPLE,
                },
            ],
            stacked=True,
        ),
        spec(
            "listings-unmet",
            "hbar",
            [r.name for r in top_unmet],
            [
                {
                    "label": _("Unmet wants"),
                    "data": [r.unmet_wants for r in top_unmet],
                    "color": charts.PURPLE,
                }
            ],
        ),
        spec(
            "listings-assets",
            "hbar",
            [r.name for r in report.by_root if r.assets_reused],
            [
                {
                    "label": _("Unused assets put back to use"),
                    "data": [r.assets_reused for r in report.by_root if r.assets_reused],
                    "color": charts.ACCENT,
                }
            ],
        ),
    ]
    return section


# --- Matching -----------------------------------------------------------------------------------


def _short_date(moment) -> str:
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def matching_section(ctx: Context, *, full: bool = False) -> Section:
    report = selectors.funnel_report(ctx.ids, ctx.period)
    t = report.total
    table = tables.funnel_table(report)
    recent = list(reversed(report.runs[:36]))
    section = Section(
        "matching",
        _("Matching funnel"),
        figures=[
            Figure(_("Matching runs"), INT, len(report.runs)),
            Figure(_("Proposals"), INT, t.proposals),
            Figure(_("Accepted by all"), PERCENT, t.acceptance_rate),
            Figure(pgettext_lazy("proposals", "Settled"), PERCENT, t.settlement_rate),
            Figure(pgettext_lazy("proposals", "Declined"), PERCENT, t.decline_rate),
            Figure(pgettext_lazy("proposals", "Expired"), PERCENT, t.expiry_rate),
        ],
        tables=[table if full else table.head(PAGE_ROWS)],
        extra={"report": report},
    )
    section.charts = [
        spec(
            "matching-funnel",
            "bar",
            [
                _("Proposed"),
                _("Accepted by all"),
                pgettext_lazy("proposals", "Settled"),
                pgettext_lazy("proposals", "Declined"),
                pgettext_lazy("proposals", "Expired"),
            ],
            [
                {
                    "label": _("Proposals"),
                    "data": [t.proposals, t.accepted, t.settled, t.declined, t.expired],
                }
            ],
        ),
        spec(
            "matching-runs",
            "bar",
            [f"#{r.run_id} {_short_date(r.created_at)}" for r in recent],
            [
                {
                    "label": pgettext_lazy("proposals", "Settled"),
                    "data": [r.settled for r in recent],
                    "color": charts.BRAND,
                },
                {
                    "label": _("Accepted, not settled yet"),
                    "data": [max(0, r.accepted - r.settled) for r in recent],
                    "color": charts.CLASSIC_COLOR,
                },
                {
                    "label": pgettext_lazy("proposals", "Declined"),
                    "data": [r.declined for r in recent],
                    "color": charts.RED,
                },
                {
                    "label": pgettext_lazy("proposals", "Expired"),
                    "data": [r.expired for r in recent],
                    "color": charts.GREY,
                },
                {
                    "label": _("Still open"),
                    "data": [r.open for r in recent],
                    "color": charts.ACCENT,
                },
            ],
            stacked=True,
        ),
    ]
    return section


# --- The exchange network -----------------------------------------------------------------------

GRAPH_TOP = 30


def network_section(ctx: Context, *, full: bool = False, with_map: bool = False) -> Section:
    from barter.selectors import business_map_points

    report = selectors.exchange_graph(ctx.ids, ctx.period, top=GRAPH_TOP, flows=ctx.read("flows"))
    table = tables.graph_table(report)
    svg = charts.svg_graph(
        [(n.business_id, n.name, n.volume, n.is_social_economy) for n in report.nodes],
        [(b, s, v) for b, s, _n, v in report.edges],
    )
    extra = {"report": report, "graph_svg": svg}
    if with_map:
        members = selectors.active_members_for_map(ctx.ids)
        extra["map_points"] = business_map_points(members)
    return Section(
        "network",
        _("Exchange network"),
        figures=[
            Figure(
                _("Businesses that exchanged"),
                INT,
                report.total_businesses,
            ),
            Figure(_("Businesses drawn"), INT, len(report.nodes)),
            Figure(
                _("Share of the volume drawn"),
                PERCENT,
                selectors.ratio(report.shown_volume, report.total_volume),
            ),
        ],
        tables=[table if full else table.head(PAGE_ROWS)],
        extra=extra,
    )


# --- Summary ------------------------------------------------------------------------------------


def summary_section(ctx: Context, *, full: bool = False) -> Section:
    (figure,) = selectors.key_figures(
        [ctx.network],
        ctx.period,
        ctx.thresholds,
        members={ctx.network.pk: ctx.members().total},
        exchanges={ctx.network.pk: ctx.exchanges()},
    )
    months = [figure.months[m] for m in sorted(figure.months)]
    labels = _month_labels(months)
    return Section(
        "summary",
        _("Key figures"),
        figures=[
            Figure(label, kind, getattr(figure, attr))
            for attr, label, kind in tables.KEY_FIGURE_ROWS
        ],
        charts=[
            spec(
                "summary-volume",
                "bar",
                labels,
                [
                    {
                        "label": _("Direct purchases"),
                        "data": [credits(m.purchase_volume) for m in months],
                        "color": charts.ACCENT,
                    },
                    {
                        "label": _("Multilateral swaps"),
                        "data": [credits(m.swap_volume) for m in months],
                        "color": charts.BRAND,
                    },
                ],
                unit="credits",
                stacked=True,
            )
        ],
        tables=[tables.key_figures_table(figure)],
        extra={"figure": figure},
    )


SECTIONS = {
    "members": members_section,
    "exchanges": exchanges_section,
    "cash": cash_section,
    "balances": balances_section,
    "listings": listings_section,
    "matching": matching_section,
    "network": network_section,
}
SECTION_TITLES = {
    "members": _("Members"),
    "exchanges": _("Exchanges"),
    "cash": _("Cash preserved"),
    "balances": _("Balances"),
    "listings": _("Listings"),
    "matching": _("Matching"),
    "network": _("Exchange network"),
}
TABLE_SECTIONS = {
    "key-figures": "summary",
    "members-family": "members",
    "members-kind": "members",
    "members-sector": "members",
    "members-dormant": "members",
    "exchanges-monthly": "exchanges",
    "exchanges-families": "exchanges",
    "exchanges-cycles": "exchanges",
    "cash-businesses": "cash",
    "balances-histogram": "balances",
    "balances-near-limit": "balances",
    "balances-large": "balances",
    "listings-categories": "listings",
    "listings-unmet": "listings",
    "funnel-runs": "matching",
    "network-pairs": "network",
}


CHART_TITLES = {
    "summary-volume": _("Volume exchanged per month (credits)"),
    "members-status": _("Members"),
    "members-family": _("Social economy and classic firms"),
    "members-sector": _("Active members by sector"),
    "exchanges-volume": _("Volume per month (credits)"),
    "exchanges-count": _("Exchanges per month"),
    "exchanges-families": _("Volume by families of the two sides"),
    "exchanges-cycles": _("Swaps by number of participants"),
    "cash-top": _("Businesses that preserved the most cash (€)"),
    "cash-family": _("Cash preserved by family (€)"),
    "balances-histogram": _("Accounts by balance (credits)"),
    "listings-categories": _("Offers and wants per category"),
    "listings-unmet": _("Unmet wants: the categories most in demand"),
    "listings-assets": _("Unused assets put back to use, per category"),
    "matching-funnel": _("From proposal to settlement"),
    "matching-runs": _("Proposals of each run, by outcome"),
}


def build(key: str, ctx: Context, *, full: bool = False, with_map: bool = False) -> Section:
    """Section `key` of the dashboard; `full`: every row of its tables (the exports); `with_map`:
    the active members' map points too (the page)."""
    if key == "summary":
        section = summary_section(ctx, full=full)
    elif key == "network":
        section = network_section(ctx, full=full, with_map=with_map)
    else:
        section = SECTIONS[key](ctx, full=full)
    for chart in section.charts:
        title = CHART_TITLES.get(chart["id"])
        chart["title"] = str(title) if title else ""
    return section


def _members_table(index: int):
    def build_table(ctx: Context) -> Table:
        report = selectors.members_report(ctx.ids, ctx.period, ctx.thresholds)
        return tables.members_tables(report)[index]

    return build_table


def _dormant_table(ctx: Context) -> Table:
    dormant = list(selectors.dormant_businesses(ctx.ids, ctx.period, ctx.thresholds))
    return tables.dormant_table(dormant, last_exchange_dates(b.pk for b in dormant))


def _balances_table(index: int):
    def build_table(ctx: Context) -> Table:
        from ledger.money import format_credits

        report = selectors.balances_report(
            ctx.ids,
            ctx.period,
            ctx.thresholds,
            default_limit=ctx.network.default_credit_limit,
            list_size=0 if index == 0 else 10**9,
            volume=0,  # the velocity is not in these tables
        )
        return tables.balances_tables(
            report, fmt=lambda cents: format_credits(cents, with_unit=False)
        )[index]

    return build_table


def _exchanges_table(index: int):
    def build_table(ctx: Context) -> Table:
        return tables.exchanges_tables(selectors.exchanges_report(ctx.ids, ctx.period))[index]

    return build_table


def _listings_table(index: int):
    def build_table(ctx: Context) -> Table:
        return tables.listings_tables(selectors.listings_report(ctx.ids, ctx.period))[index]

    return build_table


EXPORTS = {
    "key-figures": lambda ctx: summary_section(ctx, full=True).tables[0],
    "members-family": _members_table(0),
    "members-kind": _members_table(1),
    "members-sector": _members_table(2),
    "members-dormant": _dormant_table,
    "exchanges-monthly": _exchanges_table(0),
    "exchanges-families": _exchanges_table(1),
    "exchanges-cycles": _exchanges_table(2),
    "cash-businesses": lambda ctx: tables.cash_table(selectors.cash_report(ctx.ids, ctx.period)),
    "balances-histogram": _balances_table(0),
    "balances-near-limit": _balances_table(1),
    "balances-large": _balances_table(2),
    "listings-categories": _listings_table(0),
    "listings-unmet": _listings_table(1),
    "funnel-runs": lambda ctx: tables.funnel_table(selectors.funnel_report(ctx.ids, ctx.period)),
    "network-pairs": lambda ctx: tables.graph_table(
        selectors.exchange_graph(ctx.ids, ctx.period, top=GRAPH_TOP)
    ),
}


def export_table(slug: str, ctx: Context) -> Table:
    """The whole table `slug` (every row) of the network's dashboard, computing only what it
    needs."""
    return EXPORTS[slug](ctx)


def all_sections(ctx: Context, *, full: bool = False) -> list[Section]:
    """Every section, in the order of the dashboard (the PDF and the whole-workbook export)."""
    return [build(key, ctx, full=full) for key in ("summary", *SECTIONS)]
