"""The tables behind the charts: one definition serves the page, the CSV and XLSX exports and the
French PDF. A column has an English source label (translated like the rest of the site) and the
French label the PDF prints whatever the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    label: Any  # lazy English source string
    label_fr: str
    kind: str = TEXT


@dataclass
class Table:
    slug: str
    title: Any
    title_fr: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None  # the footer row, if any
    rows_fr: list[list] | None = None  # the rows with their labels in French, when they differ
    row_kinds: list[str] | None = None  # a table of measures: the kind of each row's values
    truncated: int = 0  # rows left out of the page (the exports hold them all)

    def kind_of(self, row: int, column: int) -> str:
        if self.row_kinds is not None and column > 0:
            return self.row_kinds[row] if row < len(self.row_kinds) else TEXT
        return self.columns[column].kind

    def french_rows(self) -> list[list]:
        return self.rows_fr if self.rows_fr is not None else self.rows

    def head(self, limit: int | None) -> Table:
        """The same table with its first `limit` rows only (for a page)."""
        if limit is None or len(self.rows) <= limit:
            return self
        return Table(
            self.slug,
            self.title,
            self.title_fr,
            self.columns,
            self.rows[:limit],
            self.total,
            self.rows_fr[:limit] if self.rows_fr is not None else None,
            self.row_kinds,
            len(self.rows) - limit,
        )


FAMILY_FR = {ESS: "Économie sociale et solidaire", CLASSIC: "Entreprise classique"}


def family_label(key: str):
    return _("Social and solidarity economy") if key == ESS else _("Classic business")


def local_date(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value else None


# --- Members ------------------------------------------------------------------------------------

MEMBER_COLUMNS = [
    Column(_("Members"), "Membres", INT),
    Column(_("Active"), "Actifs", INT),
    Column(_("Pending"), "En attente", INT),
    Column(_("Suspended"), "Suspendus", INT),
    Column(_("New in the period"), "Nouveaux sur la période", INT),
    Column(_("Trading in the period"), "Ayant échangé sur la période", INT),
    Column(_("Dormant"), "En sommeil", INT),
]


def _member_values(g) -> list:
    return [g.members, g.active, g.pending, g.suspended, g.new, g.trading, g.dormant]


def members_tables(report: MembersReport) -> list[Table]:
    family = Table(
        "members-family",
        _("Members by family"),
        "Membres par famille",
        [Column(_("Family"), "Famille"), *MEMBER_COLUMNS],
        [[family_label(g.key), *_member_values(g)] for g in report.by_family],
        ["Total", *_member_values(report.total)],
    )
    family.rows_fr = [[FAMILY_FR[g.key], *_member_values(g)] for g in report.by_family]
    kind = Table(
        "members-kind",
        _("Members by legal form"),
        "Membres par forme juridique",
        [Column(_("Legal form"), "Forme juridique"), *MEMBER_COLUMNS],
        [[g.label, *_member_values(g)] for g in report.by_kind],
        ["Total", *_member_values(report.total)],
    )
    sector = Table(
        "members-sector",
        _("Members by sector"),
        "Membres par secteur d'activité",
        [Column(_("Sector"), "Secteur"), *MEMBER_COLUMNS],
        [[g.label, *_member_values(g)] for g in report.by_sector],
        ["Total", *_member_values(report.total)],
    )
    return [family, kind, sector]


def dormant_table(businesses, last_exchanges: dict[int, datetime | None]) -> Table:
    return Table(
        "members-dormant",
        _("Dormant members"),
        "Membres en sommeil",
        [
            Column(_("Business"), "Structure"),
            Column(_("SIRET"), "SIRET"),
            Column(_("Legal form"), "Forme juridique"),
            Column(_("Commune"), "Commune"),
            Column(_("Registered on"), "Inscrite le", DATE),
            Column(_("Last exchange"), "Dernier échange", DATE),
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
        "Échanges par mois",
        [
            Column(_("Month"), "Mois", MONTH),
            Column(_("Direct purchases"), "Achats directs", INT),
            Column(_("Purchase volume (credits)"), "Volume des achats (crédits)", MONEY),
            Column(_("Swaps"), "Échanges multilatéraux", INT),
            Column(_("Swap legs"), "Branches d'échanges", INT),
            Column(_("Swap volume (credits)"), "Volume des échanges multilat. (crédits)", MONEY),
            Column(_("Total volume (credits)"), "Volume total (crédits)", MONEY),
            Column(_("Commission (credits)"), "Commission (crédits)", MONEY),
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
        "Échanges entre économie sociale et entreprises classiques",
        [
            Column(_("Buyer or receiver"), "Acheteur ou receveur"),
            Column(_("Seller or giver"), "Vendeur ou donneur"),
            Column(_("Exchanges"), "Échanges", INT),
            Column(_("Volume (credits)"), "Volume (crédits)", MONEY),
            Column(_("Share of the volume"), "Part du volume", PERCENT),
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
    families.rows_fr = [
        [FAMILY_FR[c.buyer], FAMILY_FR[c.seller], *row[2:]]
        for c, row in zip(report.families, families.rows, strict=True)
    ]
    cycles = Table(
        "exchanges-cycles",
        _("Swaps by number of participants"),
        "Échanges multilatéraux par nombre de participants",
        [
            Column(_("Participants"), "Participants", INT),
            Column(_("Swaps"), "Échanges", INT),
        ],
        [[k, n] for k, n in report.cycle_lengths],
        ["Total", t.swaps],
    )
    return [monthly, families, cycles]


# --- Cash preserved -----------------------------------------------------------------------------

CASH_COLUMNS = [
    Column(_("Business"), "Structure"),
    Column(_("Family"), "Famille"),
    Column(_("Bought (credits)"), "Achats directs (crédits)", MONEY),
    Column(_("Received in swaps (credits)"), "Reçu en échanges multilatéraux (crédits)", MONEY),
    Column(_("Cash preserved (€)"), "Trésorerie préservée (€)", MONEY),
    Column(_("Sold (credits)"), "Ventes directes (crédits)", MONEY),
    Column(_("Given in swaps (credits)"), "Donné en échanges multilatéraux (crédits)", MONEY),
    Column(_("Commission paid (credits)"), "Commission payée (crédits)", MONEY),
    Column(_("Net credits"), "Solde net des échanges (crédits)", MONEY),
]


def cash_table(report: CashReport) -> Table:
    flows = report.businesses
    families = {ESS: family_label(ESS), CLASSIC: family_label(CLASSIC)}  # once, not per row
    table = Table(
        "cash-businesses",
        _("Cash preserved per business"),
        "Trésorerie préservée par structure",
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
    table.rows_fr = [
        [row[0], FAMILY_FR[ESS if f.is_social_economy else CLASSIC], *row[2:]]
        for f, row in zip(flows, table.rows, strict=True)
    ]
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
        "Répartition des soldes",
        [
            Column(_("Balance (credits)"), "Solde (crédits)"),
            Column(_("Accounts"), "Comptes", INT),
        ],
        [[bucket_label(b.low, b.high, fmt=fmt), b.accounts] for b in report.buckets],
        ["Total", report.accounts],
    )
    account_columns = [
        Column(_("Business"), "Structure"),
        Column(_("Balance (credits)"), "Solde (crédits)", MONEY),
        Column(_("Held (credits)"), "Réservé (crédits)", MONEY),
        Column(_("Credit limit (credits)"), "Découvert autorisé (crédits)", MONEY),
        Column(_("Limit used"), "Part du découvert utilisée", PERCENT),
    ]
    near = Table(
        "balances-near-limit",
        _("Accounts near or at their credit limit"),
        "Comptes proches ou au plafond de leur découvert",
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
        "Comptes au solde positif élevé",
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
        "Annonces par catégorie",
        [
            Column(_("Category"), "Catégorie"),
            Column(_("Offers"), "Offres", INT),
            Column(_("Wants"), "Demandes", INT),
            Column(_("Unmet wants"), "Demandes non satisfaites", INT),
            Column(_("Unused assets put back to use"), "Actifs dormants remis en usage", INT),
            Column(_("Their exchanges"), "Leurs échanges", INT),
            Column(_("Their volume (credits)"), "Leur volume (crédits)", MONEY),
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
        "Demandes non satisfaites par catégorie : ce qui manque au territoire",
        [
            Column(_("Category"), "Catégorie"),
            Column(_("Unmet wants"), "Demandes non satisfaites", INT),
            Column(_("Their budgets (credits)"), "Budgets exprimés (crédits)", MONEY),
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
        "Entonnoir de l'appariement par lancement",
        [
            Column(_("Run"), "Lancement"),
            Column(_("Started"), "Lancé le", DATETIME),
            Column(_("Proposals"), "Propositions", INT),
            Column(_("Accepted by all"), "Acceptées par tous", INT),
            Column(_("Settled"), "Réglées", INT),
            Column(_("Declined"), "Refusées", INT),
            Column(_("Expired"), "Expirées", INT),
            Column(_("Still open"), "En cours", INT),
            Column(_("Acceptance rate"), "Taux d'acceptation", PERCENT),
            Column(_("Settlement rate"), "Taux de règlement", PERCENT),
            Column(_("Decline rate"), "Taux de refus", PERCENT),
            Column(_("Expiry rate"), "Taux d'expiration", PERCENT),
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
        "Qui échange avec qui (les structures les plus actives)",
        [
            Column(_("Buyer or receiver"), "Acheteur ou receveur"),
            Column(_("Seller or giver"), "Vendeur ou donneur"),
            Column(_("Exchanges"), "Échanges", INT),
            Column(_("Volume (credits)"), "Volume (crédits)", MONEY),
        ],
        [[names[b], names[s], n, v] for b, s, n, v in edges],
        ["Total", "", sum(e[2] for e in report.edges), report.shown_volume],
    )


# --- Key figures (summary and federation) -------------------------------------------------------

KEY_FIGURE_ROWS = [
    # attribute, English label, French label, kind
    ("active", _("Active members"), "Membres actifs", INT),
    ("new", _("New members in the period"), "Nouveaux membres sur la période", INT),
    ("trading", _("Members trading in the period"), "Membres ayant échangé", INT),
    (
        "trading_share",
        _("Share of active members trading"),
        "Part des actifs ayant échangé",
        PERCENT,
    ),
    ("dormant", _("Dormant members"), "Membres en sommeil", INT),
    ("purchases", _("Direct purchases"), "Achats directs", INT),
    ("swaps", _("Multilateral swaps"), "Échanges multilatéraux", INT),
    (
        "average_cycle_length",
        _("Average swap length (participants)"),
        "Participants par échange multilatéral (moyenne)",
        DECIMAL,
    ),
    ("volume", _("Volume (credits)"), "Volume échangé (crédits)", MONEY),
    ("cash_preserved", _("Cash preserved (€)"), "Trésorerie préservée (€)", MONEY),
    ("commission", _("Commission collected (credits)"), "Commission perçue (crédits)", MONEY),
    (
        "mixed_share",
        _("Volume between social economy and classic firms"),
        "Part du volume entre ESS et entreprises classiques",
        PERCENT,
    ),
    ("velocity", _("Velocity of credit"), "Vitesse de circulation du crédit", DECIMAL),
    (
        "near_limit",
        _("Accounts near their credit limit"),
        "Comptes proches du plafond de découvert",
        INT,
    ),
    (
        "large_balances",
        _("Accounts with a large positive balance"),
        "Comptes au solde positif élevé",
        INT,
    ),
    ("unmet_wants", _("Unmet wants"), "Demandes non satisfaites", INT),
    ("proposals", _("Swap proposals"), "Propositions d'échange", INT),
    ("acceptance_rate", _("Proposals accepted by all"), "Propositions acceptées par tous", PERCENT),
    ("decline_rate", _("Proposals declined"), "Propositions refusées", PERCENT),
    ("expiry_rate", _("Proposals expired"), "Propositions expirées", PERCENT),
]


def federation_table(figures: list[KeyFigures]) -> Table:
    """The key measures, one column per network (the federation view)."""
    return Table(
        "federation",
        _("Key figures per network"),
        "Chiffres clés par réseau",
        [Column(_("Measure"), "Indicateur")]
        + [Column(f.network.name, f.network.name, TEXT) for f in figures],
        [
            [label, *[getattr(f, attr) for f in figures]]
            for attr, label, _fr, _kind in KEY_FIGURE_ROWS
        ],
        rows_fr=[
            [fr, *[getattr(f, attr) for f in figures]]
            for attr, _label, fr, _kind in KEY_FIGURE_ROWS
        ],
        row_kinds=[kind for _attr, _label, _fr, kind in KEY_FIGURE_ROWS],
    )


def key_figures_table(figure: KeyFigures) -> Table:
    return Table(
        "key-figures",
        _("Key figures"),
        "Chiffres clés",
        [Column(_("Measure"), "Indicateur"), Column(_("Value"), "Valeur")],
        [[label, getattr(figure, attr)] for attr, label, _fr, _kind in KEY_FIGURE_ROWS],
        rows_fr=[[fr, getattr(figure, attr)] for attr, _label, fr, _kind in KEY_FIGURE_ROWS],
        row_kinds=[kind for _attr, _label, _fr, kind in KEY_FIGURE_ROWS],
    )


# --- A business's own report --------------------------------------------------------------------


def business_tables(report) -> list[Table]:
    business = report.business
    f = report.flows
    summary = Table(
        "business-summary",
        _("Exchanges of the period"),
        "Échanges de la période",
        [Column(_("Measure"), "Indicateur"), Column(_("Value"), "Valeur")],
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
        "Achats et ventes directs",
        [
            Column(_("Date"), "Date", DATETIME),
            Column(_("Role"), "Rôle"),
            Column(_("Counterpart"), "Contrepartie"),
            Column(_("Listing"), "Annonce"),
            Column(_("Quantity"), "Quantité", INT),
            Column(_("Total incl. VAT (credits)"), "Total TTC (crédits)", MONEY),
            Column(_("Commission (credits)"), "Commission (crédits)", MONEY),
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
        _("Swaps"),
        "Échanges multilatéraux",
        [
            Column(_("Date"), "Date", DATETIME),
            Column(_("Swap"), "Échange"),
            Column(_("Role"), "Rôle"),
            Column(_("Counterpart"), "Contrepartie"),
            Column(_("Listing"), "Annonce"),
            Column(_("Value incl. VAT (credits)"), "Valeur TTC (crédits)", MONEY),
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
        "Solde au fil du temps",
        [
            Column(_("Day"), "Jour", DATE),
            Column(
                _("Balance at the end of the day (credits)"),
                "Solde en fin de journée (crédits)",
                MONEY,
            ),
        ],
        [[day, value] for day, value in report.balance_points],
    )
    return [summary, purchases, swaps, balance]
