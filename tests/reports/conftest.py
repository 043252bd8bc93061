"""A small world whose every report figure is computed by hand (see the test modules).

Network N1 (commission 1 %, default credit limit 1,000 credits), dates in Europe/Paris, 2026:

- businesses: A (TPE, classic), B (association), C (SCOP) from the triangle; D (PME), E (SIAE),
  H (ESUS, never trades), G (micro, suspended), all registered on 5 January; F (SCIC) pending
  since 1 February; I (micro) registered on 2 May. D's credit limit is 240 credits.
- P1: D buys 2 × A's meeting room (unused asset, 100 credits excl. VAT, VAT 20 %), settled on
  31 March at 23:59: 240 credits, commission 2.
- P2: B buys 1 × the room, settled on 1 April at 00:00: 120 credits, commission 1.
- P3: A buys 1 × E's cleaning (50 credits, no VAT), settled on 15 April: commission 0.50.
- Run 1 (10 May): the triangle swap A → C (300), B → A (320), C → B (290), accepted on 11 May,
  settled on 20 May: 910 credits, commission 9.10.
- Run 2 (10 June): a D–E swap, declined by E. Run 3 (20 June): a B–E swap, expired on 28 June.
- 25 June: B's credit limit becomes 116.50 credits.

Network N2 (no commission): X (PME) buys from Y (association) 70 credits on 20 April.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from barter.services import purchases as purchase_services
from ledger import services as ledger_services
from ledger.models import Account
from matching import services as matching_services
from matching.models import Proposal
from tests.factories.barter import (
    BusinessFactory,
    ListingFactory,
    NetworkFactory,
    UserFactory,
    leaf_category,
)
from tests.factories.matching import triangle

PARIS = ZoneInfo("Europe/Paris")


def at(month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=PARIS)


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


@dataclass
class World:
    network: object
    coordinator: object
    businesses: dict
    users: dict
    listings: dict = field(default_factory=dict)
    purchases: dict = field(default_factory=dict)
    runs: dict = field(default_factory=dict)
    proposals: dict = field(default_factory=dict)
    network2: object = None
    coordinator2: object = None


def _buy(world: World, buyer: str, seller: str, listing: str, quantity: int, asked, settled):
    with travel(asked):
        purchase = purchase_services.purchase_request(
            actor=world.users[buyer],
            buyer=world.businesses[buyer],
            listing=world.listings[listing],
            quantity=quantity,
        )
        purchase = purchase_services.purchase_accept(actor=world.users[seller], purchase=purchase)
        purchase = purchase_services.purchase_deliver(actor=world.users[seller], purchase=purchase)
    with travel(settled):
        return purchase_services.purchase_confirm(actor=world.users[buyer], purchase=purchase)


def _run(world: World, moment) -> Proposal | None:
    with travel(moment):
        run = matching_services.matching_run_start(actor=world.coordinator, network=world.network)
        run = matching_services.matching_run_execute(run_id=run.pk)
    return run


def _listing(world: World, name: str, owner: str, kind: str, slug: str, value: int, **extra):
    world.listings[name] = ListingFactory(
        business=world.businesses[owner],
        kind=kind,
        category=leaf_category(slug),
        title=name,
        value=value,
        vat_rate=extra.pop("vat_rate", 0),
        is_remote=True,
        **extra,
    )


def build_world() -> World:
    with travel(at(1, 5, 10)):
        t = triangle(commission_rate=100, values=(30_000, 32_000, 29_000))
        world = World(
            network=t.network,
            coordinator=t.coordinator,
            businesses=dict(zip("ABC", t.businesses.values(), strict=True)),
            users=dict(zip("ABC", t.users.values(), strict=True)),
        )
        for name, (kind, sector) in {
            "A": ("tpe", "C"),
            "B": ("association", "J"),
            "C": ("scop", "I"),
        }.items():
            business = world.businesses[name]
            business.kind, business.sector = kind, sector
            business.save(update_fields=["kind", "sector"])
        for name, kind, sector, status in (
            ("D", "pme", "M", "active"),
            ("E", "insertion", "N", "active"),
            ("H", "esus", "S", "active"),
            ("G", "micro", "M", "suspended"),
        ):
            world.users[name] = UserFactory(username=f"owner-{name.lower()}-{t.network.pk}")
            world.businesses[name] = BusinessFactory(
                network=t.network,
                owner=world.users[name],
                legal_name=f"Entreprise {name}",
                kind=kind,
                sector=sector,
                status=status,
            )
            ledger_services.account_open(business=world.businesses[name])
        Account.objects.filter(business=world.businesses["D"]).update(credit_limit=24_000)
        _listing(world, "room", "A", "offer", "salle-reunion", 10_000, vat_rate=2000, quantity=5)
        world.listings["room"].nature = "asset"
        world.listings["room"].save(update_fields=["nature"])
        _listing(world, "cleaning", "E", "offer", "nettoyage", 5_000, quantity=10)
        _listing(world, "accountant", "D", "want", "aide-comptable", 50_000)
        _listing(world, "van", "E", "want", "location-vehicule", 20_000)

    with travel(at(2, 1, 9)):
        world.businesses["F"] = BusinessFactory(
            network=t.network, legal_name="Entreprise F", kind="scic", status="pending"
        )
    with travel(at(5, 2, 9)):
        world.businesses["I"] = BusinessFactory(
            network=t.network, legal_name="Entreprise I", kind="micro", sector="G"
        )
        ledger_services.account_open(business=world.businesses["I"])

    world.purchases["P1"] = _buy(world, "D", "A", "room", 2, at(3, 30, 10), at(3, 31, 23, 59))
    world.purchases["P2"] = _buy(world, "B", "A", "room", 1, at(3, 31, 10), at(4, 1, 0, 0))
    world.purchases["P3"] = _buy(world, "A", "E", "cleaning", 1, at(4, 14, 10), at(4, 15, 12))

    world.runs[1] = _run(world, at(5, 10, 9))
    swap = Proposal.objects.get(run=world.runs[1])
    with travel(at(5, 11, 10)):
        for name in "ABC":
            matching_services.proposal_accept(
                actor=world.users[name], proposal=swap, business=world.businesses[name]
            )
    names = {b.pk: name for name, b in world.businesses.items()}
    with travel(at(5, 20, 14)):
        for leg in swap.legs.all():
            matching_services.proposal_leg_deliver(actor=world.users[names[leg.giver_id]], leg=leg)
            matching_services.proposal_leg_confirm(
                actor=world.users[names[leg.receiver_id]], leg=leg
            )
    world.proposals["swap"] = swap

    with travel(at(6, 1, 9)):
        _listing(world, "training", "D", "offer", "formation-pro", 10_200)
        _listing(world, "training-want", "E", "want", "formation-pro", 10_200)
        _listing(world, "gardening", "E", "offer", "espaces-verts", 10_000)
        _listing(world, "gardening-want", "D", "want", "espaces-verts", 10_000)
    world.runs[2] = _run(world, at(6, 10, 9))
    declined = Proposal.objects.get(run=world.runs[2])
    with travel(at(6, 11, 9)):
        matching_services.proposal_decline(
            actor=world.users["E"], proposal=declined, business=world.businesses["E"]
        )
    world.proposals["declined"] = declined

    with travel(at(6, 15, 9)):
        _listing(world, "repairs", "E", "offer", "petits-travaux", 8_000)
        _listing(world, "repairs-want", "B", "want", "petits-travaux", 8_000)
        _listing(world, "copy", "B", "offer", "redaction", 8_000)
        _listing(world, "copy-want", "E", "want", "redaction", 8_000)
    world.runs[3] = _run(world, at(6, 20, 9))
    world.proposals["expired"] = Proposal.objects.get(run=world.runs[3])
    matching_services.proposals_expire(now=at(6, 28, 12))
    with travel(at(6, 25, 9)):
        Account.objects.filter(business=world.businesses["B"]).update(credit_limit=11_650)

    with travel(at(1, 5, 10)):
        world.coordinator2 = UserFactory(username="coordinator-n2")
        world.network2 = NetworkFactory(commission_rate=0, coordinators=[world.coordinator2])
        for name, kind in (("X", "pme"), ("Y", "association")):
            world.users[name] = UserFactory(username=f"owner-{name.lower()}")
            world.businesses[name] = BusinessFactory(
                network=world.network2,
                owner=world.users[name],
                legal_name=f"Entreprise {name}",
                kind=kind,
            )
            ledger_services.account_open(business=world.businesses[name])
        _listing(world, "translation", "Y", "offer", "traduction", 7_000)
    world.purchases["PX"] = _buy(world, "X", "Y", "translation", 1, at(4, 19, 10), at(4, 20, 12))
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per test module inside a transaction rolled back at the module's end; each
    test runs in a savepoint of it (pytest-django's `db`), so tests cannot leak into each
    other."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _database(db):
    """Every test of the reports reads the database."""


@pytest.fixture
def now_july(world):
    """Reports read on 15 July 2026: the second quarter is over, the year is not."""
    with travel(at(7, 15, 12)):
        yield
