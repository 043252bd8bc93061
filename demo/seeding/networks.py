"""The networks with their coordinators, and the platform's administrator."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model

from barter.models import Network

from ..context import DEMO_ADMIN, DemoContext, DemoError
from ..data import NETWORKS
from ..identities import nine_am


def create_user(context: DemoContext, *, username, first_name, last_name, email, joined, **flags):
    """A demo user: the demo's password, in the demo group (which is how a reset knows it)."""
    user = get_user_model().objects.create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        password=context.password_hash,
        date_joined=joined,
        **flags,
    )
    user.groups.add(context.group)
    return user


def seed_networks(context: DemoContext) -> None:
    """The two networks, each with its coordinator."""
    for spec in NETWORKS:
        network = Network.objects.create(
            name=spec.name,
            slug=spec.slug,
            departements=list(spec.departements),
            description=spec.description,
            default_credit_limit=spec.credit_limit,
            commission_rate=spec.commission,
        )
        first, last = spec.coordinator_name
        coordinator = create_user(
            context,
            username=spec.coordinator_username,
            first_name=first,
            last_name=last,
            email=f"{spec.coordinator_username}@{spec.slug}.cyclotroc.example",
            joined=nine_am(context.today - timedelta(days=720)),
        )
        network.coordinators.add(coordinator)
        context.networks[spec.slug] = network
        context.coordinators[spec.slug] = coordinator
    context.say(f"  networks: {', '.join(n.name for n in context.networks.values())}")


def seed_admin(context: DemoContext) -> None:
    """The platform administrator; an existing superuser named admin is left as it is."""
    User = get_user_model()
    existing = User.objects.filter(username=DEMO_ADMIN).first()
    if existing is not None:
        if not existing.is_superuser:
            raise DemoError(
                f"The username {DEMO_ADMIN!r} is taken by an account that is not a superuser."
            )
        context.admin, context.admin_kept = existing, True
        return
    context.admin = create_user(
        context,
        username=DEMO_ADMIN,
        first_name="Claire",
        last_name="Fontaine",
        email="admin@cyclotroc.example",
        joined=nine_am(context.today - timedelta(days=730)),
        is_staff=True,
        is_superuser=True,
    )
