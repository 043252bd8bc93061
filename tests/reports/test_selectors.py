"""Every measure of the dashboard against the hand-computed world of conftest.py.

Second quarter 2026 (1 April 00:00 – 1 July 00:00, Paris), network N1:
- exchanges: P2 (B buys A's room, 120.00), P3 (A buys E's cleaning, 50.00), the triangle swap
  (legs A → C 300.00, B → A 320.00, C → B 290.00); P1 (31 March 23:59) is outside;
- volume 1,080.00; commission 1.00 + 0.50 + 9.10 = 10.60;
- balances at the end: A 284.00, B -93.20, C -12.90, D -240.00, E 49.50, G, H, I 0.
"""

import pytest

from reports import selectors
from reports.forms import Thresholds
from reports.periods import month_period, quarter_period, year_period

Q2 = quarter_period(2026, 2)


@pytest.fixture
def n1(world):
    return [world.network.pk]


def test_exchanges_per_month_split_into_purchases_and_swaps(world, n1, now_july):
    report = selectors.exchanges_report(n1, Q2)
    rows = [
        (m.month.month, m.purchases, m.purchase_volume, m.swaps, m.swap_legs, m.swap_volume)
        for m in report.months
    ]
    assert rows == [(4, 2, 17_000, 0, 0, 0), (5, 0, 0, 1, 3, 91_000), (6, 0, 0, 0, 0, 0)]
    assert [m.commission for m in report.months] == [150, 910, 0]
    assert report.total.volume == 108_000
    assert report.total.exchanges == 5
    assert report.average_cycle_length == 3.0
    assert report.cycle_lengths == [(3, 1)]


def test_share_of_volume_between_social_economy_and_classic_firms(world, n1, now_july):
    report = selectors.exchanges_report(n1, Q2)
    cells = {(c.buyer, c.seller): (c.exchanges, c.volume) for c in report.families}
    assert cells == {
        ("ess", "ess"): (1, 29_000),  # C gives to B
        ("ess", "classic"): (2, 42_000),  # B buys A's room; A gives to C
        ("classic", "ess"): (2, 37_000),  # A buys E's cleaning; B gives to A
        ("classic", "classic"): (0, 0),
    }
    assert report.mixed_volume == 79_000
    assert report.mixed_share == pytest.approx(79_000 / 108_000)


def test_cash_preserved_per_business_and_in_total(world, n1, now_july):
    report = selectors.cash_report(n1, Q2)
    b = world.businesses
    rows = {
        f.business_id: (f.bought, f.received, f.cash_preserved, f.sold, f.given, f.commission)
        for f in report.businesses
    }
    assert rows == {
        b["A"].pk: (5_000, 32_000, 37_000, 12_000, 30_000, 400),
        b["B"].pk: (12_000, 29_000, 41_000, 0, 32_000, 320),
        b["C"].pk: (0, 30_000, 30_000, 0, 29_000, 290),
        b["E"].pk: (0, 0, 0, 5_000, 0, 50),
    }
    assert [f.business_id for f in report.businesses] == [b[k].pk for k in "BACE"]
    # Net credits of the exchanges = the change of each balance over the quarter.
    assert {f.business_id: f.net for f in report.businesses} == {
        b["A"].pk: 4_600,
        b["B"].pk: -9_320,
        b["C"].pk: -1_290,
        b["E"].pk: 4_950,
    }
    assert report.total_preserved == 108_000
    assert report.by_family == {"ess": 71_000, "classic": 37_000}
    assert report.commission == 1_060
    assert report.beneficiaries == 3


