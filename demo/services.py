"""Seed the demo and describe it: the entry points the `seed_demo` command calls.

`demo_seed()` runs the steps of demo/seeding/ in order inside one transaction. The same seed gives
the same businesses, users, listings and exchanges on an empty database: the only source of
chance is `random.Random(seed)`, and no step iterates over an unordered collection. Dates are
relative to `timezone.localdate()`. Replacing a demo is demo/reset.py's.

The data is fictitious: names are drawn from common French names, SIRETs are random numbers with a
valid check digit, and e-mail and web addresses use the reserved `.example` top-level domain.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from barter.models import SOCIAL_ECONOMY_KINDS, Business, Category, Listing, Network

from .context import (
    DEFAULT_SEED,
    DEMO_COORDINATOR,
    DEMO_COORDINATOR_77,
    DEMO_ENTREPRENEUR,
    DEMO_GROUP,
    DEMO_NETWORK_SLUGS,
    DEMO_PASSWORD,
    DemoContext,
    DemoCycle,
    DemoError,
)
from .seeding import STEPS


def demo_is_present() -> bool:
    """True when a previous run of the demo seeded this database."""
    return (
        Group.objects.filter(name=DEMO_GROUP).exists()
        and Network.objects.filter(slug__in=DEMO_NETWORK_SLUGS).exists()
    )


def demo_seed(*, seed: int = DEFAULT_SEED, stdout: TextIO | None = None) -> DemoContext:
    """Create the demo networks, users, businesses, listings and exchanges; all or nothing.

    Raises DemoError when a network with a demo slug or a demo login already exists and the demo
    did not create it. No e-mail leaves (see `no_mail`); the transaction is durable (not nested
    in a caller's) so that it commits while the e-mails are silenced.
    """
    with no_mail(), transaction.atomic(durable=True):
        return seed_steps(seed=seed, stdout=stdout)


@contextmanager
def no_mail() -> Iterator[None]:
    """Send no e-mail: the notifications of 170 registrations and approvals, sent when the
    transaction commits, would go to fictitious addresses (or, with a real SMTP server
    configured, be attempted)."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        yield


def seed_steps(*, seed: int, stdout: TextIO | None) -> DemoContext:
    """Run every seeding step, in the caller's transaction."""
    _check_free()
    group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
    context = DemoContext(
        rng=random.Random(seed),  # noqa: S311 -- reproducible fake data, not a secret
        stdout=stdout,
        today=timezone.localdate(),
        # One hash for every demo user: hashing 170 times would take a minute.
        password_hash=make_password(DEMO_PASSWORD),
        group=group,
        categories={c.slug: c for c in Category.objects.all()},
    )
    for step in STEPS:
        step(context)
    return context


def _check_free() -> None:
    User = get_user_model()
    taken = [slug for slug in DEMO_NETWORK_SLUGS if Network.objects.filter(slug=slug).exists()]
    if taken:
        raise DemoError(
            f"Networks {', '.join(taken)} already exist: seed the demo in an empty database, "
            "or replace a previous demo with --reset."
        )
    for username in (DEMO_ENTREPRENEUR, DEMO_COORDINATOR, DEMO_COORDINATOR_77):
        if User.objects.filter(username=username).exists():
            raise DemoError(f"The username {username!r} is taken by an account of this database.")


def demo_summary(context: DemoContext | None = None) -> list[str]:
    """Lines describing the demo data in the database (and the planted cycles, when known)."""
    networks = Network.objects.filter(slug__in=DEMO_NETWORK_SLUGS).order_by("slug")
    businesses = Business.objects.filter(network__in=networks)
    listings = Listing.objects.filter(business__in=businesses)

    def counts(queryset, field_name):
        rows = queryset.order_by().values_list(field_name).annotate(n=Count("pk"))
        return dict(sorted(rows))

    def spell(mapping):
        return ", ".join(f"{key} {value}" for key, value in mapping.items())

    per_network = counts(businesses, "network__name")
    kinds = counts(businesses, "kind")
    social = sum(n for kind, n in kinds.items() if kind in SOCIAL_ECONOMY_KINDS)
    leaves = Category.objects.filter(parent__isnull=False).count()
    used = listings.values("category").distinct().count()
    lines = [
        f"Networks: {spell(per_network)}",
        f"Businesses: {businesses.count()} ({spell(counts(businesses, 'status'))}); "
        f"social economy {social}, classic {businesses.count() - social}",
        f"  legal forms: {spell(kinds)}",
        f"Listings: {listings.count()} ({spell(counts(listings, 'kind'))}; "
        f"{spell(counts(listings, 'nature'))}; {spell(counts(listings, 'status'))})",
        f"Categories used: {used} of {leaves} leaf categories",
    ]
    if context is not None:
        sizes = Counter(len(cycle.hops) for cycle in context.cycles)
        lines.append(
            f"Planted exchange cycles: {sizes[3]} three-way and {sizes[4]} four-way, values within "
            "10 %; for example (each gives the category in brackets to the next):"
        )
        for network in networks:
            cycle = next((c for c in context.cycles if c.network_slug == network.slug), None)
            if cycle is not None:
                lines.append(f"  {network.name}: {demo_cycle_text(cycle)}")
    return lines


def demo_cycle_text(cycle: DemoCycle) -> str:
    """The cycle as "A (graphisme) → B (impression) → C (traiteur) → A": each member gives the
    next one what it wants, in the category in brackets."""
    steps = [f"{offer.business.legal_name} ({offer.category.slug})" for offer, _ in cycle.hops]
    return " → ".join([*steps, cycle.hops[0][0].business.legal_name])
