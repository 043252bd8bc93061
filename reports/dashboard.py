"""The dashboard's sections, assembled from the selectors: for each, its key figures, its charts
(specs for Chart.js and the SVG of the PDF) and the tables behind them. The pages, the exports
and the PDF all take their content from here, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from barter.models import Network

from . import charts, selectors, tables
from .charts import Bi, credits, spec
from .forms import DEFAULT_LARGE_BALANCE_RATIO, Thresholds
from .periods import Period
from .tables import DECIMAL, INT, MONEY, PERCENT, Table

PAGE_ROWS = 50  # rows of a long table shown on a page; the exports hold them all
PDF_ROWS = 25  # and in the PDF


@dataclass
class Figure:
    label: Any
    label_fr: str
    kind: str
    value: Any


@dataclass
class Section:
    key: str
    title: Any
    title_fr: str
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
        "Membres",
        figures=[
            Figure(_("Active members"), "Membres actifs", INT, t.active),
            Figure(_("New in the period"), "Nouveaux sur la période", INT, t.new),
            Figure(_("Trading in the period"), "Ayant échangé sur la période", INT, t.trading),
            Figure(_("Pending approval"), "En attente d'agrément", INT, t.pending),
            Figure(_("Suspended"), "Suspendus", INT, t.suspended),
            Figure(
                _("Dormant"),
                f"En sommeil (sans échange depuis {report.dormant_days} jours)",
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
                Bi(_("Active"), "Actifs"),
                Bi(_("New"), "Nouveaux"),
                Bi(_("Trading"), "Ayant échangé"),
                Bi(_("Pending"), "En attente"),
                Bi(_("Suspended"), "Suspendus"),
                Bi(_("Dormant"), "En sommeil"),
            ],
            [
                {
                    "label": Bi(_("Members"), "Membres"),
                    "data": [t.active, t.new, t.trading, t.pending, t.suspended, t.dormant],
                }
            ],
        ),
        spec(
            "members-family",
            "bar",
            [tables.family_label(g.key) for g in report.by_family],
            [
                {"label": Bi(_("Active"), "Actifs"), "data": [g.active for g in report.by_family]},
                {
                    "label": Bi(_("Trading"), "Ayant échangé"),
                    "data": [g.trading for g in report.by_family],
                },
                {
                    "label": Bi(_("Dormant"), "En sommeil"),
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
                    "label": Bi(_("Trading"), "Ayant échangé"),
                    "data": [g.trading for g in report.by_sector],
                },
                {
                    "label": Bi(_("Active, not trading"), "Actifs sans échange"),
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
        "Échanges",
        figures=[
            Figure(_("Volume (credits)"), "Volume échangé (crédits)", MONEY, t.volume),
            Figure(_("Direct purchases"), "Achats directs", INT, t.purchases),
            Figure(_("Multilateral swaps"), "Échanges multilatéraux", INT, t.swaps),
            Figure(
                _("Average swap length (participants)"),
                "Participants par échange multilatéral (moyenne)",
                DECIMAL,
                report.average_cycle_length,
            ),
            Figure(
                _("Volume between social economy and classic firms"),
                "Part du volume entre ESS et entreprises classiques",
                PERCENT,
                report.mixed_share,
            ),
            Figure(
                _("Commission collected (credits)"),
                "Commission perçue (crédits)",
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
                    "label": Bi(_("Direct purchases"), "Achats directs"),
                    "data": [credits(m.purchase_volume) for m in report.months],
                    "color": charts.ACCENT,
                },
                {
                    "label": Bi(_("Multilateral swaps"), "Échanges multilatéraux"),
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
                    "label": Bi(_("Direct purchases"), "Achats directs"),
                    "data": [m.purchases for m in report.months],
                    "color": charts.ACCENT,
                },
                {
                    "label": Bi(_("Multilateral swaps"), "Échanges multilatéraux"),
                    "data": [m.swaps for m in report.months],
                    "color": charts.BRAND,
                },
            ],
        ),
        spec(
            "exchanges-families",
            "doughnut",
            [
                Bi(_("Between social-economy structures"), "Entre structures de l'ESS"),
                Bi(
                    _("Between social economy and classic firms"),
                    "Entre ESS et entreprises classiques",
                ),
                Bi(_("Between classic firms"), "Entre entreprises classiques"),
            ],
            [
                {
                    "label": Bi(_("Volume (credits)"), "Volume (crédits)"),
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
                    "label": Bi(_("Swaps"), "Échanges multilatéraux"),
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
        "Trésorerie préservée",
        figures=[
            Figure(
                _("Cash preserved (€)"), "Trésorerie préservée (€)", MONEY, report.total_preserved
            ),
            Figure(
                _("Businesses that bought in credits"),
                "Structures ayant acheté en crédits",
                INT,
                report.beneficiaries,
            ),
            Figure(
                _("Preserved by social-economy structures (€)"),
                "Préservée par les structures de l'ESS (€)",
                MONEY,
                report.by_family["ess"],
            ),
            Figure(
                _("Preserved by classic firms (€)"),
                "Préservée par les entreprises classiques (€)",
                MONEY,
                report.by_family["classic"],
            ),
            Figure(
                _("Commission collected (credits)"),
                "Commission perçue (crédits)",
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
                    "label": Bi(_("Direct purchases"), "Achats directs"),
                    "data": [credits(f.bought) for f in top],
                    "color": charts.ACCENT,
                },
                {
                    "label": Bi(_("Received in swaps"), "Reçu en échanges multilatéraux"),
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
                Bi(_("Social and solidarity economy"), "Économie sociale et solidaire"),
                Bi(_("Classic business"), "Entreprise classique"),
            ],
            [
                {
                    "label": Bi(_("Cash preserved (€)"), "Trésorerie préservée (€)"),
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
        "Soldes",
        figures=[
            Figure(_("Accounts"), "Comptes", INT, report.accounts),
            Figure(_("Accounts at zero"), "Comptes à zéro", INT, report.at_zero),
            Figure(
                _("Credit in circulation (sum of positive balances)"),
                "Crédit en circulation (somme des soldes positifs)",
                MONEY,
                report.outstanding,
            ),
            Figure(
                _("Velocity of credit"),
                "Vitesse de circulation du crédit",
                DECIMAL,
                report.velocity,
            ),
            Figure(
                _("Near their credit limit"),
                f"Proches du plafond (≥ {report.near_limit_percent} % du découvert)",
                INT,
                report.near_limit_count,
            ),
            Figure(
                _("At their credit limit"), "Au plafond du découvert", INT, report.at_limit_count
            ),
            Figure(
                _("With a large positive balance"),
                f"Au solde positif élevé (≥ {format_credits(ctx.large_threshold)})",
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
        [{"label": Bi(_("Accounts"), "Comptes"), "data": [b.accounts for b in report.buckets]}],
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
        "Annonces",
        figures=[
            Figure(_("Offers on the marketplace"), "Offres publiées", INT, report.total.offers),
            Figure(_("Wants on the marketplace"), "Demandes publiées", INT, report.total.wants),
            Figure(_("Unmet wants"), "Demandes non satisfaites", INT, report.total.unmet_wants),
            Figure(
                _("Unused assets put back to use"),
                "Actifs dormants remis en usage",
                INT,
                report.total.assets_reused,
            ),
            Figure(
                _("Volume of the assets put back to use (credits)"),
                "Volume de ces actifs (crédits)",
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
                    "label": Bi(_("Offers"), "Offres"),
                    "data": [r.offers for r in report.by_root],
                    "color": charts.BRAND,
                },
                {
                    "label": Bi(_("Wants"), "Demandes"),
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
                    "label": Bi(_("Unmet wants"), "Demandes non satisfaites"),
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
                    "label": Bi(
                        _("Unused assets put back to use"), "Actifs dormants remis en usage"
                    ),
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
        "Appariement multilatéral",
        figures=[
            Figure(_("Matching runs"), "Lancements", INT, len(report.runs)),
            Figure(_("Proposals"), "Propositions", INT, t.proposals),
            Figure(_("Accepted by all"), "Acceptées par tous", PERCENT, t.acceptance_rate),
            Figure(_("Settled"), "Réglées", PERCENT, t.settlement_rate),
            Figure(_("Declined"), "Refusées", PERCENT, t.decline_rate),
            Figure(_("Expired"), "Expirées", PERCENT, t.expiry_rate),
        ],
        tables=[table if full else table.head(PAGE_ROWS)],
        extra={"report": report},
    )
    section.charts = [
        spec(
            "matching-funnel",
            "bar",
            [
                Bi(_("Proposed"), "Proposées"),
                Bi(_("Accepted by all"), "Acceptées par tous"),
                Bi(_("Settled"), "Réglées"),
                Bi(_("Declined"), "Refusées"),
                Bi(_("Expired"), "Expirées"),
            ],
            [
                {
                    "label": Bi(_("Proposals"), "Propositions"),
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
                    "label": Bi(_("Settled"), "Réglées"),
                    "data": [r.settled for r in recent],
                    "color": charts.BRAND,
                },
                {
                    "label": Bi(_("Accepted, not settled yet"), "Acceptées, pas encore réglées"),
                    "data": [max(0, r.accepted - r.settled) for r in recent],
                    "color": charts.CLASSIC_COLOR,
                },
                {
                    "label": Bi(_("Declined"), "Refusées"),
                    "data": [r.declined for r in recent],
                    "color": charts.RED,
                },
                {
                    "label": Bi(_("Expired"), "Expirées"),
                    "data": [r.expired for r in recent],
                    "color": charts.GREY,
                },
                {
                    "label": Bi(_("Still open"), "En cours"),
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
        "Réseau d'échanges",
        figures=[
            Figure(
                _("Businesses that exchanged"),
                "Structures ayant échangé",
                INT,
                report.total_businesses,
            ),
            Figure(_("Businesses drawn"), "Structures représentées", INT, len(report.nodes)),
            Figure(
                _("Share of the volume drawn"),
                "Part du volume représentée",
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
        "Chiffres clés",
        figures=[
            Figure(label, label_fr, kind, getattr(figure, attr))
            for attr, label, label_fr, kind in tables.KEY_FIGURE_ROWS
        ],
        charts=[
            spec(
                "summary-volume",
                "bar",
                labels,
                [
                    {
                        "label": Bi(_("Direct purchases"), "Achats directs"),
                        "data": [credits(m.purchase_volume) for m in months],
                        "color": charts.ACCENT,
                    },
                    {
                        "label": Bi(_("Multilateral swaps"), "Échanges multilatéraux"),
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
    "summary-volume": Bi(
        _("Volume exchanged per month (credits)"), "Volume échangé par mois (crédits)"
    ),
    "members-status": Bi(_("Members"), "Membres"),
    "members-family": Bi(_("Social economy and classic firms"), "ESS et entreprises classiques"),
    "members-sector": Bi(_("Active members by sector"), "Membres actifs par secteur"),
    "exchanges-volume": Bi(_("Volume per month (credits)"), "Volume par mois (crédits)"),
    "exchanges-count": Bi(_("Exchanges per month"), "Échanges par mois"),
    "exchanges-families": Bi(
        _("Volume by families of the two sides"), "Volume selon la famille des deux parties"
    ),
    "exchanges-cycles": Bi(
        _("Swaps by number of participants"), "Échanges multilatéraux par nombre de participants"
    ),
    "cash-top": Bi(
        _("Businesses that preserved the most cash (€)"),
        "Structures ayant le plus préservé leur trésorerie (€)",
    ),
    "cash-family": Bi(_("Cash preserved by family (€)"), "Trésorerie préservée par famille (€)"),
    "balances-histogram": Bi(
        _("Accounts by balance (credits)"), "Comptes par tranche de solde (crédits)"
    ),
    "listings-categories": Bi(
        _("Offers and wants per category"), "Offres et demandes par catégorie"
    ),
    "listings-unmet": Bi(
        _("Unmet wants: the categories most in demand"),
        "Demandes non satisfaites : les catégories les plus demandées",
    ),
    "listings-assets": Bi(
        _("Unused assets put back to use, per category"),
        "Actifs dormants remis en usage, par catégorie",
    ),
    "matching-funnel": Bi(_("From proposal to settlement"), "De la proposition au règlement"),
    "matching-runs": Bi(
        _("Proposals of each run, by outcome"), "Propositions de chaque lancement, par issue"
    ),
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
        chart["title"], chart["title_fr"] = (str(title), title.french) if title else ("", "")
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