def test_members_by_status_family_kind_and_sector(world, n1, now_july):
    report = selectors.members_report(n1, Q2, Thresholds())
    t = report.total
    assert (t.members, t.active, t.pending, t.suspended, t.new, t.trading, t.dormant) == (
        9,
        7,
        1,
        1,
        1,
        4,
        2,
    )
    families = {
        g.key: (g.members, g.active, g.pending, g.suspended, g.new, g.trading, g.dormant)
        for g in report.by_family
    }
    assert families == {"ess": (5, 4, 1, 0, 0, 3, 1), "classic": (4, 3, 0, 1, 1, 1, 1)}
    kinds = {g.key: (g.members, g.trading, g.dormant) for g in report.by_kind}
    assert kinds == {
        "association": (1, 1, 0),
        "scop": (1, 1, 0),
        "scic": (1, 0, 0),
        "insertion": (1, 1, 0),
        "esus": (1, 0, 1),
        "micro": (2, 0, 0),
        "tpe": (1, 1, 0),
        "pme": (1, 0, 1),
    }
    sectors = {g.key: g.members for g in report.by_sector}
    assert sectors == {"C": 1, "J": 1, "I": 1, "M": 3, "N": 1, "S": 1, "G": 1}


def test_dormant_members_had_no_exchange_in_the_last_n_days(world, n1, now_july):
    # Window: the 90 days before 1 July 00:00, from 2 April. D last traded on 31 March; H never
    # did; I registered on 2 May, too recently to be dormant.
    dormant = selectors.dormant_businesses(n1, Q2, Thresholds())
    assert [b.legal_name for b in dormant] == ["Entreprise D", "Entreprise H"]
    # With 91 days the window opens on 1 April: P2 (1 April 00:00) makes B trade, not D.
    assert selectors.members_report(n1, Q2, Thresholds(dormant_days=91)).total.dormant == 2
    # With 92 days D's purchase of 31 March 23:59 is inside.
    longer = selectors.dormant_businesses(n1, Q2, Thresholds(dormant_days=92))
    assert [b.legal_name for b in longer] == ["Entreprise H"]


def test_balance_histogram_at_the_end_of_the_period(world, n1, now_july):
    report = selectors.balances_report(n1, Q2, Thresholds(), default_limit=100_000)
    assert not report.is_current
    assert [b.accounts for b in report.buckets] == [0, 0, 0, 0, 1, 2, 4, 1, 0, 0, 0, 0]
    assert (report.buckets[4].low, report.buckets[4].high) == (-40_000, -20_000)
    assert report.accounts == 8
    assert report.at_zero == 3
    assert report.outstanding == 28_400 + 4_950
    assert report.absolute_total == 67_960
    assert report.absolute_total_start == 47_800  # after P1 only: A 238.00, D -240.00


def test_velocity_is_volume_over_average_credit_in_circulation(world, n1, now_july):
    report = selectors.balances_report(n1, Q2, Thresholds(), default_limit=100_000)
    assert report.volume == 108_000
    assert report.average_outstanding == (67_960 + 47_800) / 4
    assert report.velocity == pytest.approx(108_000 / 28_940)


def test_accounts_near_or_at_their_limit(world, n1, now_july):
    report = selectors.balances_report(n1, Q2, Thresholds(), default_limit=100_000)
    names = [(a.name, a.balance, a.credit_limit, a.used_percent) for a in report.near_limit]
    # D uses all of its 240 credits; B exactly 80 % of its 116.50.
    assert names == [("Entreprise D", -24_000, 24_000, 100), ("Entreprise B", -9_320, 11_650, 80)]
    assert (report.near_limit_count, report.at_limit_count) == (2, 1)
    stricter = selectors.balances_report(
        n1, Q2, Thresholds(near_limit_percent=81), default_limit=100_000
    )
    assert [a.name for a in stricter.near_limit] == ["Entreprise D"]


def test_accounts_with_a_large_positive_balance(world, n1, now_july):
    default = selectors.balances_report(n1, Q2, Thresholds(), default_limit=100_000)
    assert default.large == [] and default.large_count == 0  # threshold 500 credits
    report = selectors.balances_report(
        n1, Q2, Thresholds(large_balance=4_950), default_limit=100_000
    )
    assert [(a.name, a.balance) for a in report.large] == [
        ("Entreprise A", 28_400),
        ("Entreprise E", 4_950),
    ]


