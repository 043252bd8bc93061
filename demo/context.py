"""What the seeding steps share: the demo's identity (logins, networks, group), its error, and the
`DemoContext` each step reads and extends."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TextIO

from django.contrib.auth.models import Group

from barter.models import Business, Category, Listing, Network

from .data import ENTREPRENEUR, NETWORKS, Profile

DEFAULT_SEED = 2026
DEMO_PASSWORD = "cyclotroc-demo"  # noqa: S105 -- public on purpose: printed for the demo
# Every user the demo creates joins this group: it tells the demo's users from anybody else's.
DEMO_GROUP = "Démo Cyclotroc (données fictives)"
DEMO_NETWORK_SLUGS = tuple(network.slug for network in NETWORKS)
DEMO_COORDINATOR, DEMO_COORDINATOR_77 = (network.coordinator_username for network in NETWORKS)
DEMO_ENTREPRENEUR = ENTREPRENEUR["username"]
DEMO_ADMIN = "admin"
DEMO_BUSINESS_NAME = ENTREPRENEUR["legal_name"]
DEMO_LOGINS = [
    ("entrepreneur", DEMO_ENTREPRENEUR, f"owner of {DEMO_BUSINESS_NAME} (Essonne)"),
    *(("coordinator", network.coordinator_username, network.name) for network in NETWORKS),
    ("admin", DEMO_ADMIN, "superuser, also the Django admin (/admin/)"),
]


class DemoError(Exception):
    """The demo cannot be seeded or replaced safely in this database."""


@dataclass(eq=False)
class DemoBusiness:
    """A business the demo registered, with the profile it was drawn from."""

    business: Business
    owner: object
    profile: Profile
    network_slug: str
    fate: str  # "active", "pending" or "suspended": what the demo makes of it
    created: datetime
    used_titles: list[str] = field(default_factory=list)


@dataclass
class DemoCycle:
    """A planted multilateral exchange: hop i is (offer of member i, want of member i + 1)."""

    network_slug: str
    hops: list[tuple[Listing, Listing]]


@dataclass
class DemoContext:
    """The random generator and everything the steps made so far, for the steps after them."""

    rng: random.Random
    stdout: TextIO | None
    today: date
    password_hash: str
    group: Group
    categories: dict[str, Category] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)
    coordinators: dict[str, object] = field(default_factory=dict)
    admin: object | None = None
    admin_kept: bool = False
    businesses: list[DemoBusiness] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    listing_dates: dict[int, datetime] = field(default_factory=dict)
    cycles: list[DemoCycle] = field(default_factory=list)
    replaced: dict[str, int] = field(default_factory=dict)  # what a reset threw away

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def in_network(self, slug: str) -> list[DemoBusiness]:
        return [b for b in self.businesses if b.network_slug == slug]

    def entrepreneur(self) -> DemoBusiness | None:
        """The business of the `demo` login, once the businesses step registered it."""
        return next((b for b in self.businesses if b.owner.username == DEMO_ENTREPRENEUR), None)
