import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from barter import services
from barter.errors import InvalidTransition, NotAllowed
from barter.models import BusinessStatus, Listing, ListingStatus
from tests.factories.barter import (
    BusinessFactory,
    ListingFactory,
    NetworkFactory,
    UserFactory,
    leaf_category,
)

pytestmark = pytest.mark.django_db


def fields(**overrides):
    data = {
        "kind": "offer",
        "nature": "service",
        "title": "Création de logo",
        "description": "Un logo vectoriel et sa charte.",
        "category": leaf_category("graphisme"),
        "value": 45_000,
        "quantity": 1,
        "unit": "service",
    }
    data.update(overrides)
    return data


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def business(owner):
    return BusinessFactory(owner=owner)


def test_create_and_publish(owner, business):
    listing = services.listing_create(actor=owner, business=business, publish=True, **fields())
    assert listing.status == ListingStatus.ACTIVE
    assert listing.published_at is not None
    assert listing.value == 45_000


def test_create_as_draft_by_default(owner, business):
    listing = services.listing_create(actor=owner, business=business, **fields())
    assert listing.status == ListingStatus.DRAFT


def test_a_pending_business_can_prepare_drafts_but_not_publish(owner):
    business = BusinessFactory(owner=owner, status=BusinessStatus.PENDING)
    with pytest.raises(InvalidTransition):
        services.listing_create(actor=owner, business=business, publish=True, **fields())
    listing = services.listing_create(actor=owner, business=business, **fields())
    assert listing.status == ListingStatus.DRAFT


def test_a_stranger_cannot_create_a_listing_for_a_business(business):
    with pytest.raises(NotAllowed):
        services.listing_create(actor=UserFactory(), business=business, **fields())
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"value": -100}, "value"),
        ({"title": ""}, "title"),
        ({"quantity": 0}, "quantity"),
        (
            {"valid_from": datetime.date(2026, 5, 1), "valid_until": datetime.date(2026, 4, 1)},
            "__all__",
        ),
    ],
)
def test_bad_input_is_refused_per_field(owner, business, override, field):
    with pytest.raises(ValidationError) as exc:
        services.listing_create(actor=owner, business=business, **fields(**override))
    assert field in exc.value.error_dict
    assert not Listing.objects.exists()


def test_a_want_has_no_vat(owner, business):
    listing = services.listing_create(
        actor=owner, business=business, **fields(kind="want", vat_rate=2000)
    )
    assert listing.vat_rate == 0


def test_a_remote_listing_has_no_radius(owner, business):
    listing = services.listing_create(
        actor=owner, business=business, **fields(is_remote=True, radius_km=20)
    )
    assert listing.radius_km is None


def test_update_by_owner(owner, business):
    listing = ListingFactory(business=business)
    services.listing_update(actor=owner, listing=listing, title="Logo et carte de visite")
    listing.refresh_from_db()
    assert listing.title == "Logo et carte de visite"


def test_update_by_another_business_is_refused(business):
    listing = ListingFactory(business=business)
    intruder = UserFactory()
    BusinessFactory(owner=intruder, network=business.network)
    with pytest.raises(NotAllowed):
        services.listing_update(actor=intruder, listing=listing, title="piraté")
    listing.refresh_from_db()
    assert listing.title != "piraté"


def test_pause_and_republish(owner, business):
    listing = ListingFactory(business=business)
    services.listing_pause(actor=owner, listing=listing)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PAUSED
    services.listing_publish(actor=owner, listing=listing)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.ACTIVE


def test_a_paused_listing_cannot_be_paused_again(owner, business):
    listing = ListingFactory(business=business, status=ListingStatus.PAUSED)
    with pytest.raises(InvalidTransition):
        services.listing_pause(actor=owner, listing=listing)


def test_an_expired_listing_cannot_be_published(owner, business):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    listing = ListingFactory(
        business=business,
        status=ListingStatus.PAUSED,
        valid_from=yesterday - datetime.timedelta(days=10),
        valid_until=yesterday,
    )
    with pytest.raises(InvalidTransition):
        services.listing_publish(actor=owner, listing=listing)


def test_delete_by_owner_removes_it(owner, business):
    listing = ListingFactory(business=business)
    services.listing_delete(actor=owner, listing=listing)
    assert not Listing.objects.filter(pk=listing.pk).exists()


def test_delete_by_a_stranger_is_refused(business):
    listing = ListingFactory(business=business)
    with pytest.raises(NotAllowed):
        services.listing_delete(actor=UserFactory(), listing=listing)
    assert Listing.objects.filter(pk=listing.pk).exists()


def test_coordinator_moderates_and_owner_cannot_republish(owner):
    coordinator = UserFactory()
    business = BusinessFactory(owner=owner, network=NetworkFactory(coordinators=[coordinator]))
    listing = ListingFactory(business=business)
    services.listing_moderate(actor=coordinator, listing=listing, reason="Hors charte")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.MODERATED
    assert listing.moderation_reason == "Hors charte"
    with pytest.raises(InvalidTransition):
        services.listing_publish(actor=owner, listing=listing)
    with pytest.raises(InvalidTransition):
        services.listing_update(actor=owner, listing=listing, title="Autre")
    services.listing_restore(actor=coordinator, listing=listing)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PAUSED


def test_a_coordinator_of_another_network_cannot_moderate():
    other = UserFactory()
    NetworkFactory(coordinators=[other])
    listing = ListingFactory()
    with pytest.raises(NotAllowed):
        services.listing_moderate(actor=other, listing=listing, reason="x")


def test_expire_marks_outdated_listings():
    today = timezone.localdate()
    old = ListingFactory(
        valid_from=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=1),
    )
    current = ListingFactory(valid_until=today + datetime.timedelta(days=1))
    assert services.listings_expire(today=today) == 1
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (ListingStatus.EXPIRED, ListingStatus.ACTIVE)