def test_current_balances_when_the_period_is_not_over(world, n1, now_july):
    year = selectors.balances_report(
        n1, quarter_period(2026, 3), Thresholds(), default_limit=100_000
    )
    assert year.is_current
    assert year.absolute_total == 67_960  # no exchange since 1 July
    assert year.absolute_total_start == 67_960
    assert year.volume == 0 and year.velocity == 0


def test_listings_per_category_unmet_wants_and_assets_reused(world, n1, now_july):
    report = selectors.listings_report(n1, Q2)
    by_root = {
        r.name: (r.offers, r.wants, r.unmet_wants, r.assets_reused, r.asset_volume)
        for r in report.by_root
    }
    assert by_root == {
        "Communication et marketing": (2, 1, 1, 0, 0),
        "Conseil et gestion": (0, 1, 1, 0, 0),
        "Formation": (1, 1, 1, 0, 0),
        "Locaux et espaces": (1, 0, 0, 1, 12_000),
        "Restauration et alimentation": (1, 0, 0, 0, 0),
        "Entretien et travaux": (3, 2, 2, 0, 0),
        "Transport et logistique": (0, 1, 1, 0, 0),
        "Impression et fabrication": (1, 0, 0, 0, 0),
    }
    assert (report.total.offers, report.total.wants, report.total.unmet_wants) == (9, 6, 6)
    unmet = {
        r.name.split(" › ")[-1]: (r.unmet_wants, r.unmet_budget) for r in report.unmet_by_category
    }
    assert sorted(unmet.values()) == sorted(
        [(1, 50_000), (1, 20_000), (1, 10_200), (1, 10_000), (1, 8_000), (1, 8_000)]
    )
    assert report.total.unmet_budget == 106_200
    assert report.total.asset_exchanges == 1


def test_assets_reused_count_only_the_period(world, n1, now_july):
    march = selectors.listings_report(n1, month_period(2026, 3))
    assert (march.total.assets_reused, march.total.asset_exchanges) == (1, 1)
    assert march.total.asset_volume == 24_000


def test_matching_funnel_per_run(world, n1, now_july):
    report = selectors.funnel_report(n1, Q2)
    rows = [
        (r.run_id, r.proposals, r.accepted, r.settled, r.declined, r.expired, r.open)
        for r in report.runs
    ]
    assert rows == [
        (world.runs[3].pk, 1, 0, 0, 0, 1, 0),
        (world.runs[2].pk, 1, 0, 0, 1, 0, 0),
        (world.runs[1].pk, 1, 1, 1, 0, 0, 0),
    ]
    t = report.total
    assert (t.proposals, t.accepted, t.settled, t.declined, t.expired) == (3, 1, 1, 1, 1)
    assert t.acceptance_rate == pytest.approx(1 / 3)
    assert t.decline_rate == pytest.approx(1 / 3)
    assert t.expiry_rate == pytest.approx(1 / 3)


def test_exchange_graph_pairs(world, n1, now_july):
    report = selectors.exchange_graph(n1, Q2)
    b = world.businesses
    assert [n.business_id for n in report.nodes] == [b["A"].pk, b["B"].pk, b["C"].pk, b["E"].pk]
    assert [n.volume for n in report.nodes] == [79_000, 73_000, 59_000, 5_000]
    assert report.edges == [
        (b["A"].pk, b["B"].pk, 1, 32_000),
        (b["C"].pk, b["A"].pk, 1, 30_000),
        (b["B"].pk, b["C"].pk, 1, 29_000),
        (b["B"].pk, b["A"].pk, 1, 12_000),
        (b["A"].pk, b["E"].pk, 1, 5_000),
    ]
    assert (report.total_businesses, report.shown_volume, report.total_volume) == (
        4,
        108_000,
        108_000,
    )
    top2 = selectors.exchange_graph(n1, Q2, top=2)
    assert top2.edges == [(b["A"].pk, b["B"].pk, 1, 32_000), (b["B"].pk, b["A"].pk, 1, 12_000)]


