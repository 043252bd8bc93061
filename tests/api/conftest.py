"""Partner clients and two networks, A and B, each with a business of every kind of object the
API serves: listings, accounts, a transfer, a swap proposal, a matching run, webhooks."""

from dataclasses import dataclass, field

import pytest
from rest_framework.test import APIClient

from api import services
from api.models import PartnerClient
from ledger import services as ledger_services
from matching import services as matching_services
from matching.models import MatchingRun
from tests.factories.barter import NetworkFactory
from tests.factories.matching import triangle


def partner_api(client: PartnerClient, key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    api.partner = client
    api.key = key
    return api


@pytest.fixture
def make_partner():
    """make_partner(network=None, scopes=("read", "write"), rate="100000/min") → an APIClient
    authenticated with a new client's key (`.partner`, `.key`)."""

    def make(network=None, scopes=("read", "write"), rate="100000/min", **kwargs):
        client, key = services.partner_client_create(
            actor=None,
            network=network or NetworkFactory(),
            name="Outil du club",
            scopes=list(scopes),
            throttle_rate=rate,
            **kwargs,
        )
        return partner_api(client, key)

    return make


@dataclass
class World:
    """One network's objects, as the API exposes them."""

    triangle: object
    api: APIClient
    objects: dict = field(default_factory=dict)

    @property
    def network(self):
        return self.triangle.network


def build_world(make_partner) -> World:
    t = triangle()
    api = make_partner(network=t.network)
    run = MatchingRun.objects.create(network=t.network, trigger="manual")
    matching_services.matching_run_execute(run_id=run.pk)
    run.refresh_from_db()
    proposal = run.proposals.get()
    a, b = t.businesses["a"], t.businesses["b"]
    transfer = ledger_services.transfer_post(
        actor=t.coordinator,
        payer=a.accounts.get(),
        payee=b.accounts.get(),
        amount=1_000,
        idempotency_key=f"world:{t.network.pk}",
    ).transaction
    endpoint = services.webhook_endpoint_create(
        actor=api.partner.user,
        client=api.partner,
        url="https://hooks.example.org/cyclotroc",
        events=["listing.changed"],
    )
    delivery = services.webhook_ping(actor=api.partner.user, endpoint=endpoint)
    world = World(triangle=t, api=api)
    world.objects = {
        "businesses": a,
        "listings": t.offers["a"],
        "accounts": a.accounts.get(),
        "transfers": transfer,
        "proposals": proposal,
        "matching-runs": run,
        "webhook-endpoints": endpoint,
        "webhook-deliveries": delivery,
    }
    return world


@pytest.fixture
def world_a(make_partner) -> World:
    return build_world(make_partner)


@pytest.fixture
def world_b(make_partner) -> World:
    return build_world(make_partner)
