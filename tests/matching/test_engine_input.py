"""The platform → engine input mapping: which want accepts which offer, headroom, tolerance."""

import pytest

from barter.models import BusinessStatus, ListingStatus
from ledger.models import Account
from matching import selectors
from matching.engine import validate_input
from tests.factories.barter import BusinessFactory, ListingFactory, leaf_category
from tests.factories.matching import triangle

pytestmark = pytest.mark.django_db


def accepted(built):
    return {
        (built.wants[w["id"]].pk, built.offers[a["offer"]].pk)
        for w in built.document["wants"]
        for a in w["accepts"]
    }


def test_the_document_is_valid_engine_input_with_the_network_settings():
    t = triangle()
    settings = selectors.matching_settings(t.network)
    settings.balance_tolerance, settings.max_cycle_length = 5_000, 3
    settings.save()
    built = selectors.engine_input(t.network)
    validate_input(built.document)
    doc = built.document
    assert doc["max_cycle_length"] == 3
    assert {p["tolerance"] for p in doc["participants"]} == {5_000}
    assert {p["headroom"] for p in doc["participants"]} == {100_000}
    assert accepted(built) == {
        (t.wants[taker].pk, t.offers[giver].pk)
        for giver, taker in [("a", "c"), ("b", "a"), ("c", "b")]
    }


def test_offer_value_is_the_credits_that_would_move_incl_vat():
    t = triangle(vat_rate=2000, values=(10_000, 10_000, 10_000))
    built = selectors.engine_input(t.network)
    assert {o["value"] for o in built.document["offers"]} == {12_000}


def test_headroom_is_the_available_credit():
    t = triangle()
    Account.objects.filter(business=t.businesses["a"]).update(credit_limit=7_000)
    built = selectors.engine_input(t.network)
    headroom = {built.businesses[p["id"]].pk: p["headroom"] for p in built.document["participants"]}
    assert headroom[t.businesses["a"].pk] == 7_000


def test_budget_tolerance_bounds_the_price():
    t = triangle()
    pricey = ListingFactory(
        business=t.businesses["b"],
        category=leaf_category("site-web"),
        value=36_001,
        vat_rate=0,
        is_remote=True,
    )
    fair = ListingFactory(
        business=t.businesses["b"],
        category=leaf_category("site-web"),
        value=36_000,
        vat_rate=0,
        is_remote=True,
    )
    pairs = accepted(selectors.engine_input(t.network))  # 20 % above the 300-credit budget: 360
    assert (t.wants["a"].pk, fair.pk) in pairs
    assert (t.wants["a"].pk, pricey.pk) not in pairs


def test_a_want_in_a_parent_category_accepts_offers_in_its_sub_categories():
    t = triangle()
    parent_want = ListingFactory(
        business=t.businesses["c"],
        kind="want",
        category=leaf_category("site-web").parent,
        value=40_000,
        is_remote=True,
    )
    assert (parent_want.pk, t.offers["b"].pk) in accepted(selectors.engine_input(t.network))


def test_inactive_paused_and_own_listings_stay_out():
    t = triangle()
    t.offers["b"].status = ListingStatus.PAUSED
    t.offers["b"].save()
    own = ListingFactory(
        business=t.businesses["a"], category=leaf_category("site-web"), value=30_000, is_remote=True
    )
    suspended = BusinessFactory(network=t.network, status=BusinessStatus.SUSPENDED)
    ListingFactory(
        business=suspended, category=leaf_category("site-web"), value=30_000, is_remote=True
    )
    pairs = accepted(selectors.engine_input(t.network))
    assert all(offer != t.offers["b"].pk and offer != own.pk for _, offer in pairs)
    assert all(
        built_offer.business.status == BusinessStatus.ACTIVE
        for built_offer in selectors.engine_input(t.network).offers.values()
    )


def test_local_offers_must_reach_the_receiver():
    t = triangle()
    far = t.businesses["a"]
    far.latitude, far.longitude = 48.2670, 2.6970  # Nemours, ~70 km from Évry
    far.save()
    t.offers["b"].is_remote = False
    t.offers["b"].radius_km = 20
    t.offers["b"].save()
    assert (t.wants["a"].pk, t.offers["b"].pk) not in accepted(selectors.engine_input(t.network))
    t.offers["b"].radius_km = 100
    t.offers["b"].save()
    assert (t.wants["a"].pk, t.offers["b"].pk) in accepted(selectors.engine_input(t.network))


def test_text_relevance_becomes_the_score():
    t = triangle()
    built = selectors.engine_input(t.network)
    scores = [a["score"] for w in built.document["wants"] for a in w["accepts"]]
    assert all(0.5 <= s <= 1.0 for s in scores)
    assert max(scores) > 0.5  # "Besoin : Impression de flyers" shares words with its offer


def test_other_networks_stay_out():
    t = triangle()
    other = triangle()
    ids = {o.pk for o in selectors.engine_input(t.network).offers.values()}
    assert ids.isdisjoint({o.pk for o in other.offers.values()})
