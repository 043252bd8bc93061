"""Domain events reach subscribers after commit, and never for a rolled-back transaction."""

import pytest
from django.db import transaction

from barter import services
from config import events
from tests.factories.barter import BusinessFactory, ListingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    seen = []

    def handler(event, network_id, payload):
        seen.append((event, network_id, payload))

    events.subscribe(handler)
    yield seen
    events._handlers.remove(handler)


def test_events_are_delivered_after_commit(received, django_capture_on_commit_callbacks):
    owner = UserFactory()
    listing = ListingFactory(business=BusinessFactory(owner=owner))
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_pause(actor=owner, listing=listing)
    assert received == [
        (
            "listing.changed",
            listing.business.network_id,
            {
                "listing": listing.pk,
                "business": listing.business_id,
                "change": "paused",
                "status": "paused",
            },
        )
    ]


def test_nothing_is_published_for_a_rolled_back_transaction(
    received, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    listing = ListingFactory(business=BusinessFactory(owner=owner))
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.listing_pause(actor=owner, listing=listing)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert received == []


def test_unknown_events_are_refused():
    with pytest.raises(ValueError, match="unknown event"):
        events.publish("listing.exploded", network_id=1, payload={})
