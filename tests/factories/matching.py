"""A small network where a 3-way swap exists and no pair could trade alone:
A (printer) wants a website, B (web designer) wants catering, C (caterer) wants printing."""

from dataclasses import dataclass

from barter.models import Business, Listing
from ledger import services as ledger_services
from tests.factories.barter import (
    BusinessFactory,
    ListingFactory,
    NetworkFactory,
    UserFactory,
    leaf_category,
)


@dataclass
class Triangle:
    network: object
    users: dict[str, object]
    businesses: dict[str, Business]
    offers: dict[str, Listing]
    wants: dict[str, Listing]
    coordinator: object


def triangle(
    *, commission_rate: int = 0, values=(30_000, 30_000, 30_000), vat_rate: int = 0
) -> Triangle:
    leaf_category()
    coordinator = UserFactory()
    network = NetworkFactory(
        default_credit_limit=100_000, commission_rate=commission_rate, coordinators=[coordinator]
    )
    users, businesses = {}, {}
    for name in "abc":
        users[name] = UserFactory(username=f"owner-{name}-{network.pk}")
        businesses[name] = BusinessFactory(
            network=network, owner=users[name], legal_name=f"Entreprise {name.upper()}"
        )
        ledger_services.account_open(business=businesses[name])
    specs = {  # who offers what (category slug), who wants it
        "a": ("impression", "Impression de flyers", "c"),
        "b": ("site-web", "Création de site vitrine", "a"),
        "c": ("traiteur", "Buffet traiteur pour 30 personnes", "b"),
    }
    offers, wants = {}, {}
    for (giver, (slug, title, taker)), value in zip(specs.items(), values, strict=True):
        offers[giver] = ListingFactory(
            business=businesses[giver],
            kind="offer",
            category=leaf_category(slug),
            title=title,
            value=value,
            vat_rate=vat_rate,
            quantity=2,
            is_remote=True,
        )
        wants[taker] = ListingFactory(
            business=businesses[taker],
            kind="want",
            category=leaf_category(slug),
            title=f"Besoin : {title}",
            value=value,
            vat_rate=0,
            quantity=1,
            is_remote=True,
        )
    return Triangle(network, users, businesses, offers, wants, coordinator)
