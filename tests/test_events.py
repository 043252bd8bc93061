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
    events.unsubscribe(handler)


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


@pytest.fixture
def probed():
    """A subscriber with a probe: it records the rows it was handed (None: not probed)."""
    seen = []

    def handler(event, network_id, payload, *, probed=None):
        seen.append((event, network_id, probed))

    def probe(event, network_id):
        return "SELECT %s, %s", [event, network_id]

    events.subscribe(handler, probe=probe)
    yield seen
    events.unsubscribe(handler)


def test_the_ledger_runs_the_probes_in_its_transaction(probed, django_capture_on_commit_callbacks):
    from ledger import services as ledger_services
    from tests.factories.ledger import open_accounts

    a, b = open_accounts(2)
    with django_capture_on_commit_callbacks(execute=True):
        ledger_services.transfer_post(actor=None, payer=a, payee=b, amount=100, idempotency_key="p")
        assert probed == []  # not before the commit
    assert probed == [("transfer.posted", a.network_id, [("transfer.posted", a.network_id)])]


def test_a_publisher_that_runs_no_probe_leaves_the_query_to_the_handler(
    probed, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    listing = ListingFactory(business=BusinessFactory(owner=owner))
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_pause(actor=owner, listing=listing)
    assert probed == [("listing.changed", listing.business.network_id, None)]
