"""`manage.py seed_demo`: a deterministic, realistic demo that obeys the marketplace's rules.

The demo is seeded once for the package (tests/demo/conftest.py).
"""

import itertools
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from barter.data.communes import COMMUNES
from barter.geo import haversine_km
from barter.models import (
    SOCIAL_ECONOMY_KINDS,
    Business,
    BusinessStatus,
    Category,
    Listing,
    ListingKind,
    ListingNature,
    ListingStatus,
    Membership,
    MembershipRole,
    Network,
)
from barter.validators import siret_is_valid
from demo import context as demo
from ledger.models import Account

pytestmark = pytest.mark.django_db


def demo_businesses():
    return Business.objects.filter(network__slug__in=demo.DEMO_NETWORK_SLUGS)


def demo_listings():
    return Listing.objects.filter(business__in=demo_businesses())


def printed_password(output):
    return re.search(r"password for all: (\S+)", output).group(1)


def test_seeds_two_networks_with_at_least_150_businesses_of_both_families(seeded):
    networks = Network.objects.filter(slug__in=demo.DEMO_NETWORK_SLUGS)
    assert sorted(networks.values_list("slug", "departements")) == [
        ("essonne", ["91"]),
        ("seine-et-marne", ["77"]),
    ]
    businesses = demo_businesses()
    assert businesses.count() >= 150
    social = businesses.filter(kind__in=[k.value for k in SOCIAL_ECONOMY_KINDS]).count()
    assert 0.3 <= social / businesses.count() <= 0.5
    for network in networks:
        assert network.businesses.count() >= 70


def test_most_businesses_are_active_some_await_approval_and_a_few_are_suspended(seeded):
    businesses = demo_businesses()
    assert businesses.filter(status=BusinessStatus.ACTIVE).count() >= 0.9 * businesses.count()
    assert businesses.filter(status=BusinessStatus.PENDING).count() >= 3
    suspended = businesses.filter(status=BusinessStatus.SUSPENDED)
    assert 1 <= suspended.count() <= 3
    assert all(b.status_reason for b in suspended)
    # Approval went through the services: approved businesses have a ledger account, pending
    # ones none.
    assert not Account.objects.filter(business__status=BusinessStatus.PENDING).exists()
    assert (
        Account.objects.filter(business__in=businesses).count()
        == businesses.exclude(status=BusinessStatus.PENDING).count()
    )


def test_every_siret_is_valid_and_unique(seeded):
    sirets = list(demo_businesses().values_list("siret", flat=True))
    assert all(len(s) == 14 and siret_is_valid(s) for s in sirets)
    assert len(set(sirets)) == len(sirets)


def test_businesses_sit_within_a_kilometre_and_a_half_of_a_commune_of_their_departement(seeded):
    gazetteer = {(pc, name): (lat, lon) for pc, name, lat, lon in COMMUNES}
    for business in demo_businesses().select_related("network"):
        assert business.postcode[:2] in business.network.departements
        lat, lon = gazetteer[(business.postcode, business.commune)]
        assert haversine_km(lat, lon, business.latitude, business.longitude) <= 1.5
        assert business.email.endswith(".example")
        owner = Membership.objects.get(business=business, role=MembershipRole.OWNER).user
        assert owner.first_name and owner.last_name


def test_seeds_at_least_600_listings_over_45_leaf_categories(seeded):
    listings = demo_listings()
    assert listings.count() >= 600
    leaves = Category.objects.filter(parent__isnull=False)
    assert listings.values("category").distinct().count() >= 45
    assert not listings.exclude(category__in=leaves).exists()
    offers = listings.filter(kind=ListingKind.OFFER).count()
    assert 0.55 <= offers / listings.count() <= 0.65
    # Lending idle equipment, rooms and stock is the platform's key use case.
    assert listings.filter(nature=ListingNature.ASSET).count() >= 0.2 * listings.count()


def test_listings_follow_the_marketplace_rules(seeded):
    listings = demo_listings()
    assert listings.filter(status=ListingStatus.ACTIVE).count() >= 0.85 * listings.count()
    assert listings.filter(status=ListingStatus.DRAFT).exists()
    assert listings.filter(status=ListingStatus.PAUSED).exists()
    # Pending businesses cannot publish: they only have drafts.
    assert set(
        listings.filter(business__status=BusinessStatus.PENDING).values_list("status", flat=True)
    ) == {ListingStatus.DRAFT}
    assert not listings.filter(kind=ListingKind.WANT).exclude(vat_rate=0).exists()
    assert not listings.filter(is_remote=True, radius_km__isnull=False).exists()
    assert not listings.filter(is_remote=False, radius_km__isnull=True).exists()
    assert not listings.filter(value__lte=0).exists()


def test_sends_no_email(seeded):
    assert seeded["mails"] == 0


def sign_in_request():
    """A sign-in's request: the login throttle (django-axes) needs the client it counts."""
    return RequestFactory().post("/accounts/login/")