def test_key_figures_side_by_side_per_network(world, now_july):
    n1, n2 = selectors.key_figures([world.network, world.network2], Q2, Thresholds())
    assert (n1.active, n1.new, n1.trading, n1.dormant) == (7, 1, 4, 2)
    assert (n1.purchases, n1.swaps, n1.swap_legs, n1.volume) == (2, 1, 3, 108_000)
    assert (n1.cash_preserved, n1.commission, n1.mixed_volume) == (108_000, 1_060, 79_000)
    assert n1.average_cycle_length == 3.0
    assert n1.velocity == pytest.approx(108_000 / 28_940)
    assert (n1.near_limit, n1.large_balances, n1.unmet_wants) == (2, 0, 6)
    assert (n1.proposals, n1.proposals_accepted, n1.proposals_declined) == (3, 1, 1)
    assert [n1.months[m].volume for m in sorted(n1.months)] == [17_000, 91_000, 0]
    assert (n2.active, n2.trading, n2.purchases, n2.volume, n2.commission) == (2, 2, 1, 7_000, 0)
    assert n2.mixed_share == 1.0


def test_a_business_report(world, now_july):
    report = selectors.business_report(world.businesses["A"], Q2)
    assert (report.flows.cash_preserved, report.flows.sold_in_credits) == (37_000, 42_000)
    assert (report.opening_balance, report.closing_balance) == (23_800, 28_400)
    assert [(d.isoformat(), b) for d, b in report.balance_points] == [
        ("2026-04-01", 35_700),
        ("2026-04-15", 30_700),
        ("2026-05-20", 28_400),
    ]
    assert [p["pk"] for p in report.purchases] == [
        world.purchases["P3"].pk,
        world.purchases["P2"].pk,
    ]
    assert len(report.legs) == 2


def test_another_network_is_not_counted(world, now_july):
    (n2,) = selectors.key_figures([world.network2], Q2, Thresholds())
    assert n2.volume == 7_000
    assert selectors.exchanges_report([world.network2.pk], Q2).total.volume == 7_000


def test_members_over_a_long_period_are_found_by_index(world, n1, now_july):
    # Over the year (not over on 15 July) the trading members are found by correlated EXISTS:
    # A, B, C, D (P1), E. Dormant: no exchange in the 90 days before now (from 16 April
    # 12:00): D, E (P3 on 15 April) and H; I registered too recently.
    year = year_period(2026)
    assert selectors.trading_by_index(year) and not selectors.trading_by_index(Q2)
    total = selectors.members_report(n1, year, Thresholds()).total
    assert (total.trading, total.dormant, total.new) == (5, 3, 9)  # all registered in 2026
    (figures,) = selectors.key_figures([world.network], year, Thresholds())
    assert (figures.trading, figures.dormant) == (5, 3)


def test_the_graph_from_flows_read_already_is_the_same(world, n1, now_july):
    flows = selectors.business_flows(n1, Q2)
    direct = selectors.exchange_graph(n1, Q2, top=3)
    reused = selectors.exchange_graph(n1, Q2, top=3, flows=flows)
    assert reused.edges == direct.edges
    assert [n.business_id for n in reused.nodes] == [n.business_id for n in direct.nodes]
    assert (reused.total_businesses, reused.total_volume) == (4, 108_000)


def test_a_reversed_settlement_is_not_an_exchange(world, n1, now_july):
    from ledger import services as ledger_services

    from .conftest import at, travel

    with travel(at(7, 1, 10)):
        ledger_services.transaction_reverse(
            actor=world.coordinator,
            transaction_=world.purchases["P3"].settlement,
            reason="Saisie en double",
            idempotency_key="test-reverse-p3",
        )
    report = selectors.exchanges_report(n1, Q2)
    assert (report.total.purchases, report.total.volume) == (1, 103_000)
    assert report.total.commission == 1_060 - 50
    flows = selectors.business_flows(n1, Q2)
    assert flows[world.businesses["A"].pk].bought == 0
    (figures,) = selectors.key_figures([world.network], Q2, Thresholds())
    assert (figures.volume, figures.trading) == (103_000, 3)  # E traded only in P3