def test_the_printed_logins_authenticate_with_their_roles(seeded):
    password = printed_password(seeded["output"])
    assert password == demo.DEMO_PASSWORD
    assert "http://127.0.0.1:8000/" in seeded["output"]
    essonne = Network.objects.get(slug="essonne")
    seine_et_marne = Network.objects.get(slug="seine-et-marne")

    entrepreneur = authenticate(
        sign_in_request(), username=demo.DEMO_ENTREPRENEUR, password=password
    )
    business = Business.objects.get(memberships__user=entrepreneur)
    assert business.legal_name == demo.DEMO_BUSINESS_NAME
    assert (business.network, business.status) == (essonne, BusinessStatus.ACTIVE)
    assert business.listings.filter(status=ListingStatus.ACTIVE).count() >= 5

    coordinator = authenticate(sign_in_request(), username=demo.DEMO_COORDINATOR, password=password)
    assert list(coordinator.coordinated_networks.all()) == [essonne]
    coordinator_77 = authenticate(
        sign_in_request(), username=demo.DEMO_COORDINATOR_77, password=password
    )
    assert list(coordinator_77.coordinated_networks.all()) == [seine_et_marne]

    admin = authenticate(sign_in_request(), username=demo.DEMO_ADMIN, password=password)
    assert admin.is_superuser and admin.is_staff


def test_the_printed_essonne_cycle_is_a_closed_loop_of_matching_listings(seeded):
    """A offers what B wants, B what C wants, C what A wants, at values within 15 %, and each
    listing reaches the partner (delivered remotely or within its radius)."""
    line = next(
        line
        for line in seeded["output"].splitlines()
        if line.startswith("  France Active Essonne: ")
    )
    steps = line.split(": ", 1)[1].split(" → ")
    assert steps[0].startswith(demo.DEMO_BUSINESS_NAME)  # the entrepreneur sees a 3-way swap
    hops = [re.fullmatch(r"(.*) \(([a-z-]+)\)", step).groups() for step in steps[:-1]]
    assert len(hops) == 3 and steps[-1] == hops[0][0]
    members = [Business.objects.get(legal_name=name) for name, _ in hops]
    assert len({m.pk for m in members}) == 3
    assert all(m.network.slug == "essonne" and m.is_active for m in members)

    offer_values = []
    for i, (giver, (_, slug)) in enumerate(zip(members, hops, strict=True)):
        taker = members[(i + 1) % 3]
        distance = haversine_km(giver.latitude, giver.longitude, taker.latitude, taker.longitude)
        live = Listing.objects.filter(category__slug=slug, status=ListingStatus.ACTIVE)
        pairs = [
            (offer.value, want.value)
            for offer in live.filter(business=giver, kind=ListingKind.OFFER)
            for want in live.filter(business=taker, kind=ListingKind.WANT)
            if all(x.is_remote or x.radius_km >= distance for x in (offer, want))
        ]
        offer_values.append([o for o, w in pairs if abs(w - o) <= 0.15 * o])
        assert offer_values[-1], f"{taker} wants no {slug} near what {giver} offers"
    assert any(max(values) <= 1.15 * min(values) for values in itertools.product(*offer_values))


def test_a_second_run_changes_nothing(seeded):
    before = (demo_businesses().count(), demo_listings().count(), get_user_model().objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo data already present" in out.getvalue()
    assert printed_password(out.getvalue()) == demo.DEMO_PASSWORD
    after = (demo_businesses().count(), demo_listings().count(), get_user_model().objects.count())
    assert after == before


def test_the_demo_trades_and_its_ledger_verifies(seeded):
    from barter.models import Purchase, PurchaseStatus
    from ledger.models import Invoice
    from ledger.selectors import ledger_verify

    purchases = Purchase.objects.filter(network__slug__in=demo.DEMO_NETWORK_SLUGS)
    assert purchases.filter(status=PurchaseStatus.SETTLED).count() >= 20
    assert purchases.exclude(status=PurchaseStatus.SETTLED).exists()
    assert Invoice.objects.filter(seller__network__slug__in=demo.DEMO_NETWORK_SLUGS).count() >= 20
    report = ledger_verify()
    assert report.ok, report.violations
    assert all(total == 0 for total in report.networks.values())
    assert "ledger OK" in _verify_output()


def test_the_history_is_dated_over_past_months_and_every_record_of_a_settlement_agrees(seeded):
    """Purchases and swaps were settled by the services on past days (demo/clock.py): the
    journal, the purchases, the invoices, the holds and the reports' read model carry the day
    of their settlement, spread over the past months."""
    from barter.models import Purchase
    from ledger.models import Hold, Invoice, JournalTransaction
    from reports.models import ExchangeLine

    today = timezone.localdate()
    transactions = JournalTransaction.objects.filter(network__slug__in=demo.DEMO_NETWORK_SLUGS)
    days = {timezone.localtime(t.created_at).date() for t in transactions}
    assert min(days) <= today - timedelta(days=200)
    assert max(days) < today
    assert len({(day.year, day.month) for day in days}) >= 7
    for line in ExchangeLine.objects.select_related("transaction"):
        assert line.at == line.transaction.created_at
    for invoice in Invoice.objects.select_related("transaction"):
        assert invoice.issued_on == timezone.localtime(invoice.transaction.created_at).date()
    for purchase in Purchase.objects.filter(settlement__isnull=False).select_related("settlement"):
        assert purchase.settled_at.date() == purchase.settlement.created_at.date()
        assert purchase.created_at.date() == purchase.settled_at.date()
    for hold in Hold.objects.filter(transaction__isnull=False).select_related("transaction"):
        assert hold.created_at <= hold.transaction.created_at
        assert hold.created_at.date() < today


def _verify_output():
    out = StringIO()
    call_command("ledger_verify", stdout=out)
    return out.getvalue()
