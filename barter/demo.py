"""A deterministic, realistic demo dataset: two networks, their businesses and their listings.

`demo_seed()` runs the steps below in order inside one transaction. Each step reads and extends a
`DemoContext` (the random generator, what earlier steps created), so later demo steps (ledger
balances, purchases, settled swaps) append to `DEMO_STEPS` without touching the others.

Every write goes through barter.services, so the demo obeys the rules the web pages obey; the only
direct writes back-date timestamps (registration, publication) that no rule governs. The same seed
gives the same businesses, users and listings on an empty database: the only source of chance is
`random.Random(seed)`, and no step iterates over an unordered collection. Dates are relative to
`timezone.localdate()`.

The data is fictitious: names are drawn from common French names, SIRETs are random numbers with a
valid check digit, and e-mail and web addresses use the reserved `.example` top-level domain.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TextIO

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, ProtectedError
from django.test.utils import override_settings
from django.utils import timezone

from ledger.models import (
    Account,
    AuditEntry,
    Hold,
    Invoice,
    InvoiceCounter,
    JournalTransaction,
    Posting,
)

from . import services
from .data.communes import COMMUNES
from .errors import BarterError
from .geo import haversine_km
from .models import (
    SOCIAL_ECONOMY_KINDS,
    Business,
    BusinessKind,
    Category,
    Listing,
    ListingKind,
    ListingNature,
    ListingUnit,
    Network,
    Purchase,
    Sector,
)
from .validators import LA_POSTE_SIREN, luhn_valid

DEFAULT_SEED = 2026
DEMO_PASSWORD = "cyclotroc-demo"  # noqa: S105 -- public on purpose: printed for the demo
# Every user the demo creates joins this group: --reset deletes its members and nobody else.
DEMO_GROUP = "Démo Cyclotroc (données fictives)"
DEMO_NETWORK_SLUGS = ("essonne", "seine-et-marne")
DEMO_ENTREPRENEUR, DEMO_COORDINATOR, DEMO_COORDINATOR_77, DEMO_ADMIN = (
    "demo",
    "coordination",
    "coordination77",
    "admin",
)
DEMO_BUSINESS_NAME = "Atelier Graphique du Hurepoix"
DEMO_LOGINS = [
    ("entrepreneur", DEMO_ENTREPRENEUR, f"owner of {DEMO_BUSINESS_NAME} (Essonne)"),
    ("coordinator", DEMO_COORDINATOR, "France Active Essonne"),
    ("coordinator", DEMO_COORDINATOR_77, "France Active Seine-et-Marne"),
    ("admin", DEMO_ADMIN, "superuser, also the Django admin (/admin/)"),
]


class DemoError(Exception):
    """The demo cannot be seeded or removed safely in this database."""


# --- What the steps share -----------------------------------------------------------------------


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
    removed: dict[str, int] = field(default_factory=dict)  # what replacing a demo deleted

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def in_network(self, slug: str) -> list[DemoBusiness]:
        return [b for b in self.businesses if b.network_slug == slug]


# --- Entry points -------------------------------------------------------------------------------


def demo_is_present() -> bool:
    """True when a previous run of the demo seeded this database."""
    return (
        Group.objects.filter(name=DEMO_GROUP).exists()
        and Network.objects.filter(slug__in=DEMO_NETWORK_SLUGS).exists()
    )


def demo_seed(
    *, seed: int = DEFAULT_SEED, stdout: TextIO | None = None, replace: bool = False
) -> DemoContext:
    """Create the demo networks, users, businesses and listings; all or nothing.

    With `replace`, a previous demo is removed first (see demo_reset), in the same transaction.
    Raises DemoError when a network with a demo slug or a demo login already exists and the demo
    did not create it. No e-mail leaves: the services' notifications, sent when the transaction
    commits, go to the dummy backend; the transaction is durable (not nested in a caller's) so
    that it commits while that backend is in place.
    """
    # The notifications of 170 registrations and approvals would go to fictitious addresses
    # (or, with a real SMTP server configured, be attempted): the demo sends none.
    no_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with no_mail, transaction.atomic(durable=True):
        removed = demo_reset() if replace else {}
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
        context.removed = removed
        for step in DEMO_STEPS:
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


def demo_reset() -> dict[str, int]:
    """Delete what the demo created: its networks with everything in them, and its users.

    Users outside the demo group (a superuser created by hand, people who joined a demo
    business) are kept. Refuses, deleting nothing, when networks carry the demo slugs but no
    demo was seeded here, or when append-only records (ledger postings…) refer to the demo.
    """
    User = get_user_model()
    group = Group.objects.filter(name=DEMO_GROUP).first()
    networks = Network.objects.filter(slug__in=DEMO_NETWORK_SLUGS)
    removed = dict.fromkeys(["networks", "businesses", "listings", "ledger accounts", "users"], 0)
    if group is None:
        if networks.exists():
            raise DemoError(
                "Networks with the demo slugs exist but the demo did not create them: "
                "nothing was deleted."
            )
        return removed
    businesses = Business.objects.filter(network__in=networks)
    users = User.objects.filter(groups=group)
    try:
        with transaction.atomic():
            # The exchanges' records first. On PostgreSQL the ledger's append-only triggers
            # refuse deleting them; the demo lifts them for this transaction only, which takes a
            # superuser (replica mode): otherwise the reset is refused and a fresh database is
            # the way. Only the demo networks' rows go; the ledgers of others stay whole.
            from matching.models import MatchingRun, Proposal
            from reports.models import ExchangeLine

            ExchangeLine.objects.filter(network__in=networks).delete()  # the reports' read model
            Proposal.objects.filter(network__in=networks).delete()
            MatchingRun.objects.filter(network__in=networks).delete()
            append_only = [
                Purchase.objects.filter(network__in=networks),
                Invoice.objects.filter(network__in=networks),
                InvoiceCounter.objects.filter(business__in=businesses),
                AuditEntry.objects.filter(network__in=networks),
                Hold.objects.filter(account__network__in=networks),
                Posting.objects.filter(account__network__in=networks),
                JournalTransaction.objects.filter(network__in=networks),
            ]
            with _ledger_triggers_lifted():
                for queryset in append_only:
                    queryset._raw_delete(queryset.db)
            for name, queryset in [
                ("listings", Listing.objects.filter(business__in=businesses)),
                ("ledger accounts", Account.objects.filter(network__in=networks)),
                ("businesses", businesses),
                ("networks", networks),
                ("users", users),
            ]:
                removed[name] = queryset.count()
                queryset.delete()
            group.delete()
    except (ProtectedError, DatabaseError) as error:
        raise DemoError(
            f"Records that cannot be deleted refer to the demo ({error.args[0]}): "
            "use a fresh database instead of --reset."
        ) from error
    return removed


@contextmanager
def _ledger_triggers_lifted():
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


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


# --- Steps --------------------------------------------------------------------------------------


def demo_networks(context: DemoContext) -> None:
    """The two networks, each with its coordinator."""
    for spec in NETWORKS:
        network = Network.objects.create(
            name=spec["name"],
            slug=spec["slug"],
            departements=spec["departements"],
            description=spec["description"],
            default_credit_limit=spec["credit_limit"],
            commission_rate=spec["commission"],
        )
        first, last = spec["coordinator"]
        coordinator = _create_user(
            context,
            username=spec["coordinator_username"],
            first_name=first,
            last_name=last,
            email=f"{spec['coordinator_username']}@{spec['slug']}.cyclotroc.example",
            joined=_nine_am(context.today - timedelta(days=720)),
        )
        network.coordinators.add(coordinator)
        context.networks[spec["slug"]] = network
        context.coordinators[spec["slug"]] = coordinator
    context.say(f"  networks: {', '.join(n.name for n in context.networks.values())}")


def demo_admin(context: DemoContext) -> None:
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
    context.admin = _create_user(
        context,
        username=DEMO_ADMIN,
        first_name="Claire",
        last_name="Fontaine",
        email="admin@cyclotroc.example",
        joined=_nine_am(context.today - timedelta(days=730)),
        is_staff=True,
        is_superuser=True,
    )


def demo_businesses(context: DemoContext) -> None:
    """About 170 businesses registered and approved through the services; a few stay pending."""
    rng = context.rng
    sirets: list[str] = []
    names: list[str] = []
    usernames = list(get_user_model().objects.values_list("username", flat=True))
    for spec in NETWORKS:
        slug, count = spec["slug"], spec["businesses"]
        communes = [c for c in COMMUNES if c[0][:2] in spec["departements"]]
        social_count = round(count * 0.4)
        families = ["ess"] * social_count + ["classic"] * (count - social_count)
        rng.shuffle(families)
        fates = ["active"] * count
        chosen = rng.sample(range(1, count), spec["pending"] + spec["suspended"])
        for index in chosen[: spec["pending"]]:
            fates[index] = "pending"
        for index in chosen[spec["pending"] :]:
            fates[index] = "suspended"
        for index in range(count):
            if slug == "essonne" and index == 0:
                entrepreneur = _register(
                    context, spec, DEMO_BUSINESS, communes, "active", sirets, names
                )
                context.businesses.append(entrepreneur)
                continue
            family = families[index]
            profile = _weighted(rng, [(p, p.weight) for p in PROFILES if p.family == family])
            first, last = _person(rng)
            username = _unique(_ascii_slug(f"{first}.{last}", "."), usernames, ".")
            usernames.append(username)
            commune = rng.choice(communes)
            draft = _draft_business(context, spec, profile, commune, first, last, names)
            draft.update(username=username, first=first, last=last)
            context.businesses.append(
                _register(context, spec, draft, communes, fates[index], sirets, names)
            )
    context.group.user_set.add(*[b.owner for b in context.businesses])
    context.say(f"  businesses: {len(context.businesses)}")


def demo_cycles(context: DemoContext) -> None:
    """Plant 3- and 4-way exchange cycles in each network, with values within 10 %.

    Member i offers what member i + 1 wants, and the last member offers what the first wants;
    both listings of a hop reach the partner (remote, or a radius covering the distance). The
    demo entrepreneur starts two of them, so the matching has something to show them.
    """
    for spec in NETWORKS:
        slug = spec["slug"]
        pool = [b for b in context.in_network(slug) if b.fate == "active"]
        uses: Counter[DemoBusiness] = Counter()
        starts = [b for b in pool if b.business.legal_name == DEMO_BUSINESS_NAME] * 2
        wanted = [3] * spec["cycles3"] + [4] * spec["cycles4"]
        for position, length in enumerate(wanted):
            start = starts[position] if position < len(starts) else None
            found = _find_cycle(context, pool, uses, length, start)
            if found is None:
                continue
            members, categories, pairs, base = found
            hops = []
            for i, member in enumerate(members):
                partner = members[(i + 1) % len(members)]
                offer_tpl, want_tpl = pairs[i]
                distance = _distance_km(member.business, partner.business)
                offer = _create_listing(
                    context,
                    member,
                    ListingKind.OFFER,
                    categories[i],
                    offer_tpl,
                    value=_round_credits(base * context.rng.uniform(0.96, 1.04)),
                    quantity=1,
                    publish=True,
                    reach_km=distance,
                    recent=position < RECENT_CYCLES,
                )
                want = _create_listing(
                    context,
                    partner,
                    ListingKind.WANT,
                    categories[i],
                    want_tpl,
                    value=_round_credits(base * context.rng.uniform(0.96, 1.04)),
                    quantity=1,
                    publish=True,
                    reach_km=distance,
                    recent=position < RECENT_CYCLES,
                )
                hops.append((offer, want))
            uses.update(members)
            context.cycles.append(DemoCycle(network_slug=slug, hops=hops))
    context.say(f"  planted exchange cycles: {len(context.cycles)}")


def demo_listings(context: DemoContext) -> None:
    """Everyday offers and wants drawn from each business's profile, plus idle assets to lend.

    Active businesses publish (a few keep drafts or pause one), pending ones prepare drafts.
    """
    rng = context.rng
    for member in context.businesses:
        if member.fate == "pending":
            plan = [("profile", False)] * rng.randint(1, 3)
        else:
            count = 6 if member.business.legal_name == DEMO_BUSINESS_NAME else rng.randint(1, 4)
            plan = [("profile", True)] * count
            if rng.random() < 0.4:
                plan.append(("idle", True))
        for source, publish in plan:
            if source == "idle":
                kind, slug = ListingKind.OFFER, rng.choice(IDLE_ASSET_CATEGORIES)
            else:
                kind = ListingKind.OFFER if rng.random() < 0.62 else ListingKind.WANT
                slugs = member.profile.offers if kind == ListingKind.OFFER else member.profile.wants
                slug = _weighted(rng, [(s, len(slugs) - i + 2) for i, s in enumerate(slugs)])
            templates = _templates(slug, kind)
            if source == "idle":
                templates = [t for t in templates if t.nature == ListingNature.ASSET] or templates
            fresh = [t for t in templates if t.title not in member.used_titles]
            if not fresh:
                continue
            template = rng.choice(fresh)
            roll = rng.random()
            listing = _create_listing(
                context,
                member,
                kind,
                slug,
                template,
                value=_round_credits(rng.uniform(template.low, template.high)),
                quantity=rng.randint(*template.quantity),
                publish=publish and roll >= 0.04,
            )
            if publish and roll >= 0.04 and roll < 0.08:
                listing = services.listing_pause(actor=member.owner, listing=listing)
                context.listings[-1] = listing
    context.say(f"  listings: {len(context.listings)}")


def demo_suspensions(context: DemoContext) -> None:
    """The coordinators suspend the businesses the demo meant to suspend, with a reason."""
    suspended = [member for member in context.businesses if member.fate == "suspended"]
    for index, member in enumerate(suspended):
        member.business = services.business_suspend(
            actor=context.coordinators[member.network_slug],
            business=member.business,
            reason=SUSPENSION_REASONS[index % len(SUSPENSION_REASONS)],
        )


def demo_history(context: DemoContext) -> None:
    """Back-date registrations, approvals and publications so the data looks lived in.

    The services stamp everything with the present moment; these timestamps are governed by no
    rule, so they are written directly.
    """
    rng = context.rng
    businesses = []
    for member in context.businesses:
        business = member.business
        business.created_at = member.created
        if member.fate == "active":
            business.status_changed_at = member.created + timedelta(days=rng.randint(1, 12))
        elif member.fate == "suspended":
            business.status_changed_at = _moment(
                context, context.today - timedelta(days=rng.randint(3, 20))
            )
        business.updated_at = business.status_changed_at or member.created
        businesses.append(business)
    Business.objects.bulk_update(
        businesses, ["created_at", "status_changed_at", "updated_at"], batch_size=200
    )
    for listing in context.listings:
        moment = context.listing_dates[listing.pk]
        listing.created_at = listing.updated_at = moment
        if listing.published_at is not None:
            listing.published_at = moment + timedelta(minutes=rng.randint(2, 90))
    Listing.objects.bulk_update(
        context.listings, ["created_at", "updated_at", "published_at"], batch_size=200
    )


# The fates of the demo's direct purchases, with their weights: most settled, some under way.
PURCHASE_FATES = [
    ("settled", 12),
    ("delivered", 2),
    ("accepted", 2),
    ("requested", 2),
    ("disputed", 1),
    ("declined", 1),
]
PURCHASES_PER_NETWORK = 60
# The first planted cycles of each network (the demo entrepreneur's among them) are published
# in the last three weeks: the coordinator's next run proposes them.
RECENT_CYCLES = 12
HISTORY_DAYS = 330  # the purchases spread over the past eleven months
RECENT_DAYS = 20  # only purchases this recent are still under way
# A matching run about every month until five weeks ago; the coordinator's next run (on the web)
# finds the cycles of the listings published since.
SWAP_RUNS_DAYS_AGO = (125, 95, 65, 35)


@contextmanager
def _on_day(day: date):
    """Run the services as if on `day` (11:00, the clock ticking): every timestamp they write,
    the ledger's included, is that day's, so the history reads like lived months."""
    moment = timezone.make_aware(datetime.combine(day, time(11, 0)))
    with time_machine.travel(moment, tick=True):
        yield


def demo_exchanges(context: DemoContext) -> None:
    """Direct purchases between active businesses, through the purchase services, most of them
    settled on the ledger (with commission and invoices), some at each step of the way.

    The demo entrepreneur buys and sells a few, so its account and invoices have content.
    """
    rng = context.rng
    fates = [fate for fate, weight in PURCHASE_FATES for _ in range(weight)]
    made = 0
    step = HISTORY_DAYS / PURCHASES_PER_NETWORK
    for slug in sorted(context.networks):
        members = [b for b in context.in_network(slug) if b.fate == "active"]
        by_business = {b.business.pk: b for b in members}
        offers = [
            listing
            for listing in context.listings
            if listing.kind == ListingKind.OFFER
            and listing.status == "active"
            and listing.business_id in by_business
            and 0 < listing.value <= 40_000
        ]
        offers.sort(key=lambda listing: listing.pk)
        demo = next((b for b in members if b.owner.username == DEMO_ENTREPRENEUR), None)
        for index in range(PURCHASES_PER_NETWORK):
            day = context.today - timedelta(days=round(HISTORY_DAYS - index * step))
            buyer = members[rng.randrange(len(members))]
            offer = offers[rng.randrange(len(offers))]
            if demo is not None and index % 12 == 0:
                buyer = demo  # the demo entrepreneur buys…
            elif demo is not None and index % 12 == 6:
                own = [o for o in offers if o.business_id == demo.business.pk]
                offer = own[index % len(own)] if own else offer  # …and sells
            if offer.business_id == buyer.business.pk or offer.valid_from > day:
                continue
            seller = by_business[offer.business_id]
            offer.refresh_from_db(fields=["quantity", "status"])
            if offer.quantity < 1:
                continue
            fate = fates[rng.randrange(len(fates))]
            if (context.today - day).days > RECENT_DAYS:
                fate = "declined" if fate == "declined" else "settled"
            try:
                with _on_day(day):
                    _demo_purchase(context, buyer, seller, offer, fate)
            except BarterError:
                continue  # not enough credit left, or the offer ran out: skip it
            made += 1
    context.say(f"  direct purchases: {made}")


def _demo_purchase(context: DemoContext, buyer, seller, offer, fate: str) -> None:
    purchase = services.purchase_request(
        actor=buyer.owner, buyer=buyer.business, listing=offer, quantity=1
    )
    if fate == "requested":
        return
    if fate == "declined":
        services.purchase_decline(actor=seller.owner, purchase=purchase, reason="Plus disponible.")
        return
    services.purchase_accept(actor=seller.owner, purchase=purchase)
    if fate == "accepted":
        return
    services.purchase_deliver(actor=seller.owner, purchase=purchase)
    if fate == "delivered":
        return
    if fate == "disputed":
        services.purchase_dispute(
            actor=buyer.owner,
            purchase=purchase,
            reason="La prestation ne correspond pas à ce qui était convenu.",
        )
        return
    services.purchase_confirm(actor=buyer.owner, purchase=purchase)


def demo_swaps(context: DemoContext) -> None:
    """A matching run per network about every month; the swaps of past runs settled (most) or
    declined, those of the last one (five weeks ago) settled, declined or accepted with
    deliveries under way. The demo entrepreneur's swaps are left for the coordinator's next run,
    to accept on the web."""
    from matching import services as matching_services
    from matching.models import Proposal

    owners = {b.business.pk: b.owner for b in context.businesses}
    totals = Counter()
    for days_ago in SWAP_RUNS_DAYS_AGO:
        last = days_ago == SWAP_RUNS_DAYS_AGO[-1]
        with _on_day(context.today - timedelta(days=days_ago)):
            for slug in sorted(context.networks):
                run = matching_services.matching_run_start(
                    actor=context.coordinators[slug], network=context.networks[slug]
                )
                run = matching_services.matching_run_execute(run_id=run.pk)
                for index, proposal in enumerate(Proposal.objects.filter(run=run).order_by("pk")):
                    members = {
                        p.business_id: p.business
                        for p in proposal.participants.select_related("business")
                    }
                    if not last:
                        fate = "declined" if index % 6 == 5 else "settled"
                    else:
                        fate = ["settled", "accepted", "declined"][index % 3]
                    _demo_swap(proposal, fate, members, owners)
                    proposal.refresh_from_db()
                    totals[proposal.status] += 1
    context.say("  swap proposals: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))


def _demo_swap(proposal, fate: str, members: dict, owners: dict) -> None:
    from matching import services as matching_services

    if fate == "declined":
        first = min(members)
        matching_services.proposal_decline(
            actor=owners[first],
            proposal=proposal,
            business=members[first],
            reason="Pas disponible ce mois-ci.",
        )
        return
    if fate == "open":
        return
    for pk in sorted(members):
        proposal = matching_services.proposal_accept(
            actor=owners[pk], proposal=proposal, business=members[pk]
        )
    if fate == "settled" and proposal.status == "accepted":
        for leg in proposal.legs.order_by("position"):
            matching_services.proposal_leg_deliver(actor=owners[leg.giver_id], leg=leg)
            matching_services.proposal_leg_confirm(actor=owners[leg.receiver_id], leg=leg)


DEMO_STEPS: list[Callable[[DemoContext], None]] = [
    demo_networks,
    demo_admin,
    demo_businesses,
    demo_cycles,
    demo_listings,
    demo_suspensions,
    demo_history,
    demo_exchanges,
    demo_swaps,
]


# --- Helpers ------------------------------------------------------------------------------------


def _create_user(context: DemoContext, *, username, first_name, last_name, email, joined, **flags):
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


def _moment(context: DemoContext, day: date) -> datetime:
    """An office-hours moment of the day, aware in the current time zone."""
    clock = time(context.rng.randint(8, 18), context.rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, clock))


def _nine_am(day: date) -> datetime:
    """A fixed moment for the staff accounts, which must not consume the random generator:
    whether the admin account is created or kept, the rest of the data stays the same."""
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _weighted(rng: random.Random, choices):
    items = [item for item, _ in choices]
    return rng.choices(items, weights=[weight for _, weight in choices])[0]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _ascii_slug(text: str, separator: str = "-") -> str:
    """Lower-case ASCII words: "Imprimerie Lefèvre & Fils" gives "imprimerie-lefevre-fils"."""
    words = "".join(c if c.isalnum() else " " for c in _fold(text).lower()).split()
    return separator.join(words)


def _domain(legal_name: str) -> str:
    """A fictitious web domain for the business, under the reserved .example top-level domain."""
    words = [w for w in _ascii_slug(legal_name).split("-") if w not in DOMAIN_STOP_WORDS]
    kept = words[:1]
    for word in words[1:]:
        if len("-".join([*kept, word])) > 40:
            break
        kept.append(word)
    return "-".join(kept) + ".example"


def _unique(candidate: str, taken: list[str], separator: str = "-") -> str:
    if candidate not in taken:
        return candidate
    number = 2
    while f"{candidate}{separator}{number}" in taken:
        number += 1
    return f"{candidate}{separator}{number}"


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _de(place: str) -> str:
    """French "of" before a commune's name: "de Massy", "d'Évry", "du Mée", "des Ulis"."""
    if place.startswith("Le "):
        return "du " + place[3:]
    if place.startswith("Les "):
        return "des " + place[4:]
    if _fold(place[0]).upper() in "AEIOUYH":
        return "d'" + place
    return "de " + place


def _a(place: str) -> str:
    """French "in" before a commune's name: "à Massy", "au Mée-sur-Seine", "aux Ulis"."""
    if place.startswith("Le "):
        return "au " + place[3:]
    if place.startswith("Les "):
        return "aux " + place[4:]
    return "à " + place


def _siret(rng: random.Random, taken: list[str]) -> str:
    """A fictitious SIRET: a Luhn-valid SIREN, then an establishment number making the 14 digits
    Luhn-valid too (as INSEE's are). Never La Poste's SIREN, whose rule differs."""
    while True:
        siren_body = str(rng.randint(3, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        siren = _with_check_digit(siren_body)
        nic_body = "000" + str(rng.randint(1, 9))
        siret = _with_check_digit(siren + nic_body)
        if siren != LA_POSTE_SIREN and siret not in taken:
            taken.append(siret)
            return siret


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def _jitter(rng: random.Random, latitude: float, longitude: float) -> tuple[float, float]:
    """A point at most 1.4 km from the given one, so neighbours do not sit on one pin."""
    distance = 1.4 * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(bearing) / 111.2
    dlon = distance * math.sin(bearing) / (111.2 * math.cos(math.radians(latitude)))
    return round(latitude + dlat, 5), round(longitude + dlon, 5)


def _phone(rng: random.Random, departement: str, mobile: bool) -> str:
    if mobile:
        prefix = rng.choice(["06", "07"]) + f" {rng.randint(10, 99)}"
    else:
        prefix = "01 " + rng.choice(LANDLINE_PREFIXES[departement])
    return prefix + "".join(f" {rng.randint(0, 99):02d}" for _ in range(3))


def _round_credits(credits: float) -> int:
    """A value in cents, rounded the way people price: whole credits, or 5 and 10 above 100."""
    step = 1 if credits < 100 else 5 if credits < 1000 else 10
    return max(1, round(credits / step)) * step * 100


def _draft_business(context, spec, profile, commune, first, last, names) -> dict:
    """The registration form of a generated business."""
    rng = context.rng
    postcode, place, _, _ = commune
    kind = _weighted(rng, profile.kinds)
    terroir = rng.choice(spec["terroirs"])
    for _ in range(40):
        legal_name = rng.choice(profile.names).format(
            nom=last,
            prenom=first,
            terroir=terroir,
            de_ville=_de(place),
            ville=place,
            lieu=rng.choice(LIEUX),
        )
        if legal_name not in names:
            break
    else:
        legal_name = _unique(f"{legal_name} ({place})", names, " ")
    staff = rng.randint(*STAFF[kind])
    founded = context.today.year - rng.randint(2, 30)
    offers = [context.categories[s].name_fr.lower() for s in profile.offers[:3]]
    wants = [context.categories[s].name_fr.lower() for s in profile.wants[:2]]
    description = " ".join(
        [
            rng.choice(profile.descriptions).format(
                a_ville=_a(place), de_ville=_de(place), terroir=terroir, annee=founded, ville=place
            ),
            KIND_SENTENCES[kind].format(n=staff, annee=founded),
            f"Sur Cyclotroc, nous proposons : {', '.join(offers)}. "
            f"Nous cherchons : {', '.join(wants)}.",
        ]
    )
    return {
        "legal_name": legal_name,
        "kind": kind,
        "profile": profile,
        "sector": profile.sector,
        "description": description,
        "postcode": postcode,
        "commune": place,
        "mobile": kind == BusinessKind.MICRO and rng.random() < 0.6,
        "website": rng.random() < 0.7,
    }


def _register(context, spec, draft, communes, fate, sirets, names) -> DemoBusiness:
    """Create the owner, register the business as them and have the coordinator approve it."""
    rng = context.rng
    slug = spec["slug"]
    commune = next(c for c in communes if c[1] == draft["commune"])
    latitude, longitude = _jitter(rng, commune[2], commune[3])
    domain = _domain(draft["legal_name"])
    if fate == "pending":
        created = _moment(context, context.today - timedelta(days=rng.randint(1, 12)))
    else:
        created = _moment(context, context.today - timedelta(days=rng.randint(150, 900)))
    owner = _create_user(
        context,
        username=draft["username"],
        first_name=draft["first"],
        last_name=draft["last"],
        email=f"{_ascii_slug(draft['first'] + ' ' + draft['last'], '.')}@{domain}",
        joined=created,
    )
    address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
    business = services.business_register(
        actor=owner,
        network=context.networks[slug],
        legal_name=draft["legal_name"],
        siret=_siret(rng, sirets),
        kind=draft["kind"],
        sector=draft["sector"],
        description=draft["description"],
        address=address,
        postcode=draft["postcode"],
        commune=draft["commune"],
        latitude=latitude,
        longitude=longitude,
        website=f"https://www.{domain}" if draft["website"] else "",
        email=f"contact@{domain}",
        phone=_phone(rng, spec["departements"][0], draft["mobile"]),
    )
    names.append(draft["legal_name"])
    if fate != "pending":
        business = services.business_approve(actor=context.coordinators[slug], business=business)
    return DemoBusiness(
        business=business,
        owner=owner,
        profile=draft["profile"],
        network_slug=slug,
        fate=fate,
        created=created,
    )


def _templates(slug: str, kind: str) -> list[Template]:
    offers, wants = LISTING_TEMPLATES[slug]
    return offers if kind == ListingKind.OFFER else wants


def _find_cycle(context, pool, uses, length, start):
    """Members, categories, (offer, want) templates per hop and a base value of a new cycle."""
    rng = context.rng

    def free(member, chain):
        return uses[member] < 3 and all(member is not other for other in chain)

    for _ in range(300):
        first = start or rng.choice([m for m in pool if uses[m] < 3] or pool)
        chain, categories = [first], []
        while len(chain) < length:
            current = chain[-1]
            closing = len(chain) == length - 1
            options = [
                (slug, member)
                for slug in current.profile.offers
                for member in pool
                if slug in member.profile.wants
                and free(member, chain)
                and (not closing or any(s in first.profile.wants for s in member.profile.offers))
            ]
            if not options:
                break
            slug, member = rng.choice(options)
            chain.append(member)
            categories.append(slug)
        if len(chain) < length:
            continue
        categories.append(
            rng.choice([s for s in chain[-1].profile.offers if s in first.profile.wants])
        )
        picked = _cycle_templates(rng, chain, categories)
        if picked is not None:
            pairs, (low, high) = picked
            return chain, categories, pairs, rng.uniform(low, high)
    return None


def _cycle_templates(rng, chain, categories):
    """An (offer, want) template pair per hop whose value ranges share an interval."""
    low, high = 0.0, math.inf
    pairs = []
    for i, slug in enumerate(categories):
        giver, taker = chain[i], chain[(i + 1) % len(chain)]
        candidates = [
            (offer, want)
            for offer in LISTING_TEMPLATES[slug][0]
            for want in LISTING_TEMPLATES[slug][1]
            if offer.title not in giver.used_titles
            and want.title not in taker.used_titles
            and max(low, offer.low, want.low) <= min(high, offer.high, want.high)
        ]
        if not candidates:
            return None
        same_unit = [p for p in candidates if p[0].unit == p[1].unit]
        offer, want = rng.choice(same_unit or candidates)
        low = max(low, offer.low, want.low)
        high = min(high, offer.high, want.high)
        pairs.append((offer, want))
    return pairs, (low, high)


def _create_listing(
    context, member, kind, slug, template, *, value, quantity, publish, reach_km=0.0, recent=False
) -> Listing:
    """Create the listing through the services; a local one's radius covers at least reach_km;
    a `recent` one was published in the last three weeks."""
    rng = context.rng
    business = member.business
    place = business.commune
    spec = next(s for s in NETWORKS if s["slug"] == member.network_slug)
    n = rng.randint(*template.n) if template.n else None
    fill = {"n": n, "ville": place, "a_ville": _a(place), "terroir": rng.choice(spec["terroirs"])}
    closings = OFFER_CLOSINGS if kind == ListingKind.OFFER else WANT_CLOSINGS
    description = " ".join(
        part for part in (template.description.format(**fill), rng.choice(closings)) if part
    )
    is_remote = rng.random() < REMOTE_SHARE.get(slug, 0.0)
    oldest = (
        340 if member.fate != "pending" else max(1, (context.today - member.created.date()).days)
    )
    if recent:
        oldest = min(oldest, 21)
    newest = 25 if member.fate == "suspended" else 0
    valid_from = context.today - timedelta(days=rng.randint(newest, max(newest, oldest)))
    valid_until = None
    if kind == ListingKind.WANT and rng.random() < 0.5:
        valid_until = context.today + timedelta(days=rng.randint(20, 120))
    elif rng.random() < 0.3:
        valid_until = context.today + timedelta(days=rng.randint(45, 270))
    listing = services.listing_create(
        actor=member.owner,
        business=business,
        publish=publish,
        kind=kind,
        nature=template.nature,
        title=template.title.format(**fill),
        description=description,
        category=context.categories[slug],
        value=value,
        quantity=quantity,
        unit=template.unit,
        vat_rate=_vat_rate(rng, business.kind, slug, template),
        valid_from=valid_from,
        valid_until=valid_until,
        is_remote=is_remote,
        radius_km=None if is_remote else max(rng.choice(RADII_KM), 5 * math.ceil(reach_km / 5 + 1)),
    )
    member.used_titles.append(template.title)
    context.listings.append(listing)
    context.listing_dates[listing.pk] = _moment(context, valid_from)
    return listing


def _distance_km(a: Business, b: Business) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _vat_rate(rng: random.Random, kind: str, slug: str, template: Template) -> int:
    """The VAT rate an offer carries, given its seller's legal form (a want's is cleared)."""
    if kind == BusinessKind.ASSOCIATION and rng.random() < 0.9:
        return 0  # most associations are not subject to VAT
    if kind == BusinessKind.MICRO and rng.random() < 0.6:
        return 0  # franchise en base de TVA
    if template.vat is not None:
        return template.vat
    return CATEGORY_VAT.get(slug, 2000)


# --- Data: networks, people, places -------------------------------------------------------------

NETWORKS = [
    {
        "slug": "essonne",
        "name": "France Active Essonne",
        "departements": ["91"],
        "description": (
            "Le réseau d'échanges inter-entreprises de France Active Essonne : TPE, associations, "
            "coopératives et structures d'insertion du département échangent biens, services et "
            "ressources inutilisées en crédits de troc, sans trésorerie."
        ),
        "credit_limit": 150_000,
        "commission": 150,  # 1.5 % of each exchange excl. VAT
        "coordinator_username": DEMO_COORDINATOR,
        "coordinator": ("Nadia", "Benali"),
        "businesses": 90,
        "pending": 4,
        "suspended": 1,
        "cycles3": 26,
        "cycles4": 12,
        "terroirs": [
            "du Hurepoix",
            "de l'Essonne",
            "de la Vallée de l'Orge",
            "du Val d'Yerres",
            "de la Juine",
            "des Deux Vallées",
            "du Plateau de Saclay",
            "du Gâtinais",
            "du Val de Seine",
        ],
    },
    {
        "slug": "seine-et-marne",
        "name": "France Active Seine-et-Marne",
        "departements": ["77"],
        "description": (
            "Le réseau d'échanges inter-entreprises de France Active Seine-et-Marne : de Sénart au "
            "Pays de Meaux, les entreprises et structures de l'économie sociale et solidaire "
            "s'échangent prestations, locaux, matériel et stocks en crédits de troc."
        ),
        "credit_limit": 100_000,
        "commission": 100,
        "coordinator_username": DEMO_COORDINATOR_77,
        "coordinator": ("Julien", "Marchand"),
        "businesses": 80,
        "pending": 3,
        "suspended": 1,
        "cycles3": 26,
        "cycles4": 12,
        "terroirs": [
            "de Brie",
            "de la Brie",
            "des Bords de Marne",
            "du Pays de Meaux",
            "du Provinois",
            "de Sénart",
            "du Val d'Europe",
            "du Loing",
            "des Deux Morin",
        ],
    },
]

SUSPENSION_REASONS = [
    "Cotisation annuelle impayée malgré deux relances : suspension jusqu'à régularisation.",
    "Plusieurs échanges non honorés signalés par des membres : suspension le temps d'un entretien "
    "avec la coordination.",
]

# fmt: off
FIRST_NAMES = [
    "Camille", "Nadia", "Julien", "Sophie", "Thomas", "Claire", "Nicolas", "Julie", "Mathieu",
    "Émilie", "Antoine", "Céline", "Karim", "Aurélie", "Sébastien", "Fatima", "Olivier", "Laura",
    "Mamadou", "Hélène", "Vincent", "Amandine", "Romain", "Sarah", "Guillaume", "Inès", "Pierre",
    "Marion", "Yacine", "Élodie", "François", "Leïla", "David", "Nathalie", "Maxime", "Isabelle",
    "Hugo", "Chloé", "Samir", "Valérie", "Jérôme", "Aïcha", "Benoît", "Caroline", "Alexandre",
    "Pauline", "Moussa", "Sandrine", "Florian", "Mélanie", "Christophe", "Anne", "Rachid", "Lucie",
    "Stéphane", "Agnès", "Kévin", "Sylvie", "Arnaud", "Morgane", "Bruno", "Yasmina", "Cédric",
    "Virginie", "Damien", "Manon", "Frédéric", "Ophélie", "Laurent", "Salomé", "Thi Hoa", "Joël",
    "Bernadette", "Ousmane", "Margaux", "Patrice", "Gaëlle", "Adrien", "Solène", "Éric",
]

LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
    "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen",
    "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël",
    "Meyer", "Lucas", "Meunier", "Perez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun",
    "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Renard", "Arnaud", "Rolland",
    "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard",
    "Gaillard", "Lacroix", "Fabre", "Dupuis", "Olivier", "Rodrigues", "Da Silva", "Hubert",
    "Rivière", "Le Gall", "Guillaume", "Moulin", "Berger", "Lecomte", "Ménard", "Fleury",
    "Deschamps", "Carpentier", "Benoît", "Maillard", "Aubry", "Vasseur", "Jacquet", "Prévost",
    "Poirier", "Charpentier", "Huet", "Baron", "Benali", "Haddad", "Diallo", "Traoré", "Mendy",
    "Belkacem", "Tran", "Pereira", "Ferreira", "Koné", "Cissé", "Bouzid", "Kaya", "Mansouri",
    "Le Goff", "Hamon", "Collin", "Besson", "Tessier", "Barré", "Marty", "Cousin", "Bailly",
]

STREETS = [
    "rue de la République", "avenue du Général-de-Gaulle", "rue Jean-Jaurès", "rue Pasteur",
    "rue Victor-Hugo", "boulevard de la Gare", "rue des Artisans", "rue de l'Industrie",
    "allée des Tilleuls", "chemin des Vignes", "rue du Moulin", "place du Marché",
    "rue Gustave-Eiffel", "avenue de la Libération", "rue des Écoles", "rue Émile-Zola",
    "rue de Paris", "avenue de Fontainebleau", "rue des Prés", "impasse des Lavandières",
    "rue Denis-Papin", "rue du Bois", "avenue Foch", "rue Marcel-Paul", "rue de la Croix-Blanche",
    "rue Pierre-et-Marie-Curie", "rue du Commerce", "avenue Gabriel-Péri", "rue Louise-Michel",
    "rue Lavoisier", "rue de la Fontaine", "rue du Château", "rue des Entrepreneurs",
    "allée des Peupliers", "rue Jean-Moulin", "boulevard Aristide-Briand", "rue Nationale",
    "rue des Vergers", "rue Albert-Camus",
]

LIEUX = [
    "Beauregard", "la Grange aux Moines", "Chantemerle", "la Butte Verte", "Montaubert",
    "la Fontaine Ronde", "Vaucelles", "la Croix Blanche", "Bellevue", "la Noue", "Champfleury",
    "la Tuilerie", "Villemartin", "la Roseraie",
]
# fmt: on

DOMAIN_STOP_WORDS = ("a", "au", "aux", "d", "de", "des", "du", "et", "l", "la", "le", "les")

LANDLINE_PREFIXES = {"91": ["60", "64", "69"], "77": ["60", "64"]}

STAFF = {
    BusinessKind.ASSOCIATION: (2, 25),
    BusinessKind.SCOP: (3, 25),
    BusinessKind.SCIC: (4, 30),
    BusinessKind.COOPERATIVE: (2, 12),
    BusinessKind.INSERTION: (8, 45),
    BusinessKind.ESUS: (3, 30),
    BusinessKind.MUTUAL_FOUNDATION: (15, 80),
    BusinessKind.MICRO: (1, 1),
    BusinessKind.TPE: (2, 9),
    BusinessKind.PME: (12, 120),
}

KIND_SENTENCES = {
    BusinessKind.ASSOCIATION: "Association loi 1901 : {n} salariés et une équipe de bénévoles.",
    BusinessKind.SCOP: (
        "Société coopérative et participative : nos {n} salariés en sont les associés majoritaires."
    ),
    BusinessKind.SCIC: (
        "Société coopérative d'intérêt collectif ({n} salariés) associant salariés, usagers, "
        "partenaires et collectivités."
    ),
    BusinessKind.COOPERATIVE: "Coopérative gérée par ses sociétaires, avec {n} salariés.",
    BusinessKind.INSERTION: (
        "Structure d'insertion par l'activité économique conventionnée : {n} salariés en parcours "
        "d'insertion, accompagnés par une équipe permanente."
    ),
    BusinessKind.ESUS: (
        "Entreprise agréée ESUS (entreprise solidaire d'utilité sociale), {n} salariés."
    ),
    BusinessKind.MUTUAL_FOUNDATION: (
        "Établissement géré par une fondation reconnue d'utilité publique, {n} salariés."
    ),
    BusinessKind.MICRO: "Entreprise individuelle créée en {annee}.",
    BusinessKind.TPE: "TPE de {n} salariés fondée en {annee}.",
    BusinessKind.PME: "PME de {n} salariés fondée en {annee}.",
}


# --- Data: business profiles --------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A kind of business: how it is named and described, what it offers and what it needs.

    Names use {nom}, {prenom} (the owner's), {terroir}, {ville}, {de_ville} and {lieu};
    descriptions use {a_ville}, {de_ville}, {ville}, {terroir} and {annee}. Offers and wants are
    leaf category slugs, the most typical first.
    """

    key: str
    family: str  # "ess" (social and solidarity economy) or "classic"
    weight: int
    kinds: tuple[tuple[str, int], ...]
    sector: str
    names: tuple[str, ...]
    descriptions: tuple[str, ...]
    offers: tuple[str, ...]
    wants: tuple[str, ...]


K = BusinessKind
# fmt: off
PROFILES = [
    Profile(
        key="ressourcerie", family="ess", weight=5, sector=Sector.WATER_WASTE,
        kinds=((K.ASSOCIATION, 3), (K.INSERTION, 2), (K.SCIC, 1)),
        names=(
            "Ressourcerie {terroir}", "Recyclerie {de_ville}",
            "La Trouvaille, ressourcerie {de_ville}", "Ressourcerie Le Grenier {terroir}",
            "Réemploi Solidaire {terroir}",
        ),
        descriptions=(
            "Ressourcerie installée {a_ville} depuis {annee} : nous collectons, trions, réparons "
            "et revendons meubles, vaisselle, textiles et matériel informatique pour leur donner "
            "une seconde vie.",
            "Nous détournons chaque année des centaines de tonnes d'objets de l'enfouissement, "
            "grâce à une boutique solidaire et un atelier de réparation {a_ville}.",
        ),
        offers=(
            "stocks-invendus", "mobilier", "materiel-informatique", "demenagement",
            "artisanat-cadeaux", "emballages",
        ),
        wants=(
            "location-vehicule", "stockage", "graphisme", "aide-comptable", "reseaux-sociaux",
            "livraison",
        ),
    ),
    Profile(
        key="regie", family="ess", weight=4, sector=Sector.SUPPORT,
        kinds=((K.INSERTION, 3), (K.ASSOCIATION, 2)),
        names=(
            "Régie de quartier {ville} Solidaire", "Régie de quartier {de_ville}",
            "Régie {terroir} Services", "Régie de territoire {terroir}",
        ),
        descriptions=(
            "Régie de quartier créée par des habitants, des bailleurs et la commune : nous "
            "entretenons les espaces communs et proposons des emplois d'insertion aux habitants "
            "{de_ville}.",
            "Nous intervenons en nettoyage, second œuvre et espaces verts pour les bailleurs, les "
            "entreprises et les collectivités {terroir}.",
        ),
        offers=(
            "nettoyage", "espaces-verts", "petits-travaux", "peinture-renovation", "demenagement",
        ),
        wants=(
            "formation-pro", "location-vehicule", "secretariat", "site-web", "produits-entretien",
            "pret-outillage",
        ),
    ),
    Profile(
        key="chantier-vert", family="ess", weight=3, sector=Sector.AGRICULTURE,
        kinds=((K.INSERTION, 3), (K.ASSOCIATION, 1)),
        names=(
            "Les Jardins Solidaires {de_ville}", "Potager d'insertion {terroir}",
            "Chantier Nature {terroir}", "Les Maraîchers Solidaires {terroir}",
        ),
        descriptions=(
            "Maraîchage biologique et entretien d'espaces naturels en chantier d'insertion : nos "
            "légumes sont vendus en paniers hebdomadaires {a_ville} et alentours.",
            "Sur nos trois hectares cultivés en agriculture biologique, nous formons aux métiers "
            "du maraîchage et des espaces verts des personnes éloignées de l'emploi.",
        ),
        offers=(
            "produits-alimentaires", "espaces-verts", "artisanat-cadeaux",
        ),
        wants=(
            "machines", "location-vehicule", "emballages", "graphisme", "stockage",
            "pret-outillage",
        ),
    ),
    Profile(
        key="traiteur-solidaire", family="ess", weight=4, sector=Sector.HOSPITALITY,
        kinds=((K.INSERTION, 2), (K.SCIC, 1), (K.ASSOCIATION, 1)),
        names=(
            "Traiteur solidaire Les Saveurs {terroir}", "Les Cuisines Solidaires {de_ville}",
            "Restaurant d'insertion La Bonne Assiette", "Le Goût du Partage {terroir}",
            "Traiteur Les Mille Épices {terroir}",
        ),
        descriptions=(
            "Traiteur et restaurant d'insertion {a_ville} : cuisine maison, produits locaux et de "
            "saison, et un parcours qualifiant pour nos cuisiniers en insertion.",
            "Nous préparons chaque jour repas, buffets et plateaux pour les entreprises et les "
            "associations {terroir}, en formant nos salariés aux métiers de la restauration.",
        ),
        offers=(
            "traiteur", "pauses-cafe", "cuisine-pro", "salle-evenement",
        ),
        wants=(
            "produits-alimentaires", "emballages", "livraison", "graphisme", "boissons",
            "location-vehicule",
        ),
    ),
    Profile(
        key="scop-batiment", family="ess", weight=3, sector=Sector.CONSTRUCTION,
        kinds=((K.SCOP, 1),),
        names=(
            "SCOP Bois & Compagnie", "SCOP {nom} Bâtiment", "Coop'Bâti {terroir}",
            "SCOP Rénovation {terroir}", "Les Bâtisseurs Associés {terroir}",
        ),
        descriptions=(
            "Coopérative du bâtiment {a_ville} : menuiserie, aménagement intérieur et rénovation "
            "énergétique, avec des matériaux biosourcés et de réemploi chaque fois que possible.",
            "Charpentiers, menuisiers et peintres associés dans une même SCOP depuis {annee}, "
            "nous intervenons chez les particuliers, les entreprises et les collectivités "
            "{terroir}.",
        ),
        offers=(
            "menuiserie", "peinture-renovation", "petits-travaux", "materiaux",
            "plomberie-electricite", "pret-outillage",
        ),
        wants=(
            "graphisme", "aide-comptable", "site-web", "stockage", "location-vehicule", "juridique",
        ),
    ),
    Profile(
        key="scop-communication", family="ess", weight=3, sector=Sector.PROFESSIONAL,
        kinds=((K.SCOP, 3), (K.SCIC, 1)),
        names=(
            "Coopérative Les Mots Justes", "SCOP Ricochet Communication",
            "L'Atelier Coopératif {terroir}", "SCOP Bouche à Oreille {terroir}",
            "Coopérative Encre & Pixels",
        ),
        descriptions=(
            "Agence de communication coopérative : identité visuelle, éditions et campagnes pour "
            "les acteurs de l'économie sociale et solidaire {terroir}.",
            "Graphistes, rédacteurs et vidéastes associés, nous accompagnons associations, "
            "collectivités et entreprises engagées dans leur communication depuis {annee}.",
        ),
        offers=(
            "graphisme", "redaction", "reseaux-sociaux", "photo-video", "evenementiel-rp",
        ),
        wants=(
            "salle-reunion", "impression", "traiteur", "materiel-informatique", "bureau-coworking",
        ),
    ),
    Profile(
        key="scic-numerique", family="ess", weight=3, sector=Sector.INFORMATION,
        kinds=((K.SCIC, 2), (K.ESUS, 1), (K.INSERTION, 1)),
        names=(
            "SCIC Numérique {terroir}", "Ordi Solidaire {terroir}",
            "Les Ateliers du Réemploi Numérique", "Numérique pour Tous {de_ville}",
        ),
        descriptions=(
            "Nous reconditionnons les ordinateurs donnés par les entreprises et les remettons en "
            "circulation à prix solidaire, avec formation et assistance {a_ville}.",
            "Coopérative du numérique responsable : reconditionnement, maintenance, hébergement "
            "sur logiciels libres et accompagnement des publics éloignés du numérique.",
        ),
        offers=(
            "materiel-informatique", "depannage-informatique", "hebergement", "bureautique",
            "cybersecurite-rgpd",
        ),
        wants=(
            "stockage", "livraison", "graphisme", "formation-pro", "emballages",
        ),
    ),
    Profile(
        key="centre-social", family="ess", weight=4, sector=Sector.OTHER_SERVICES,
        kinds=((K.ASSOCIATION, 1),),
        names=(
            "Centre social {de_ville}", "Maison des Associations {de_ville}",
            "Association Le Lien {terroir}", "Maison de Quartier {de_ville}",
            "Association Vivre Ensemble {terroir}",
        ),
        descriptions=(
            "Lieu d'accueil, d'animation et d'entraide ouvert à tous les habitants {de_ville} : "
            "ateliers, cours de français, accompagnement administratif et activités familiales.",
            "Association d'éducation populaire fondée en {annee}, nous animons des activités pour "
            "les enfants, les familles et les seniors, et prêtons nos salles aux associations du "
            "quartier.",
        ),
        offers=(
            "salle-reunion", "salle-evenement", "langues", "bureautique", "animation-spectacle",
            "services-salaries",
        ),
        wants=(
            "nettoyage", "traiteur", "impression", "mobilier", "materiel-evenementiel",
            "photo-video",
        ),
    ),
    Profile(
        key="tiers-lieu", family="ess", weight=3, sector=Sector.REAL_ESTATE,
        kinds=((K.SCIC, 2), (K.ASSOCIATION, 2)),
        names=(
            "Tiers-lieu La Fabrique {terroir}", "Le Hangar Coopératif {de_ville}",
            "L'Usine à Projets {terroir}", "Coworking associatif Le Quai {de_ville}",
            "La Grange Commune {terroir}",
        ),
        descriptions=(
            "Tiers-lieu installé dans une ancienne friche {a_ville} : coworking, ateliers "
            "partagés, fablab et salles ouvertes aux entreprises et associations du territoire.",
            "Nous gérons depuis {annee} un lieu partagé de 1 200 m² mêlant bureaux, ateliers, "
            "espace événementiel et café associatif.",
        ),
        offers=(
            "bureau-coworking", "salle-reunion", "salle-evenement", "atelier", "stockage",
            "machines",
        ),
        wants=(
            "nettoyage", "site-web", "reseaux-sociaux", "mobilier", "pauses-cafe",
            "plomberie-electricite",
        ),
    ),
    Profile(
        key="compagnie", family="ess", weight=3, sector=Sector.ARTS,
        kinds=((K.ASSOCIATION, 1),),
        names=(
            "Compagnie Les Tréteaux {terroir}", "Compagnie du Petit Théâtre {de_ville}",
            "Association Musiques {terroir}", "Collectif Les Arts Mêlés",
            "Compagnie La Lanterne {terroir}",
        ),
        descriptions=(
            "Compagnie de spectacle vivant : créations jeune public, théâtre de rue et ateliers "
            "de pratique artistique dans les écoles et les entreprises {terroir}.",
            "Association culturelle fondée en {annee} {a_ville}, nous organisons concerts, "
            "festivals et animations, et prêtons notre matériel de scène aux structures du "
            "territoire.",
        ),
        offers=(
            "animation-spectacle", "team-building", "materiel-evenementiel", "salle-evenement",
        ),
        wants=(
            "impression", "photo-video", "location-vehicule", "stockage", "graphisme",
            "reseaux-sociaux",
        ),
    ),
    Profile(
        key="esat", family="ess", weight=3, sector=Sector.MANUFACTURING,
        kinds=((K.MUTUAL_FOUNDATION, 2), (K.ESUS, 1), (K.ASSOCIATION, 1)),
        names=(
            "ESAT Les Ateliers {terroir}", "Entreprise adaptée Les Ateliers {de_ville}",
            "ESAT Les Tilleuls", "ESAT La Source {terroir}",
        ),
        descriptions=(
            "Établissement et service d'aide par le travail : nos travailleurs en situation de "
            "handicap réalisent conditionnement, sous-traitance, espaces verts et textile "
            "personnalisé {a_ville}.",
            "Nous proposons aux entreprises des prestations de qualité (conditionnement, "
            "reprographie, espaces verts) qui réduisent leur contribution au titre de l'emploi "
            "des travailleurs handicapés.",
        ),
        offers=(
            "objets-personnalises", "emballages", "espaces-verts", "nettoyage", "impression",
            "artisanat-cadeaux",
        ),
        wants=(
            "machines", "fournitures-bureau", "formation-pro", "livraison", "securite-secourisme",
        ),
    ),
    Profile(
        key="epicerie", family="ess", weight=3, sector=Sector.TRADE,
        kinds=((K.ASSOCIATION, 2), (K.COOPERATIVE, 2)),
        names=(
            "Épicerie solidaire {de_ville}", "Coopérative alimentaire La Charrette {terroir}",
            "Le Panier Commun {terroir}", "Supermarché coopératif {de_ville}",
        ),
        descriptions=(
            "Épicerie coopérative gérée par ses membres : produits locaux, en vrac et de saison, "
            "à prix justes pour les producteurs comme pour les mangeurs {terroir}.",
            "Nous approvisionnons nos adhérents en produits frais et locaux, et proposons des "
            "tarifs solidaires aux familles orientées par les services sociaux {de_ville}.",
        ),
        offers=(
            "produits-alimentaires", "boissons", "stocks-invendus", "pauses-cafe",
        ),
        wants=(
            "stockage", "livraison", "emballages", "cuisine-pro", "fret", "mobilier",
        ),
    ),
    Profile(
        key="formation-solidaire", family="ess", weight=3, sector=Sector.EDUCATION,
        kinds=((K.ASSOCIATION, 2), (K.SCOP, 1)),
        names=(
            "Institut de Formation {terroir}", "Association Savoirs pour Tous {de_ville}",
            "SCOP Compétences {terroir}", "Passerelles Emploi {terroir}",
        ),
        descriptions=(
            "Organisme de formation certifié Qualiopi : remise à niveau, français à visée "
            "professionnelle, numérique et préparation aux métiers en tension.",
            "Depuis {annee}, nous accompagnons demandeurs d'emploi et salariés vers la "
            "qualification, en lien étroit avec les entreprises qui recrutent {terroir}.",
        ),
        offers=(
            "formation-pro", "securite-secourisme", "bureautique", "langues", "rh-recrutement",
        ),
        wants=(
            "salle-reunion", "graphisme", "materiel-informatique", "bureau-coworking", "site-web",
        ),
    ),
    Profile(
        key="creche-sante", family="ess", weight=3, sector=Sector.HEALTH_SOCIAL,
        kinds=((K.ASSOCIATION, 2), (K.SCIC, 1), (K.MUTUAL_FOUNDATION, 1)),
        names=(
            "Crèche associative Les Petits Pas {de_ville}", "Crèche parentale Les Lucioles",
            "Centre de santé mutualiste {de_ville}", "Association Bien Vieillir {terroir}",
        ),
        descriptions=(
            "Structure d'accueil et de soin {a_ville} : nous réservons des places et des services "
            "aux salariés des entreprises partenaires.",
            "Nous menons des actions de prévention santé auprès des habitants et des salariés du "
            "territoire, avec une équipe pluridisciplinaire, depuis {annee}.",
        ),
        offers=(
            "services-salaries", "sante-prevention", "bien-etre", "salle-reunion",
        ),
        wants=(
            "produits-entretien", "nettoyage", "petits-travaux", "fournitures-bureau",
            "espaces-verts",
        ),
    ),
    Profile(
        key="coursiers", family="ess", weight=2, sector=Sector.TRANSPORT,
        kinds=((K.SCOP, 2), (K.SCIC, 1)),
        names=(
            "Coopérative Coursiers {terroir}", "Vélo Cargo {ville}", "Les Roues Libres {terroir}",
            "SCOP Dernier Kilomètre",
        ),
        descriptions=(
            "Coopérative de livreurs à vélo-cargo : tournées en centre-ville, livraisons du "
            "dernier kilomètre et petits déménagements sans émissions {a_ville} et alentours.",
            "Nos coursiers salariés-associés livrent commerces, restaurants et entreprises "
            "{terroir} depuis {annee}.",
        ),
        offers=(
            "livraison", "fret", "demenagement",
        ),
        wants=(
            "atelier", "stockage", "reseaux-sociaux", "aide-comptable", "pret-outillage",
        ),
    ),
    Profile(
        key="garage-solidaire", family="ess", weight=2, sector=Sector.TRADE,
        kinds=((K.INSERTION, 2), (K.ASSOCIATION, 1)),
        names=(
            "Garage solidaire {de_ville}", "Mobilité Solidaire {terroir}",
            "Garage associatif {terroir}",
        ),
        descriptions=(
            "Garage associatif : réparation de véhicules à prix solidaire pour les personnes en "
            "insertion, location de voitures et d'utilitaires pour retrouver un emploi.",
            "Nous levons les freins à la mobilité {terroir} : location de véhicules, réparation "
            "et conseil, avec une équipe en insertion encadrée par des mécaniciens.",
        ),
        offers=(
            "location-vehicule", "pret-outillage", "petits-travaux",
        ),
        wants=(
            "graphisme", "site-web", "secretariat", "formation-pro", "stockage",
        ),
    ),
    Profile(
        key="imprimerie", family="classic", weight=5, sector=Sector.MANUFACTURING,
        kinds=((K.TPE, 3), (K.PME, 2)),
        names=(
            "Imprimerie {nom}", "Imprimerie {terroir}", "{nom} Impressions",
            "Reprographie {de_ville}", "Imprimerie {nom} & Fils",
        ),
        descriptions=(
            "Imprimerie offset et numérique installée {a_ville} depuis {annee} : brochures, "
            "affiches, cartes de visite et liasses pour les entreprises et les collectivités du "
            "département.",
            "Impression labellisée Imprim'Vert, papiers recyclés et encres végétales ; nous "
            "livrons {a_ville} et dans les communes voisines sous 48 heures.",
        ),
        offers=(
            "impression", "signaletique", "objets-personnalises", "stocks-invendus", "emballages",
        ),
        wants=(
            "graphisme", "depannage-informatique", "nettoyage", "livraison", "site-web", "machines",
        ),
    ),
    Profile(
        key="studio-graphique", family="classic", weight=5, sector=Sector.PROFESSIONAL,
        kinds=((K.MICRO, 3), (K.TPE, 2)),
        names=(
            "Atelier Graphique {terroir}", "Studio {nom}", "{prenom} {nom} Design",
            "Pixel & Papier {terroir}", "Studio Graphique {de_ville}",
        ),
        descriptions=(
            "Studio de création graphique : identités visuelles, éditions et supports de "
            "communication pour les commerces, artisans et associations {terroir}.",
            "Création graphique depuis {annee} : logos, sites et supports imprimés, de l'idée au "
            "fichier prêt pour l'imprimeur.",
        ),
        offers=(
            "graphisme", "site-web", "photo-video", "reseaux-sociaux",
        ),
        wants=(
            "bureau-coworking", "materiel-informatique", "impression", "aide-comptable",
            "juridique",
        ),
    ),
    Profile(
        key="developpement", family="classic", weight=4, sector=Sector.INFORMATION,
        kinds=((K.MICRO, 3), (K.TPE, 2)),
        names=(
            "{nom} Développement", "Agence Web {terroir}", "Code & Cie {terroir}",
            "{prenom} {nom} Informatique", "Octet {terroir}",
        ),
        descriptions=(
            "Développement web et logiciel sur mesure : sites, applications métier et "
            "automatisation, avec une préférence pour les logiciels libres.",
            "Nous créons et maintenons les sites et outils numériques de TPE et d'associations "
            "{terroir} depuis {annee}.",
        ),
        offers=(
            "developpement", "site-web", "hebergement", "cybersecurite-rgpd",
        ),
        wants=(
            "graphisme", "redaction", "bureau-coworking", "juridique", "aide-comptable",
        ),
    ),
    Profile(
        key="cabinet-conseil", family="classic", weight=4, sector=Sector.PROFESSIONAL,
        kinds=((K.TPE, 3), (K.PME, 1)),
        names=(
            "Cabinet {nom} Conseil", "Cabinet {nom} & Associés", "{nom} Expertise",
            "Gestion Conseil {terroir}",
        ),
        descriptions=(
            "Cabinet d'expertise comptable et de conseil {a_ville} : tenue des comptes, paie, "
            "bilans et accompagnement des créateurs d'entreprise.",
            "Nous accompagnons depuis {annee} les TPE, artisans et associations {terroir} dans "
            "leur gestion, leur financement et leur développement.",
        ),
        offers=(
            "aide-comptable", "strategie", "juridique", "secretariat", "rh-recrutement",
        ),
        wants=(
            "site-web", "nettoyage", "traiteur", "salle-reunion", "mobilier",
            "depannage-informatique",
        ),
    ),
    Profile(
        key="traiteur", family="classic", weight=4, sector=Sector.HOSPITALITY,
        kinds=((K.TPE, 3), (K.PME, 1), (K.MICRO, 1)),
        names=(
            "Traiteur {nom}", "Maison {nom} Traiteur", "Aux Délices {de_ville}",
            "Traiteur Les Saveurs {terroir}", "La Table {terroir}",
        ),
        descriptions=(
            "Traiteur {a_ville} depuis {annee} : cocktails, buffets et plateaux-repas cuisinés "
            "sur place à partir de produits frais et locaux.",
            "Nous régalons séminaires, inaugurations et repas d'entreprise {terroir}, avec une "
            "offre végétarienne et sans gluten.",
        ),
        offers=(
            "traiteur", "pauses-cafe", "cuisine-pro",
        ),
        wants=(
            "graphisme", "livraison", "emballages", "reseaux-sociaux", "produits-alimentaires",
            "location-vehicule",
        ),
    ),
    Profile(
        key="artisan-alimentaire", family="classic", weight=4, sector=Sector.MANUFACTURING,
        kinds=((K.TPE, 3), (K.MICRO, 1)),
        names=(
            "Boulangerie {nom}", "Fromagerie {terroir}", "Miellerie {terroir}",
            "Biscuiterie {de_ville}", "Chocolaterie {nom}",
        ),
        descriptions=(
            "Artisan de bouche {a_ville} : nous fabriquons nous-mêmes, avec des matières "
            "premières locales, et livrons commerces et entreprises du secteur.",
            "Fabrication artisanale depuis {annee}, vente en boutique, sur les marchés et aux "
            "professionnels {terroir}.",
        ),
        offers=(
            "produits-alimentaires", "pauses-cafe", "stocks-invendus", "artisanat-cadeaux",
        ),
        wants=(
            "emballages", "signaletique", "site-web", "livraison", "photo-video",
        ),
    ),
    Profile(
        key="brasserie", family="classic", weight=2, sector=Sector.MANUFACTURING,
        kinds=((K.TPE, 2), (K.MICRO, 1)),
        names=(
            "Brasserie artisanale {terroir}", "Brasserie {nom}", "Cidrerie {terroir}",
            "Les Brasseurs {de_ville}",
        ),
        descriptions=(
            "Brasserie artisanale {a_ville} : bières non filtrées brassées avec des céréales "
            "locales, vendues en boutique, chez les cavistes et aux restaurateurs.",
            "Nous brassons depuis {annee} et accueillons des groupes pour des visites et des "
            "dégustations dans notre salle de brassage.",
        ),
        offers=(
            "boissons", "salle-evenement", "stocks-invendus",
        ),
        wants=(
            "emballages", "signaletique", "fret", "graphisme", "materiel-evenementiel",
        ),
    ),
    Profile(
        key="paysagiste", family="classic", weight=3, sector=Sector.SUPPORT,
        kinds=((K.MICRO, 2), (K.TPE, 2)),
        names=(
            "{nom} Paysages", "Jardins {terroir}", "Les Jardins de {prenom}", "{nom} Espaces Verts",
        ),
        descriptions=(
            "Paysagiste {a_ville} : création et entretien de jardins et d'espaces verts "
            "d'entreprise, en gestion différenciée et sans pesticides.",
            "Nous entretenons depuis {annee} les espaces verts de copropriétés, d'entreprises et "
            "de collectivités {terroir}.",
        ),
        offers=(
            "espaces-verts", "pret-outillage", "location-vehicule", "machines",
        ),
        wants=(
            "aide-comptable", "site-web", "reseaux-sociaux", "secretariat", "materiaux",
        ),
    ),
    Profile(
        key="electricien", family="classic", weight=3, sector=Sector.CONSTRUCTION,
        kinds=((K.MICRO, 2), (K.TPE, 2)),
        names=(
            "{nom} Électricité", "{nom} Plomberie Chauffage", "Élec Services {terroir}",
            "{nom} Énergies",
        ),
        descriptions=(
            "Électricité, plomberie et chauffage pour les professionnels et les particuliers "
            "{a_ville} et alentours ; dépannage rapide et mise aux normes.",
            "Artisan qualifié RGE depuis {annee} : installation, rénovation énergétique et "
            "maintenance {terroir}.",
        ),
        offers=(
            "plomberie-electricite", "petits-travaux", "materiaux",
        ),
        wants=(
            "secretariat", "site-web", "stockage", "location-vehicule", "aide-comptable",
        ),
    ),
    Profile(
        key="peintre", family="classic", weight=3, sector=Sector.CONSTRUCTION,
        kinds=((K.TPE, 2), (K.MICRO, 1)),
        names=(
            "{nom} Rénovation", "Peinture {nom}", "Déco & Rénovation {terroir}", "{nom} Finitions",
        ),
        descriptions=(
            "Entreprise de peinture et de rénovation intérieure {a_ville} : bureaux, commerces et "
            "logements, avec des peintures à faibles émissions.",
            "Peinture, revêtements de sols et petits travaux de rénovation depuis {annee}, pour "
            "les professionnels {terroir}.",
        ),
        offers=(
            "peinture-renovation", "petits-travaux", "materiaux",
        ),
        wants=(
            "graphisme", "aide-comptable", "signaletique", "location-vehicule", "juridique",
        ),
    ),
    Profile(
        key="menuiserie", family="classic", weight=3, sector=Sector.MANUFACTURING,
        kinds=((K.TPE, 2), (K.MICRO, 1)),
        names=(
            "Menuiserie {nom}", "Ébénisterie {nom}", "Atelier Bois {terroir}", "{nom} Agencement",
        ),
        descriptions=(
            "Menuiserie et agencement sur mesure {a_ville} : mobilier, cuisines, boutiques et "
            "espaces d'accueil en bois massif.",
            "Atelier de menuiserie fondé en {annee}, équipé de machines à commande numérique et "
            "ouvert aux collaborations avec d'autres artisans.",
        ),
        offers=(
            "menuiserie", "mobilier", "atelier", "machines", "stocks-invendus",
        ),
        wants=(
            "site-web", "photo-video", "fret", "aide-comptable", "stockage",
        ),
    ),
    Profile(
        key="transporteur", family="classic", weight=3, sector=Sector.TRANSPORT,
        kinds=((K.TPE, 2), (K.PME, 2)),
        names=(
            "Transports {nom}", "{nom} Déménagements", "Express Logistique {terroir}",
            "Logistique {nom}",
        ),
        descriptions=(
            "Transport de marchandises, déménagements d'entreprise et logistique {a_ville}, avec "
            "une flotte d'utilitaires et de porteurs.",
            "Transporteur régional depuis {annee}, nous livrons en Île-de-France et stockons pour "
            "nos clients dans notre entrepôt {a_ville}.",
        ),
        offers=(
            "demenagement", "fret", "livraison", "location-vehicule", "stockage",
        ),
        wants=(
            "depannage-informatique", "aide-comptable", "nettoyage", "rh-recrutement",
            "securite-secourisme",
        ),
    ),
    Profile(
        key="proprete", family="classic", weight=3, sector=Sector.SUPPORT,
        kinds=((K.TPE, 2), (K.PME, 2)),
        names=(
            "{nom} Propreté", "Propreté {terroir}", "Clean Office {ville}",
            "{nom} Services Nettoyage",
        ),
        descriptions=(
            "Nettoyage de bureaux, de commerces et de parties communes {a_ville} et alentours, "
            "avec des produits écolabellisés.",
            "Entreprise de propreté fondée en {annee} : entretien régulier, remise en état après "
            "travaux et nettoyage de vitres {terroir}.",
        ),
        offers=(
            "nettoyage", "produits-entretien",
        ),
        wants=(
            "rh-recrutement", "formation-pro", "site-web", "location-vehicule",
            "securite-secourisme", "services-salaries",
        ),
    ),
    Profile(
        key="maintenance-informatique", family="classic", weight=3, sector=Sector.INFORMATION,
        kinds=((K.TPE, 2), (K.MICRO, 2)),
        names=(
            "{nom} Informatique", "Info Services {terroir}", "PC Dépannage {ville}",
            "Réseaux & Systèmes {terroir}",
        ),
        descriptions=(
            "Maintenance informatique pour les TPE et les associations : dépannage, sauvegardes, "
            "réseaux et vente de matériel {a_ville}.",
            "Depuis {annee}, nous gérons les parcs informatiques de petites structures {terroir}, "
            "sur site et à distance.",
        ),
        offers=(
            "depannage-informatique", "materiel-informatique", "hebergement", "cybersecurite-rgpd",
        ),
        wants=(
            "graphisme", "salle-reunion", "aide-comptable", "livraison", "reseaux-sociaux",
        ),
    ),
    Profile(
        key="photographe", family="classic", weight=2, sector=Sector.PROFESSIONAL,
        kinds=((K.MICRO, 1),),
        names=(
            "{prenom} {nom} Photographie", "Studio Lumière {terroir}", "{nom} Images",
        ),
        descriptions=(
            "Photographe et vidéaste professionnel : reportages d'entreprise, portraits, "
            "événements et vidéos pour les réseaux sociaux.",
            "Installé {a_ville} depuis {annee}, je photographie les entreprises, les artisans et "
            "les événements {terroir}.",
        ),
        offers=(
            "photo-video", "evenementiel-rp",
        ),
        wants=(
            "atelier", "impression", "site-web", "materiel-evenementiel",
        ),
    ),
    Profile(
        key="langues", family="classic", weight=2, sector=Sector.EDUCATION,
        kinds=((K.MICRO, 2), (K.TPE, 1)),
        names=(
            "École de langues {terroir}", "{nom} Formation", "Lingua {ville}",
            "{prenom} {nom} Langues",
        ),
        descriptions=(
            "Cours d'anglais, d'espagnol et de français langue étrangère pour les professionnels, "
            "en petits groupes ou en individuel.",
            "Centre de langues ouvert en {annee} {a_ville} ; nous préparons aussi aux "
            "certifications et traduisons vos documents.",
        ),
        offers=(
            "langues", "traduction", "formation-pro", "bureautique",
        ),
        wants=(
            "salle-reunion", "graphisme", "materiel-informatique", "mobilier",
        ),
    ),
    Profile(
        key="traduction", family="classic", weight=1, sector=Sector.PROFESSIONAL,
        kinds=((K.MICRO, 1),),
        names=(
            "{prenom} {nom} Traductions", "Traductions {terroir}",
        ),
        descriptions=(
            "Traduction et interprétariat indépendants : anglais, espagnol, portugais ; documents "
            "commerciaux, techniques et juridiques.",
            "Traductions professionnelles depuis {annee}, avec une spécialité en économie sociale "
            "et en dossiers de financement européens.",
        ),
        offers=(
            "traduction", "redaction",
        ),
        wants=(
            "aide-comptable", "site-web", "bureau-coworking",
        ),
    ),
    Profile(
        key="evenementiel", family="classic", weight=2, sector=Sector.SUPPORT,
        kinds=((K.TPE, 1),),
        names=(
            "{nom} Événements", "Son & Lumière {terroir}", "Location Festive {de_ville}",
        ),
        descriptions=(
            "Location et installation de matériel événementiel {a_ville} : sonorisation, "
            "éclairage, scènes, tentes et mobilier de réception.",
            "Nous organisons depuis {annee} séminaires, soirées et fêtes d'entreprise {terroir}, "
            "de la logistique à l'animation.",
        ),
        offers=(
            "materiel-evenementiel", "evenementiel-rp", "team-building", "animation-spectacle",
        ),
        wants=(
            "stockage", "location-vehicule", "traiteur", "graphisme", "nettoyage",
        ),
    ),
    Profile(
        key="domaine", family="classic", weight=2, sector=Sector.HOSPITALITY,
        kinds=((K.TPE, 1), (K.PME, 2)),
        names=(
            "Domaine de {lieu}", "Hôtel {nom}", "Ferme de {lieu}", "Château de {lieu}",
        ),
        descriptions=(
            "Domaine de séminaires et de réceptions au calme, à quelques minutes {de_ville} : "
            "salles modulables, parc, hébergement et restauration.",
            "Nous accueillons depuis {annee} séminaires, formations et fêtes d'entreprise "
            "{terroir}, dans un bâtiment de caractère rénové.",
        ),
        offers=(
            "salle-reunion", "salle-evenement", "team-building", "traiteur",
        ),
        wants=(
            "espaces-verts", "nettoyage", "reseaux-sociaux", "produits-entretien",
            "plomberie-electricite",
        ),
    ),
    Profile(
        key="bien-etre", family="classic", weight=2, sector=Sector.OTHER_SERVICES,
        kinds=((K.MICRO, 1),),
        names=(
            "{prenom} {nom} Sophrologie", "Cabinet Équilibre {terroir}", "Ostéopathie {nom}",
            "{prenom} {nom} Yoga",
        ),
        descriptions=(
            "Sophrologie, massage assis et ateliers de gestion du stress en entreprise : des "
            "séances courtes, dans vos locaux.",
            "Installé {a_ville} depuis {annee}, j'interviens auprès des équipes pour prévenir le "
            "stress et les troubles musculo-squelettiques.",
        ),
        offers=(
            "bien-etre", "sante-prevention", "team-building",
        ),
        wants=(
            "salle-reunion", "bureau-coworking", "site-web", "graphisme",
        ),
    ),
    Profile(
        key="cabinet-rh", family="classic", weight=2, sector=Sector.SUPPORT,
        kinds=((K.TPE, 1), (K.MICRO, 1)),
        names=(
            "{nom} RH Conseil", "Talents {terroir}", "Cabinet {nom} Recrutement",
        ),
        descriptions=(
            "Cabinet de recrutement et de conseil en ressources humaines pour les TPE-PME : "
            "recrutement, entretiens, formation des managers.",
            "Nous aidons depuis {annee} les employeurs {terroir} à recruter et à fidéliser, y "
            "compris dans les métiers en tension.",
        ),
        offers=(
            "rh-recrutement", "formation-pro", "strategie",
        ),
        wants=(
            "salle-reunion", "site-web", "redaction", "traiteur",
        ),
    ),
    Profile(
        key="fabricant", family="classic", weight=4, sector=Sector.MANUFACTURING,
        kinds=((K.PME, 3), (K.TPE, 1)),
        names=(
            "{nom} Industrie", "Mécanique de précision {nom}", "Plasturgie {terroir}",
            "Ateliers {nom} & Fils", "Chaudronnerie {terroir}",
        ),
        descriptions=(
            "Entreprise industrielle {a_ville} : usinage, chaudronnerie et assemblage en petites "
            "et moyennes séries pour l'aéronautique, le ferroviaire et l'agroalimentaire.",
            "Sous-traitant industriel depuis {annee}, nous disposons de 2 000 m² d'ateliers et "
            "d'entrepôt dont une partie reste inoccupée.",
        ),
        offers=(
            "machines", "stockage", "stocks-invendus", "emballages", "atelier",
        ),
        wants=(
            "depannage-informatique", "nettoyage", "formation-pro", "securite-secourisme",
            "rh-recrutement", "traiteur", "services-salaries",
        ),
    ),
    Profile(
        key="fournitures", family="classic", weight=2, sector=Sector.TRADE,
        kinds=((K.TPE, 1),),
        names=(
            "Bureau Plus {ville}", "{nom} Fournitures", "Papeterie {nom}",
        ),
        descriptions=(
            "Fournitures et mobilier de bureau pour les professionnels, livrés {a_ville} et dans "
            "les communes voisines.",
            "Papeterie et fournisseur de bureau depuis {annee} : consommables, mobilier neuf et "
            "d'occasion, petits équipements.",
        ),
        offers=(
            "fournitures-bureau", "mobilier", "stocks-invendus", "emballages",
        ),
        wants=(
            "livraison", "site-web", "reseaux-sociaux", "stockage",
        ),
    ),
    Profile(
        key="artisan-art", family="classic", weight=2, sector=Sector.MANUFACTURING,
        kinds=((K.MICRO, 1),),
        names=(
            "Atelier {prenom} Céramique", "{nom} Créations", "Verrerie d'art {terroir}",
            "Atelier {prenom} {nom}",
        ),
        descriptions=(
            "Créations artisanales faites main dans notre atelier {a_ville} : céramiques, "
            "luminaires et objets de décoration, en pièces uniques ou petites séries.",
            "Artisan d'art depuis {annee}, je réalise aussi des cadeaux d'affaires et des "
            "trophées sur commande.",
        ),
        offers=(
            "artisanat-cadeaux", "objets-personnalises",
        ),
        wants=(
            "photo-video", "site-web", "atelier", "salle-evenement",
        ),
    ),
    Profile(
        key="textile", family="classic", weight=2, sector=Sector.MANUFACTURING,
        kinds=((K.TPE, 1),),
        names=(
            "Sérigraphie {nom}", "Textile Marquage {terroir}", "Broderie {nom}",
        ),
        descriptions=(
            "Marquage textile {a_ville} : sérigraphie, broderie et transfert sur vêtements de "
            "travail, tee-shirts et sacs.",
            "Nous personnalisons depuis {annee} les tenues des entreprises, clubs et associations "
            "{terroir}, en petites comme en grandes séries.",
        ),
        offers=(
            "objets-personnalises", "signaletique", "stocks-invendus",
        ),
        wants=(
            "graphisme", "fret", "stockage", "machines",
        ),
    ),
    Profile(
        key="immobilier", family="classic", weight=2, sector=Sector.REAL_ESTATE,
        kinds=((K.TPE, 1),),
        names=(
            "Centre d'affaires {de_ville}", "{nom} Immobilier d'entreprise", "Espace Pro {terroir}",
        ),
        descriptions=(
            "Centre d'affaires {a_ville} : bureaux meublés, salles de réunion, domiciliation et "
            "stockage pour les entreprises.",
            "Gestionnaire de locaux professionnels depuis {annee}, nous louons bureaux et "
            "entrepôts {terroir}, à la journée comme à l'année.",
        ),
        offers=(
            "bureau-coworking", "salle-reunion", "stockage", "secretariat",
        ),
        wants=(
            "nettoyage", "espaces-verts", "peinture-renovation", "site-web", "mobilier",
        ),
    ),
    Profile(
        key="ferme", family="classic", weight=2, sector=Sector.AGRICULTURE,
        kinds=((K.MICRO, 2), (K.TPE, 1)),
        names=(
            "Ferme {nom}", "EARL {nom}", "Ferme de {lieu}", "Vergers {terroir}",
        ),
        descriptions=(
            "Exploitation agricole familiale : céréales, légumes et fruits vendus en direct à la "
            "ferme, sur les marchés et aux restaurateurs {terroir}.",
            "Nous cultivons depuis {annee} des légumes et des pommes, transformés en jus et en "
            "confitures dans notre atelier à la ferme.",
        ),
        offers=(
            "produits-alimentaires", "boissons", "stockage", "location-vehicule",
        ),
        wants=(
            "emballages", "site-web", "livraison", "machines", "pret-outillage",
        ),
    ),
    Profile(
        key="avocat", family="classic", weight=2, sector=Sector.PROFESSIONAL,
        kinds=((K.MICRO, 1),),
        names=(
            "Cabinet {nom} Avocat", "Cabinet {prenom} {nom}", "Cabinet Juridique {terroir}",
        ),
        descriptions=(
            "Avocat en droit des affaires, droit social et droit de l'économie sociale et "
            "solidaire : statuts, contrats, baux et conformité.",
            "Installé {a_ville} depuis {annee}, le cabinet conseille TPE, associations et "
            "coopératives {terroir}.",
        ),
        offers=(
            "juridique", "cybersecurite-rgpd", "rh-recrutement",
        ),
        wants=(
            "site-web", "secretariat", "bureau-coworking", "traduction",
        ),
    ),
    Profile(
        key="secretariat", family="classic", weight=2, sector=Sector.SUPPORT,
        kinds=((K.MICRO, 1),),
        names=(
            "{prenom} {nom} Assistance", "Secrétariat {terroir}", "Bureau Facile {ville}",
        ),
        descriptions=(
            "Secrétariat indépendant : gestion administrative, accueil téléphonique, devis et "
            "facturation pour les artisans et les petites entreprises.",
            "Assistance de direction à temps partagé depuis {annee}, sur place ou à distance.",
        ),
        offers=(
            "secretariat", "aide-comptable", "redaction",
        ),
        wants=(
            "materiel-informatique", "site-web", "formation-pro",
        ),
    ),
    Profile(
        key="equipement-chr", family="classic", weight=1, sector=Sector.TRADE,
        kinds=((K.TPE, 1),),
        names=(
            "Équipements {nom} CHR", "Froid & Cuisine {terroir}",
        ),
        descriptions=(
            "Vente, installation et maintenance d'équipements de cuisine professionnelle et de "
            "froid commercial pour les restaurants et les collectivités.",
            "Depuis {annee}, nous équipons restaurants, traiteurs et cantines {terroir} en "
            "matériel neuf et reconditionné.",
        ),
        offers=(
            "cuisine-pro", "machines", "stocks-invendus",
        ),
        wants=(
            "livraison", "stockage", "graphisme", "site-web",
        ),
    ),
    Profile(
        key="prevention", family="classic", weight=2, sector=Sector.EDUCATION,
        kinds=((K.TPE, 1), (K.MICRO, 1)),
        names=(
            "Prévention Formation {terroir}", "{nom} Sécurité Formation",
            "Secours Formation {ville}",
        ),
        descriptions=(
            "Organisme de formation en santé et sécurité au travail : SST, incendie, gestes et "
            "postures, document unique.",
            "Formateurs et anciens sapeurs-pompiers, nous formons depuis {annee} les salariés des "
            "entreprises {terroir}.",
        ),
        offers=(
            "securite-secourisme", "formation-pro", "sante-prevention",
        ),
        wants=(
            "salle-reunion", "graphisme", "location-vehicule", "site-web",
        ),
    ),
    Profile(
        key="agence-communication", family="classic", weight=2, sector=Sector.PROFESSIONAL,
        kinds=((K.TPE, 1),),
        names=(
            "Agence {nom} Communication", "Agence Com' {terroir}", "{nom} & Associés Communication",
        ),
        descriptions=(
            "Agence de communication et de relations presse : stratégie, réseaux sociaux, "
            "événements et relations avec les médias locaux.",
            "Depuis {annee}, nous faisons connaître les entreprises et les initiatives {terroir}.",
        ),
        offers=(
            "evenementiel-rp", "reseaux-sociaux", "redaction", "strategie",
        ),
        wants=(
            "photo-video", "impression", "salle-evenement", "traiteur",
        ),
    ),
]

DEMO_PROFILE = Profile(
    key="demo", family="ess", weight=0, sector=Sector.PROFESSIONAL,
    kinds=((K.SCOP, 1),),
    names=(DEMO_BUSINESS_NAME,),
    descriptions=(),
    offers=(
        "graphisme", "site-web", "photo-video", "reseaux-sociaux", "redaction",
    ),
    wants=(
        "impression", "salle-reunion", "traiteur", "materiel-informatique", "bureau-coworking",
        "objets-personnalises",
    ),
)
# fmt: on

DEMO_BUSINESS = {
    "username": DEMO_ENTREPRENEUR,
    "first": "Camille",
    "last": "Laurent",
    "legal_name": DEMO_BUSINESS_NAME,
    "kind": K.SCOP,
    "profile": DEMO_PROFILE,
    "sector": Sector.PROFESSIONAL,
    "description": (
        "Studio de design graphique coopératif installé à Évry-Courcouronnes depuis 2014 : "
        "identités visuelles, éditions, sites web et reportages photo pour les entreprises, "
        "associations et collectivités de l'Essonne. Société coopérative et participative : nos "
        "6 salariés en sont les associés. Sur Cyclotroc, nous échangeons nos heures de création "
        "contre de l'impression, des salles pour nos ateliers clients et des repas d'équipe."
    ),
    "postcode": "91000",
    "commune": "Évry-Courcouronnes",
    "mobile": False,
    "website": True,
}


# --- Data: listings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """An offer or a want of a leaf category; values in credits per unit (1 credit = 100 cents).

    Titles and descriptions use {n} (drawn from `n`), {ville}, {a_ville} and {terroir}.
    `vat` overrides the category's rate for an offer.
    """

    title: str
    description: str
    nature: str
    unit: str
    low: int
    high: int
    quantity: tuple[int, int] = (1, 1)
    n: tuple[int, int] | None = None
    vat: int | None = None


def _t(nature, unit, low, high, *, title, description, qty=(1, 1), n=None, vat=None):
    return Template(title, description, nature, unit, low, high, qty, n, vat)


SVC, GOOD, ASSET = ListingNature.SERVICE, ListingNature.GOOD, ListingNature.ASSET
HOUR, HALF, DAY, MONTH = ListingUnit.HOUR, ListingUnit.HALF_DAY, ListingUnit.DAY, ListingUnit.MONTH
PIECE, LOT, M2, KG, FLAT = (
    ListingUnit.PIECE,
    ListingUnit.LOT,
    ListingUnit.SQUARE_METRE,
    ListingUnit.KILOGRAM,
    ListingUnit.SERVICE,
)

# slug: ([offers], [wants]). Every leaf category of barter/data/taxonomy.py has both.
# fmt: off
LISTING_TEMPLATES: dict[str, tuple[list[Template], list[Template]]] = {
    "graphisme": (
        [
            _t(SVC, FLAT, 350, 900,
               title="Création de logo et charte graphique",
               description="Logo, palette de couleurs, typographies et déclinaisons (carte de "
                           "visite, en-tête). Deux pistes créatives et trois allers-retours "
                           "inclus."),
            _t(SVC, HOUR, 45, 70, qty=(4, 20),
               title="Graphiste à l'heure : affiches, flyers, kakémonos",
               description="Conception de supports imprimés ou numériques à partir de vos "
                           "contenus ; fichiers prêts pour l'imprimeur."),
            _t(SVC, FLAT, 250, 600, n=(8, 24),
               title="Mise en page de plaquette ou de rapport d'activité",
               description="Mise en page de {n} pages au plus, intégration des photos et des "
                           "graphiques, export pour l'impression et PDF interactif."),
        ],
        [
            _t(SVC, FLAT, 300, 700,
               title="Recherche graphiste pour la refonte de notre logo",
               description="Notre logo date de plus de dix ans : nous cherchons une identité "
                           "plus lisible, déclinable sur le web et sur nos véhicules."),
            _t(SVC, FLAT, 150, 350,
               title="Flyer et affiche pour notre journée portes ouvertes",
               description="Format A5 recto verso et affiche A3 ; textes et photos fournis."),
            _t(SVC, HOUR, 40, 60, qty=(4, 10),
               title="Création de visuels pour nos réseaux sociaux",
               description="Une série de gabarits réutilisables aux couleurs de la structure."),
        ],
    ),
    "site-web": (
        [
            _t(SVC, FLAT, 800, 1800,
               title="Site vitrine clé en main (5 pages, WordPress)",
               description="Arborescence, maquette, intégration et une heure de formation pour "
                           "mettre à jour vos pages vous-même. Hébergement non compris."),
            _t(SVC, FLAT, 250, 500, n=(10, 30),
               title="Audit de référencement et d'accessibilité de votre site",
               description="Analyse de {n} pages clés, rapport priorisé et corrections simples "
                           "incluses."),
            _t(SVC, HOUR, 45, 70, qty=(5, 20),
               title="Intégrateur web à l'heure",
               description="Mises à jour, nouvelles pages, formulaires et petites évolutions "
                           "sur WordPress, Drupal ou site statique."),
        ],
        [
            _t(SVC, FLAT, 600, 1500,
               title="Recherche prestataire pour créer notre site vitrine",
               description="Nous n'avons qu'une page sur un réseau social : il nous faut un "
                           "site simple présentant nos activités, nos horaires et un formulaire "
                           "de contact."),
            _t(SVC, FLAT, 250, 500,
               title="Audit et mise à jour de notre site",
               description="Site vieillissant et lent sur mobile : nous cherchons un regard "
                           "extérieur et quelques corrections."),
            _t(SVC, FLAT, 900, 2000,
               title="Boutique en ligne simple pour nos produits",
               description="Une vingtaine de références, paiement en ligne, retrait sur place."),
        ],
    ),
    "redaction": (
        [
            _t(SVC, PIECE, 60, 150, qty=(2, 8),
               title="Articles pour votre blog ou votre lettre d'information",
               description="Articles de 600 à 1 000 mots, optimisés pour le référencement, "
                           "rédigés après un entretien téléphonique."),
            _t(SVC, FLAT, 300, 700,
               title="Rédaction de votre rapport d'activité annuel",
               description="Entretiens avec l'équipe, rédaction et relecture : un document "
                           "clair pour vos financeurs et vos partenaires."),
            _t(SVC, HOUR, 30, 50, qty=(2, 15),
               title="Relecture et correction de documents",
               description="Orthographe, syntaxe et typographie ; retour sous 48 heures."),
        ],
        [
            _t(SVC, FLAT, 250, 600,
               title="Recherche rédacteur pour les textes de notre site",
               description="Une dizaine de pages à réécrire, sur un ton simple et chaleureux."),
            _t(SVC, FLAT, 300, 600,
               title="Aide à la rédaction d'une réponse à appel à projets",
               description="Dossier de financement à déposer avant l'échéance : nous cherchons "
                           "une plume expérimentée."),
            _t(SVC, HOUR, 30, 45, qty=(2, 6),
               title="Relecture de notre lettre d'information mensuelle",
               description="Quatre pages par mois, à relire sous trois jours."),
        ],
    ),
    "photo-video": (
        [
            _t(SVC, HALF, 250, 450,
               title="Reportage photo d'entreprise à la demi-journée",
               description="Portraits de l'équipe, photos des locaux et de l'activité : 40 "
                           "images retouchées, droits d'usage inclus."),
            _t(SVC, FLAT, 700, 1500,
               title="Vidéo de présentation de 2 minutes",
               description="Tournage sur site, interviews, montage et sous-titrage pour les "
                           "réseaux sociaux."),
            _t(SVC, PIECE, 8, 20, qty=(20, 100),
               title="Photos de produits sur fond blanc",
               description="Prise de vue en studio, détourage et formats web ; prix à la photo."),
        ],
        [
            _t(SVC, HALF, 200, 400,
               title="Recherche photographe pour notre événement",
               description="Soirée anniversaire de la structure, environ 80 personnes, une "
                           "demi-journée."),
            _t(SVC, FLAT, 250, 450,
               title="Portraits professionnels de l'équipe",
               description="Une douzaine de personnes, dans nos locaux, sur fond neutre."),
            _t(SVC, FLAT, 600, 1200,
               title="Vidéo courte pour présenter nos métiers",
               description="Pour nos recrutements : deux à trois minutes, tournées sur nos "
                           "chantiers."),
        ],
    ),
    "reseaux-sociaux": (
        [
            _t(SVC, MONTH, 250, 500, qty=(1, 6),
               title="Community management : 3 publications par semaine",
               description="Calendrier éditorial, visuels, rédaction et modération sur deux "
                           "réseaux ; bilan mensuel."),
            _t(SVC, HALF, 200, 400,
               title="Atelier réseaux sociaux pour votre équipe",
               description="Trois heures pour définir une ligne éditoriale et prendre en main "
                           "les outils de planification."),
        ],
        [
            _t(SVC, MONTH, 200, 450, qty=(1, 6),
               title="Recherche community manager quelques heures par mois",
               description="Nous peinons à publier régulièrement : besoin d'un accompagnement "
                           "sur Instagram et LinkedIn."),
            _t(SVC, HALF, 200, 400,
               title="Formation aux réseaux sociaux pour deux salariés",
               description="Idéalement dans nos locaux, sur une demi-journée."),
        ],
    ),
    "evenementiel-rp": (
        [
            _t(SVC, FLAT, 500, 1200,
               title="Organisation de votre inauguration ou de vos portes ouvertes",
               description="Rétroplanning, invitations, logistique et accueil le jour J."),
            _t(SVC, FLAT, 250, 500,
               title="Rédaction et diffusion d'un communiqué de presse",
               description="Communiqué, fichier de journalistes locaux et relances."),
        ],
        [
            _t(SVC, FLAT, 500, 1000,
               title="Aide pour organiser nos 10 ans",
               description="Soirée d'environ 120 personnes au printemps : nous cherchons un "
                           "appui pour la logistique et les invitations."),
            _t(SVC, FLAT, 250, 500,
               title="Relations presse pour un lancement",
               description="Nous ouvrons un nouveau lieu {a_ville} et voulons être relayés par "
                           "la presse locale."),
        ],
    ),
    "developpement": (
        [
            _t(SVC, DAY, 350, 550, qty=(3, 15),
               title="Développement d'application web sur mesure",
               description="Python/Django ou PHP/Symfony : cadrage, développement et mise en "
                           "production."),
            _t(SVC, FLAT, 300, 700,
               title="Automatisation de vos tâches administratives",
               description="Scripts et connecteurs entre vos outils (tableurs, facturation, "
                           "gestion commerciale), au forfait après étude."),
            _t(SVC, HOUR, 50, 80, qty=(5, 20),
               title="Développeur à l'heure pour petites évolutions",
               description="Corrections, exports, petites fonctionnalités sur vos outils "
                           "existants."),
        ],
        [
            _t(SVC, FLAT, 800, 2000,
               title="Outil de gestion des adhérents sur mesure",
               description="Base de données simple, export tableur, accès pour trois personnes."),
            _t(SVC, FLAT, 300, 600,
               title="Automatiser nos devis et nos factures",
               description="Nos devis sont faits à la main sous tableur : nous cherchons un "
                           "outil ou un script qui nous fasse gagner du temps."),
        ],
    ),
    "depannage-informatique": (
        [
            _t(SVC, HOUR, 45, 70, qty=(2, 10),
               title="Dépannage informatique sur site",
               description="Postes lents, imprimante réseau, messagerie : diagnostic et "
                           "réparation {a_ville} et alentours."),
            _t(SVC, MONTH, 150, 300, qty=(3, 12),
               title="Contrat de maintenance pour un parc de 10 postes",
               description="Visite mensuelle, mises à jour, sauvegardes vérifiées et assistance "
                           "téléphonique."),
            _t(SVC, FLAT, 250, 500,
               title="Installation et configuration de votre réseau",
               description="Box, Wi-Fi invités, NAS de sauvegarde et imprimantes partagées."),
        ],
        [
            _t(SVC, MONTH, 100, 250, qty=(6, 12),
               title="Recherche maintenance informatique pour notre parc",
               description="Une dizaine de postes et deux imprimantes : besoin d'un "
                           "interlocuteur réactif."),
            _t(SVC, FLAT, 200, 400,
               title="Dépannage urgent : serveur de fichiers en panne",
               description="Le partage de fichiers de l'équipe ne répond plus depuis une "
                           "coupure de courant."),
            _t(SVC, FLAT, 250, 500,
               title="Mise en place du Wi-Fi dans nos nouveaux locaux",
               description="Deux étages, une quinzaine d'utilisateurs et un réseau invités."),
        ],
    ),
    "hebergement": (
        [
            _t(SVC, MONTH, 15, 40, qty=(12, 12),
               title="Hébergement web et messagerie professionnelle",
               description="Serveurs en France, sauvegardes quotidiennes, certificats ; jusqu'à "
                           "10 boîtes aux lettres."),
            _t(SVC, MONTH, 80, 200, qty=(6, 12),
               title="Infogérance de serveur",
               description="Supervision, mises à jour de sécurité, sauvegardes externalisées et "
                           "intervention en cas d'incident."),
            _t(SVC, FLAT, 250, 500,
               title="Migration de votre messagerie vers une solution libre",
               description="Comptes, agendas et contacts migrés sans perte, accompagnement des "
                           "utilisateurs."),
        ],
        [
            _t(SVC, MONTH, 15, 35, qty=(12, 12),
               title="Hébergement pour notre site et nos courriels",
               description="Un site WordPress et une dizaine d'adresses."),
            _t(SVC, FLAT, 250, 500,
               title="Migration de nos boîtes aux lettres et de nos fichiers",
               description="Quitter une offre grand public pour une solution professionnelle, "
                           "une quinzaine de comptes."),
        ],
    ),
    "cybersecurite-rgpd": (
        [
            _t(SVC, FLAT, 400, 900,
               title="Mise en conformité RGPD pour petite structure",
               description="Registre des traitements, mentions légales, politique de "
                           "confidentialité et sensibilisation de l'équipe."),
            _t(SVC, DAY, 350, 600,
               title="Audit de sécurité informatique",
               description="Sauvegardes, mots de passe, mises à jour, accès distants : rapport "
                           "et plan d'action."),
            _t(SVC, HALF, 200, 400,
               title="Sensibilisation de vos salariés à l'hameçonnage",
               description="Atelier pratique et faux courriels d'entraînement."),
        ],
        [
            _t(SVC, FLAT, 300, 700,
               title="Accompagnement pour notre registre RGPD",
               description="Nous gérons des fichiers de bénéficiaires et d'adhérents : il nous "
                           "faut un accompagnement pour être en règle."),
            _t(SVC, DAY, 300, 550,
               title="Audit de nos sauvegardes et de nos accès",
               description="Après une tentative d'intrusion, nous voulons faire le point."),
        ],
    ),
    "materiel-informatique": (
        [
            _t(GOOD, PIECE, 180, 320, qty=(3, 20),
               title="Ordinateurs portables reconditionnés",
               description="Core i5, 8 Go de mémoire, SSD 256 Go, Linux ou Windows installé ; "
                           "garantie un an."),
            _t(ASSET, PIECE, 30, 60, qty=(4, 15),
               title="Lot d'écrans 22 pouces inutilisés",
               description="Écrans issus du renouvellement de notre parc, en bon état, câbles "
                           "fournis."),
            _t(ASSET, DAY, 25, 50, qty=(1, 5),
               title="Prêt de vidéoprojecteur et d'écran",
               description="Vidéoprojecteur Full HD et écran sur pied, disponibles la plupart "
                           "des semaines."),
            _t(ASSET, PIECE, 200, 400,
               title="Serveur NAS inutilisé à céder",
               description="NAS 4 baies avec 4 disques de 2 To, remplacé lors d'une migration."),
        ],
        [
            _t(GOOD, PIECE, 150, 280, qty=(3, 10),
               title="Ordinateurs portables pour nos salariés en insertion",
               description="Postes reconditionnés bienvenus, pour la bureautique et la "
                           "recherche d'emploi."),
            _t(GOOD, PIECE, 40, 90, qty=(2, 8),
               title="Écrans et stations d'accueil",
               description="Pour équiper quatre postes en télétravail partiel."),
            _t(ASSET, DAY, 20, 45, qty=(1, 4),
               title="Vidéoprojecteur pour nos réunions",
               description="Ponctuellement, une à deux fois par mois."),
            _t(ASSET, PIECE, 200, 400,
               title="Serveur ou NAS d'occasion pour nos sauvegardes",
               description="Capacité de 4 To au moins."),
        ],
    ),
    "aide-comptable": (
        [
            _t(SVC, MONTH, 120, 300, qty=(3, 12),
               title="Tenue de comptabilité mensuelle",
               description="Saisie des pièces, rapprochements bancaires, déclarations de TVA ; "
                           "jusqu'à 80 écritures par mois."),
            _t(SVC, FLAT, 400, 900,
               title="Préparation des comptes annuels d'association",
               description="Comptes annuels, annexe et accompagnement pour l'assemblée "
                           "générale."),
            _t(SVC, HOUR, 30, 50, qty=(4, 20),
               title="Aide comptable à l'heure",
               description="Classement, saisie, relances des clients."),
        ],
        [
            _t(SVC, MONTH, 100, 250, qty=(6, 12),
               title="Appui pour la tenue de nos comptes",
               description="Une quarantaine de pièces par mois ; nous utilisons un logiciel en "
                           "ligne."),
            _t(SVC, FLAT, 300, 700,
               title="Accompagnement pour notre première clôture",
               description="Premier exercice après la création : nous cherchons un "
                           "accompagnement pédagogique."),
            _t(SVC, HOUR, 30, 45, qty=(5, 20),
               title="Quelques heures d'aide comptable pour rattraper la saisie",
               description="Trois mois de pièces en retard."),
        ],
    ),
    "juridique": (
        [
            _t(SVC, FLAT, 300, 600,
               title="Rédaction de vos conditions générales de vente",
               description="CGV adaptées à votre activité, relues avec vous et mises en ligne."),
            _t(SVC, HOUR, 80, 150, qty=(1, 5),
               title="Consultation juridique d'une heure",
               description="Droit des sociétés et des associations, baux commerciaux, contrats."),
            _t(SVC, FLAT, 500, 1200,
               title="Accompagnement à la modification de statuts",
               description="Transformation d'association en SCIC, changement d'objet, entrée de "
                           "nouveaux associés."),
        ],
        [
            _t(SVC, FLAT, 250, 500,
               title="Relecture d'un bail commercial",
               description="Renouvellement du bail de notre local {a_ville}."),
            _t(SVC, FLAT, 250, 500,
               title="Conseil juridique pour nos conditions générales",
               description="Nous vendons désormais en ligne et devons revoir nos CGV."),
            _t(SVC, FLAT, 500, 1000,
               title="Accompagnement pour une révision de statuts",
               description="Passage d'association en coopérative à l'étude."),
        ],
    ),
    "rh-recrutement": (
        [
            _t(SVC, FLAT, 800, 1800,
               title="Recrutement d'un profil clé",
               description="Rédaction de l'annonce, diffusion, présélection et entretiens "
                           "conjoints."),
            _t(SVC, FLAT, 300, 700,
               title="Mise en place des entretiens annuels",
               description="Trames, formation des managers et accompagnement de la première "
                           "campagne."),
            _t(SVC, HOUR, 60, 100, qty=(2, 10),
               title="Conseil RH à l'heure",
               description="Contrats, temps de travail, obligations de l'employeur."),
        ],
        [
            _t(SVC, FLAT, 500, 1200,
               title="Appui pour recruter un encadrant technique",
               description="Poste en CDI, profil rare sur notre territoire."),
            _t(SVC, FLAT, 300, 600,
               title="Structurer nos entretiens annuels",
               description="Douze salariés, première campagne à organiser."),
        ],
    ),
    "strategie": (
        [
            _t(SVC, DAY, 400, 700, qty=(2, 4),
               title="Diagnostic stratégique et plan d'action",
               description="Entretiens et analyse, restitution d'un plan d'action à 18 mois."),
            _t(SVC, FLAT, 400, 900,
               title="Accompagnement à la recherche de financements",
               description="Identification des dispositifs, montage du dossier, préparation du "
                           "rendez-vous bancaire."),
            _t(SVC, HOUR, 80, 140, qty=(3, 10),
               title="Séance d'accompagnement de dirigeant",
               description="Une heure et demie pour prendre du recul sur une décision."),
        ],
        [
            _t(SVC, DAY, 300, 600, qty=(1, 3),
               title="Regard extérieur sur notre modèle économique",
               description="Nos activités se sont diversifiées : nous voulons savoir lesquelles "
                           "développer."),
            _t(SVC, FLAT, 300, 700,
               title="Aide pour monter un dossier de financement",
               description="Prêt d'honneur et prêt bancaire pour un nouvel atelier."),
        ],
    ),
    "traduction": (
        [
            _t(SVC, PIECE, 20, 45, qty=(5, 40),
               title="Traduction anglais-français de documents commerciaux",
               description="Plaquettes, sites, contrats ; relecture par un second traducteur. "
                           "Prix à la page."),
            _t(SVC, HALF, 200, 400,
               title="Interprétariat pour vos rendez-vous",
               description="Anglais, espagnol, arabe ; sur place ou en visioconférence."),
            _t(SVC, FLAT, 300, 700,
               title="Traduction de votre site en anglais",
               description="Jusqu'à 15 pages, intégration comprise."),
        ],
        [
            _t(SVC, FLAT, 200, 450,
               title="Traduction de notre plaquette en anglais",
               description="Huit pages, vocabulaire technique."),
            _t(SVC, HALF, 180, 380,
               title="Interprète pour accueillir une délégation",
               description="Une demi-journée de visite avec des partenaires européens."),
        ],
    ),
    "secretariat": (
        [
            _t(SVC, MONTH, 150, 400, qty=(1, 6),
               title="Secrétariat à distance : accueil téléphonique et agenda",
               description="Prise de messages, gestion des rendez-vous et relances."),
            _t(SVC, HOUR, 25, 40, qty=(5, 30),
               title="Saisie et mise en forme de documents",
               description="Courriers, comptes rendus, tableaux."),
            _t(SVC, HALF, 90, 160, qty=(2, 10),
               title="Gestion administrative à la demi-journée",
               description="Courrier, classement, relances, devis et factures."),
        ],
        [
            _t(SVC, HALF, 80, 150, qty=(2, 8),
               title="Assistance administrative quelques demi-journées",
               description="Pour nous libérer du classement et des relances."),
            _t(SVC, MONTH, 150, 350, qty=(1, 6),
               title="Permanence téléphonique",
               description="Nous sommes sur les chantiers toute la journée et manquons des "
                           "appels."),
            _t(SVC, HOUR, 25, 35, qty=(10, 30),
               title="Aide ponctuelle pour la saisie de nos dossiers",
               description="Une trentaine de dossiers papier à numériser et saisir."),
        ],
    ),
    "formation-pro": (
        [
            _t(SVC, DAY, 300, 600, qty=(1, 2),
               title="Formation « Créer et gérer son activité »",
               description="Pour les porteurs de projet : statut, prévisionnel, premiers "
                           "clients."),
            _t(SVC, DAY, 400, 800,
               title="Formation au management d'équipe",
               description="Pour les encadrants de proximité, en inter ou en intra."),
            _t(SVC, HALF, 200, 450,
               title="Formation à l'accueil du public",
               description="Accueil physique et téléphonique, gestion des situations tendues."),
        ],
        [
            _t(SVC, DAY, 350, 700, qty=(1, 3),
               title="Formation au management pour nos encadrants",
               description="Quatre encadrants techniques récemment promus."),
            _t(SVC, DAY, 300, 600,
               title="Formation à la relation client",
               description="Pour notre équipe d'accueil et de vente."),
        ],
    ),
    "langues": (
        [
            _t(SVC, HOUR, 35, 60, qty=(10, 30),
               title="Cours d'anglais professionnel en petit groupe",
               description="Groupes de 4 à 6 personnes, dans vos locaux ou en visioconférence."),
            _t(SVC, HOUR, 30, 50, qty=(10, 40),
               title="Ateliers de français langue étrangère pour vos salariés",
               description="Objectif : l'autonomie à l'oral et à l'écrit au travail."),
            _t(SVC, DAY, 250, 450, qty=(1, 3),
               title="Stage intensif d'anglais",
               description="Trois jours en immersion pour préparer un salon ou une négociation."),
        ],
        [
            _t(SVC, HOUR, 30, 45, qty=(20, 40),
               title="Cours de français pour nos salariés",
               description="Cinq salariés allophones, niveau A2, en fin de journée."),
            _t(SVC, HOUR, 35, 55, qty=(10, 20),
               title="Cours d'anglais pour l'équipe commerciale",
               description="Trois personnes, niveau intermédiaire."),
            _t(SVC, DAY, 250, 400,
               title="Stage d'anglais pour préparer un salon",
               description="Deux jours pour deux personnes."),
        ],
    ),
    "bureautique": (
        [
            _t(SVC, DAY, 250, 450,
               title="Formation tableur : des bases aux tableaux croisés",
               description="Une journée, exercices sur vos propres fichiers."),
            _t(SVC, HALF, 150, 300, qty=(1, 6),
               title="Ateliers d'inclusion numérique",
               description="Messagerie, démarches en ligne, sécurité : pour vos salariés ou vos "
                           "bénévoles."),
        ],
        [
            _t(SVC, DAY, 200, 400,
               title="Formation tableur pour deux salariées",
               description="Niveau débutant, dans nos locaux."),
            _t(SVC, HALF, 120, 280, qty=(2, 6),
               title="Ateliers numériques pour nos bénévoles",
               description="Une dizaine de bénévoles à former aux outils en ligne."),
        ],
    ),
    "securite-secourisme": (
        [
            _t(SVC, DAY, 400, 700, qty=(2, 2),
               title="Formation Sauveteur Secouriste du Travail (SST)",
               description="Deux jours, jusqu'à 10 stagiaires, certificat délivré."),
            _t(SVC, HALF, 200, 400,
               title="Formation extincteurs et évacuation",
               description="Théorie, exercice sur feu réel et désignation des serre-files."),
            _t(SVC, FLAT, 300, 700,
               title="Rédaction du document unique d'évaluation des risques",
               description="Visite, entretiens et document remis avec son plan d'action."),
        ],
        [
            _t(SVC, DAY, 350, 650, qty=(2, 2),
               title="Formation SST pour 8 salariés",
               description="Sur site de préférence."),
            _t(SVC, FLAT, 300, 600,
               title="Aide pour notre document unique",
               description="Il n'a pas été mis à jour depuis trois ans."),
            _t(SVC, DAY, 300, 500,
               title="Recyclage SST pour l'équipe",
               description="Maintien et actualisation des compétences, six personnes."),
        ],
    ),
    "salle-reunion": (
        [
            _t(ASSET, HALF, 60, 150, qty=(1, 10), n=(8, 20),
               title="Salle de réunion {n} places à la demi-journée",
               description="Écran, Wi-Fi et paperboard ; café possible. Accessible aux "
                           "personnes à mobilité réduite, parking à proximité."),
            _t(ASSET, DAY, 150, 400, qty=(1, 10), n=(10, 30),
               title="Salle de réunion {n} places à la journée",
               description="Lumineuse et au calme, vidéoprojecteur inclus ; disponible la "
                           "plupart des jours de semaine."),
            _t(ASSET, HOUR, 15, 30, qty=(5, 20),
               title="Petit bureau de rendez-vous à l'heure",
               description="Pour recevoir un client ou passer un entretien au calme."),
        ],
        [
            _t(ASSET, DAY, 150, 350, qty=(1, 4), n=(10, 20),
               title="Recherche salle pour une formation de {n} personnes",
               description="Deux jours consécutifs, avec vidéoprojecteur, {a_ville} ou à "
                           "proximité."),
            _t(ASSET, HALF, 60, 140, qty=(1, 4),
               title="Salle pour notre conseil d'administration",
               description="Une demi-journée par trimestre, 12 personnes."),
            _t(ASSET, HALF, 50, 120, qty=(4, 10),
               title="Salle pour nos ateliers hebdomadaires",
               description="Le mardi matin, une quinzaine de participants."),
        ],
    ),
    "bureau-coworking": (
        [
            _t(ASSET, MONTH, 150, 300, qty=(1, 4),
               title="Poste de travail en coworking au mois",
               description="Bureau fixe, fibre, cuisine partagée, domiciliation possible."),
            _t(ASSET, MONTH, 250, 600, qty=(1, 12), n=(10, 25),
               title="Bureau fermé de {n} m² inoccupé",
               description="Bureau libre dans nos locaux, meublé, accessible 7 jours sur 7."),
            _t(ASSET, DAY, 15, 30, qty=(5, 20),
               title="Journée de coworking",
               description="Poste libre, Wi-Fi, café compris."),
        ],
        [
            _t(ASSET, MONTH, 200, 500, qty=(3, 12),
               title="Recherche bureau pour deux personnes",
               description="Nous quittons le domicile du gérant : bureau fermé ou deux postes "
                           "en coworking."),
            _t(ASSET, DAY, 15, 30, qty=(4, 12),
               title="Postes en coworking quelques jours par mois",
               description="Pour nos réunions d'équipe et nos rendez-vous clients."),
        ],
    ),
    "stockage": (
        [
            _t(ASSET, MONTH, 150, 400, qty=(1, 12), n=(20, 80),
               title="Espace de stockage de {n} m² dans notre entrepôt",
               description="Accès par quai, chariot élévateur sur demande, alarme."),
            _t(ASSET, MONTH, 60, 120, qty=(1, 12),
               title="Box de stockage sécurisé",
               description="Box de 10 m² au rez-de-chaussée, accessible aux heures ouvrées."),
            _t(ASSET, MONTH, 8, 15, qty=(5, 40),
               title="Emplacements de palettes (prix par palette et par mois)",
               description="Entrepôt sec et sécurisé, entrées et sorties sur rendez-vous."),
        ],
        [
            _t(ASSET, MONTH, 100, 350, qty=(3, 12), n=(15, 50),
               title="Recherche local de stockage de {n} m²",
               description="Pour nos stocks saisonniers, idéalement de plain-pied."),
            _t(ASSET, MONTH, 150, 300, qty=(2, 6),
               title="Stockage d'une vingtaine de palettes",
               description="Pendant les travaux de notre entrepôt."),
        ],
    ),
    "atelier": (
        [
            _t(ASSET, DAY, 50, 120, qty=(1, 20),
               title="Atelier équipé à partager",
               description="Établis, outillage électroportatif et aspiration ; créneaux à la "
                           "journée."),
            _t(ASSET, MONTH, 400, 900, qty=(1, 12), n=(60, 150),
               title="Local d'activité de {n} m² disponible",
               description="Porte sectionnelle, eau, électricité triphasée."),
            _t(ASSET, HALF, 40, 90, qty=(1, 10),
               title="Créneaux dans notre fablab (découpe laser, impression 3D)",
               description="Accompagnement d'un fabmanager lors de la première séance."),
        ],
        [
            _t(ASSET, DAY, 40, 100, qty=(2, 8),
               title="Recherche atelier quelques jours par mois",
               description="Pour des fabrications ponctuelles, avec établi et prise triphasée."),
            _t(ASSET, MONTH, 300, 800, qty=(6, 12),
               title="Recherche local d'activité {a_ville} ou alentours",
               description="Entre 50 et 100 m², accessible en camionnette."),
        ],
    ),
    "salle-evenement": (
        [
            _t(ASSET, DAY, 300, 900, n=(60, 200),
               title="Salle de réception jusqu'à {n} personnes",
               description="Cuisine de réchauffage, mobilier et parking ; idéale pour "
                           "séminaires et soirées."),
            _t(ASSET, DAY, 400, 1000,
               title="Grange aménagée pour vos événements",
               description="Charpente apparente, jardin, sonorisation sur place."),
            _t(ASSET, HALF, 150, 350, qty=(1, 6),
               title="Salle polyvalente en soirée",
               description="De 18 h à minuit, 80 personnes debout."),
        ],
        [
            _t(ASSET, HALF, 150, 350,
               title="Salle pour notre assemblée générale",
               description="Environ 80 personnes, un samedi matin, avec sonorisation."),
            _t(ASSET, DAY, 300, 800,
               title="Lieu pour notre soirée de fin d'année",
               description="Une centaine de personnes, avec un espace traiteur."),
        ],
    ),
    "traiteur": (
        [
            _t(GOOD, PIECE, 14, 24, qty=(10, 60),
               title="Plateaux-repas pour vos réunions",
               description="Entrée, plat, dessert, produits de saison et locaux ; livraison "
                           "{a_ville} et alentours."),
            _t(SVC, FLAT, 400, 1200, n=(30, 100),
               title="Buffet traiteur pour {n} personnes",
               description="Buffet froid ou chaud, vaisselle et service compris."),
            _t(GOOD, PIECE, 18, 30, qty=(20, 80),
               title="Cocktail déjeunatoire",
               description="Douze pièces salées et sucrées par personne ; prix par convive."),
        ],
        [
            _t(SVC, FLAT, 350, 900, n=(40, 90),
               title="Traiteur pour notre assemblée générale",
               description="Buffet pour environ {n} personnes, avec des options végétariennes."),
            _t(GOOD, PIECE, 13, 20, qty=(10, 25),
               title="Plateaux-repas pour une journée de formation",
               description="Livrés à midi, une quinzaine de personnes."),
        ],
    ),
    "produits-alimentaires": (
        [
            _t(GOOD, PIECE, 12, 25, qty=(10, 60),
               title="Paniers de légumes de saison",
               description="Légumes bio de notre exploitation, composés chaque semaine."),
            _t(GOOD, PIECE, 7, 12, qty=(20, 200),
               title="Miel {terroir} en pots de 500 g",
               description="Miel toutes fleurs ou d'acacia, récolté et mis en pot par nos "
                           "soins."),
            _t(GOOD, KG, 2, 6, qty=(20, 200),
               title="Pain au levain et farine pour la restauration",
               description="Livraison le matin, commande la veille."),
            _t(GOOD, LOT, 200, 450,
               title="Colis de produits locaux pour vos salariés",
               description="Épicerie fine, fruits et produits laitiers du territoire, composés "
                           "à la demande."),
        ],
        [
            _t(GOOD, KG, 2, 5, qty=(50, 300),
               title="Fournisseur local de légumes pour notre cantine",
               description="Environ 60 repas par jour, livraison deux fois par semaine."),
            _t(GOOD, PIECE, 25, 50, qty=(10, 40),
               title="Paniers gourmands pour nos partenaires",
               description="Produits locaux de préférence, pour les fêtes de fin d'année."),
            _t(GOOD, LOT, 150, 400,
               title="Produits locaux pour un buffet",
               description="Fromages, charcuteries, pains et fruits pour 80 personnes."),
        ],
    ),
    "boissons": (
        [
            _t(GOOD, LOT, 28, 45, qty=(5, 50), vat=2000,
               title="Bière artisanale brassée {a_ville}",
               description="Blonde, ambrée ou IPA en bouteilles de 33 cl, par cartons de 12."),
            _t(GOOD, LOT, 15, 25, qty=(5, 60),
               title="Jus de pomme du verger",
               description="Pur jus, bouteilles d'un litre, par cartons de 6."),
            _t(GOOD, KG, 18, 30, qty=(5, 30),
               title="Café en grains torréfié localement",
               description="Torréfaction artisanale, sachets d'un kilo."),
            _t(GOOD, LOT, 150, 400, vat=2000,
               title="Boissons pour vos événements",
               description="Bières, jus et limonades artisanales, tireuse prêtée."),
        ],
        [
            _t(GOOD, LOT, 150, 350,
               title="Boissons locales pour nos événements",
               description="Jus, limonades et bières artisanales pour 150 personnes."),
            _t(GOOD, KG, 15, 30, qty=(5, 20),
               title="Café et thé pour notre espace d'accueil",
               description="Environ 3 kg par mois."),
        ],
    ),
    "pauses-cafe": (
        [
            _t(GOOD, PIECE, 4, 8, qty=(10, 80),
               title="Pause café d'accueil (café, thé, jus, viennoiseries)",
               description="Installée avant l'arrivée de vos participants ; prix par personne."),
            _t(GOOD, LOT, 40, 90, qty=(1, 10),
               title="Plateau de mignardises et corbeilles de fruits",
               description="Pour vos réunions de l'après-midi."),
            _t(GOOD, LOT, 250, 450,
               title="Pauses gourmandes pour un séminaire de deux jours",
               description="Matin et après-midi, 40 personnes."),
        ],
        [
            _t(GOOD, PIECE, 4, 7, qty=(15, 40),
               title="Pauses café pour nos séminaires mensuels",
               description="Une trentaine de participants."),
            _t(GOOD, LOT, 150, 300,
               title="Collations pour un événement de 50 personnes",
               description="Sucré et salé, une après-midi."),
            _t(GOOD, LOT, 200, 400,
               title="Pauses café et goûters pour une formation de deux jours",
               description="Vingt stagiaires."),
        ],
    ),
    "nettoyage": (
        [
            _t(SVC, MONTH, 200, 600, qty=(3, 12), n=(100, 400),
               title="Nettoyage hebdomadaire de bureaux",
               description="Jusqu'à {n} m², produits écolabellisés, équipe encadrée."),
            _t(SVC, FLAT, 300, 800,
               title="Remise en état après travaux ou déménagement",
               description="Dépoussiérage, lessivage, vitres et sols."),
            _t(SVC, M2, 2, 5, qty=(50, 300),
               title="Nettoyage de vitres",
               description="Vitrines, baies et vérandas ; prix au m²."),
        ],
        [
            _t(SVC, MONTH, 200, 500, qty=(6, 12), n=(80, 300),
               title="Entreprise de nettoyage pour nos locaux",
               description="Environ {n} m², deux passages par semaine."),
            _t(SVC, FLAT, 250, 600,
               title="Grand nettoyage avant notre réouverture",
               description="Locaux fermés pendant trois mois de travaux."),
        ],
    ),
    "espaces-verts": (
        [
            _t(SVC, HALF, 120, 250, qty=(2, 12),
               title="Entretien d'espaces verts",
               description="Tonte, taille de haies, désherbage sans produits chimiques."),
            _t(SVC, FLAT, 500, 1500,
               title="Création d'un potager ou d'un jardin partagé d'entreprise",
               description="Conception, plantation et animation des premières séances."),
            _t(SVC, DAY, 350, 600,
               title="Élagage et évacuation des déchets verts",
               description="Équipe de deux élagueurs et broyeur."),
        ],
        [
            _t(SVC, HALF, 100, 220, qty=(6, 7),
               title="Entretien de nos espaces extérieurs",
               description="Environ 1 500 m² de pelouse et des haies, une fois par mois d'avril "
                           "à octobre."),
            _t(SVC, DAY, 300, 550,
               title="Élagage avant l'hiver",
               description="Trois grands arbres en limite de parking."),
        ],
    ),
    "petits-travaux": (
        [
            _t(SVC, HALF, 120, 220, qty=(1, 10),
               title="Petits travaux à la demi-journée",
               description="Montage de mobilier, fixations, petites réparations."),
            _t(SVC, FLAT, 250, 600,
               title="Pose d'étagères et aménagement de réserve",
               description="Fourniture possible, en bois ou en métal."),
        ],
        [
            _t(SVC, HALF, 100, 200, qty=(1, 4),
               title="Bricoleur pour petites réparations",
               description="Portes qui frottent, étagères, tringles."),
            _t(SVC, FLAT, 200, 450,
               title="Montage de mobilier de bureau",
               description="Une dizaine de bureaux et d'armoires à monter."),
        ],
    ),
    "plomberie-electricite": (
        [
            _t(SVC, HOUR, 45, 70, qty=(2, 10),
               title="Dépannage électrique et mise aux normes",
               description="Intervention sous 48 heures, attestation fournie."),
            _t(SVC, FLAT, 300, 800,
               title="Remplacement de l'éclairage par des LED",
               description="Étude, fourniture et pose ; jusqu'à 60 % d'économies."),
            _t(SVC, FLAT, 120, 300,
               title="Entretien de chaudière et petits travaux de plomberie",
               description="Contrat annuel ou intervention ponctuelle."),
        ],
        [
            _t(SVC, FLAT, 250, 500,
               title="Électricien pour ajouter des prises",
               description="Une dizaine de prises et un circuit dédié dans notre atelier."),
            _t(SVC, FLAT, 300, 700,
               title="Plombier : fuite et remplacement de chauffe-eau",
               description="Chauffe-eau de 200 litres à remplacer."),
        ],
    ),
    "peinture-renovation": (
        [
            _t(SVC, M2, 15, 30, qty=(20, 200),
               title="Peinture de locaux professionnels",
               description="Préparation des supports, peintures à faibles émissions ; prix au "
                           "m²."),
            _t(SVC, FLAT, 400, 1000,
               title="Rafraîchissement d'un bureau ou d'une salle",
               description="Murs et plafonds, en une semaine de fermeture."),
        ],
        [
            _t(SVC, FLAT, 350, 900, n=(40, 120),
               title="Peintre pour rafraîchir notre accueil",
               description="Environ {n} m² de murs, à faire pendant une fermeture."),
            _t(SVC, M2, 15, 25, qty=(30, 120),
               title="Peinture d'une salle d'activité",
               description="Murs abîmés, à reprendre avant la rentrée ; prix au m²."),
        ],
    ),
    "livraison": (
        [
            _t(SVC, PIECE, 8, 18, qty=(10, 100),
               title="Livraisons en vélo-cargo dans un rayon de 10 km",
               description="Colis jusqu'à 100 kg, zéro émission, suivi en temps réel ; prix par "
                           "livraison."),
            _t(SVC, MONTH, 200, 450, qty=(1, 12),
               title="Tournée de livraison hebdomadaire",
               description="Un créneau fixe chaque semaine, jusqu'à 20 points de livraison."),
            _t(SVC, FLAT, 30, 70, qty=(1, 20),
               title="Coursier urgent dans le département",
               description="Enlèvement sous deux heures."),
        ],
        [
            _t(SVC, MONTH, 200, 450, qty=(3, 12),
               title="Livreur pour nos commandes locales",
               description="Une vingtaine de livraisons par semaine {a_ville} et dans les "
                           "communes voisines."),
            _t(SVC, FLAT, 30, 60, qty=(2, 10),
               title="Coursier ponctuel",
               description="Documents et petits colis, quelques fois par mois."),
        ],
    ),
    "demenagement": (
        [
            _t(SVC, DAY, 600, 1200,
               title="Déménagement de bureaux",
               description="Équipe de trois déménageurs, camion de 20 m³, protection du "
                           "mobilier."),
            _t(SVC, HALF, 200, 400, qty=(1, 4),
               title="Manutention et transfert de mobilier",
               description="Deux manutentionnaires et un utilitaire."),
        ],
        [
            _t(SVC, DAY, 500, 1100,
               title="Déménageur pour notre changement de locaux",
               description="Une quinzaine de postes et les archives, à 5 km."),
            _t(SVC, HALF, 180, 350,
               title="Bras pour déplacer du mobilier",
               description="Réaménagement de nos salles, une demi-journée."),
        ],
    ),
    "fret": (
        [
            _t(SVC, FLAT, 80, 200, qty=(1, 20),
               title="Transport de palettes en Île-de-France",
               description="Enlèvement et livraison dans la journée ; prix par palette."),
            _t(SVC, DAY, 350, 550, qty=(1, 10),
               title="Camion avec chauffeur à la journée",
               description="Porteur de 12 t avec hayon, chauffeur expérimenté."),
        ],
        [
            _t(SVC, FLAT, 80, 180, qty=(4, 20),
               title="Transport régulier de palettes vers Rungis",
               description="Deux à quatre palettes par semaine."),
            _t(SVC, DAY, 300, 500,
               title="Camion avec chauffeur pour une journée",
               description="Pour rapatrier du matériel d'un salon."),
        ],
    ),
    "location-vehicule": (
        [
            _t(ASSET, DAY, 80, 120, qty=(1, 20),
               title="Prêt de notre utilitaire 12 m³ le week-end",
               description="Utilitaire peu utilisé du vendredi soir au lundi matin ; carburant "
                           "à votre charge."),
            _t(ASSET, DAY, 80, 120, qty=(1, 20),
               title="Camionnette disponible à la journée",
               description="Permis B, 3 places, hayon."),
            _t(ASSET, DAY, 40, 70, qty=(1, 20),
               title="Véhicule électrique de service en semaine",
               description="Petite citadine électrique, recharge sur place."),
            _t(ASSET, FLAT, 300, 550,
               title="Utilitaire disponible une semaine entière",
               description="Pendant nos congés d'été ou d'hiver ; 20 m³ avec hayon."),
        ],
        [
            _t(ASSET, DAY, 70, 120, qty=(1, 3),
               title="Utilitaire pour une journée de déménagement",
               description="Un samedi, 12 m³ au moins."),
            _t(ASSET, DAY, 90, 150,
               title="Minibus pour une sortie avec nos bénéficiaires",
               description="Neuf places, une journée."),
            _t(ASSET, DAY, 50, 100, qty=(3, 10),
               title="Véhicule quelques jours par mois",
               description="Pour nos tournées de collecte."),
            _t(ASSET, FLAT, 300, 500,
               title="Utilitaire pour une semaine de chantier",
               description="Avec galerie si possible."),
        ],
    ),
    "pret-outillage": (
        [
            _t(ASSET, DAY, 15, 35, qty=(1, 20),
               title="Prêt de perforateur, scie circulaire et ponceuse",
               description="Matériel professionnel entretenu, à récupérer à l'atelier."),
            _t(ASSET, DAY, 25, 50, qty=(1, 15),
               title="Prêt d'échafaudage roulant",
               description="Hauteur de travail de 6 m, livraison possible."),
            _t(ASSET, DAY, 20, 45, qty=(1, 10),
               title="Outillage de jardin à disposition",
               description="Débroussailleuse, taille-haie, souffleur."),
            _t(ASSET, LOT, 150, 400,
               title="Lot d'outillage inutilisé à céder",
               description="Caisse à outils complète, niveau laser, serre-joints : doublons "
                           "d'un chantier terminé."),
        ],
        [
            _t(ASSET, DAY, 20, 40, qty=(3, 7),
               title="Prêt d'échafaudage pour une semaine",
               description="Ravalement d'un pignon."),
            _t(ASSET, DAY, 20, 40, qty=(2, 6),
               title="Débroussailleuse et taille-haie quelques jours",
               description="Pour un chantier d'entretien ponctuel."),
            _t(ASSET, LOT, 150, 350,
               title="Lot d'outillage pour notre atelier d'insertion",
               description="Outillage à main et électroportatif."),
        ],
    ),
    "mobilier": (
        [
            _t(ASSET, PIECE, 25, 80, qty=(2, 20),
               title="Bureaux et fauteuils de bureau d'occasion",
               description="Mobilier en bon état issu d'un réaménagement."),
            _t(ASSET, LOT, 80, 200, qty=(1, 5),
               title="Lot de chaises empilables",
               description="Trente chaises en bon état."),
            _t(ASSET, PIECE, 30, 90, qty=(2, 10),
               title="Armoires et caissons de rangement inutilisés",
               description="Armoires métalliques à rideaux et caissons sur roulettes."),
            _t(GOOD, PIECE, 30, 120, qty=(5, 30),
               title="Mobilier de réemploi remis en état",
               description="Tables, chaises et étagères restaurées dans notre atelier."),
            _t(GOOD, LOT, 300, 700,
               title="Aménagement complet d'un espace de travail",
               description="Bureaux, chaises, rangements et luminaires pour quatre postes."),
        ],
        [
            _t(GOOD, PIECE, 30, 80, qty=(6, 12),
               title="Bureaux et chaises pour six postes",
               description="Occasion bienvenue."),
            _t(GOOD, PIECE, 20, 50, qty=(5, 15),
               title="Tables pliantes pour nos ateliers",
               description="Légères et faciles à ranger."),
            _t(GOOD, LOT, 250, 600,
               title="Mobilier pour aménager notre salle d'accueil",
               description="Canapé, tables basses, présentoirs."),
        ],
    ),
    "materiel-evenementiel": (
        [
            _t(ASSET, DAY, 80, 200, qty=(1, 10),
               title="Sonorisation à louer (enceintes, micros, table de mixage)",
               description="Pour 200 personnes, installation possible."),
            _t(ASSET, DAY, 30, 60, qty=(1, 10),
               title="Prêt de tentes de réception 3 × 3 m",
               description="Avec lests et côtés."),
            _t(ASSET, DAY, 300, 700,
               title="Kit événementiel complet (scène, son, lumière)",
               description="Scène de 24 m², sonorisation et éclairage, montage compris."),
        ],
        [
            _t(ASSET, DAY, 150, 400,
               title="Sonorisation pour un concert en plein air",
               description="Environ 300 personnes, un samedi de juin."),
            _t(ASSET, DAY, 100, 300,
               title="Barnums et tables pour une fête de quartier",
               description="Quatre barnums et vingt tables."),
        ],
    ),
    "machines": (
        [
            _t(ASSET, DAY, 20, 50, qty=(1, 20),
               title="Machine à coudre industrielle disponible",
               description="Piqueuse plate, à utiliser dans notre atelier."),
            _t(ASSET, HOUR, 30, 60, qty=(2, 20),
               title="Créneaux sur notre découpe laser",
               description="Bois, acrylique, carton ; surface de 100 × 60 cm."),
            _t(ASSET, DAY, 60, 120, qty=(1, 10),
               title="Chariot élévateur inutilisé à prêter",
               description="Chariot électrique 1,5 t, avec chargeur."),
            _t(ASSET, PIECE, 300, 800,
               title="Presse à chaud et traceur de découpe d'occasion",
               description="Remplacés par un modèle plus récent ; fonctionnent parfaitement."),
        ],
        [
            _t(ASSET, HOUR, 25, 60, qty=(4, 15),
               title="Accès à une presse ou une plieuse",
               description="Quelques heures par mois pour des petites séries."),
            _t(ASSET, DAY, 40, 90, qty=(2, 5),
               title="Transpalette électrique quelques jours",
               description="Pour un inventaire."),
            _t(ASSET, PIECE, 300, 700,
               title="Machine d'occasion pour notre atelier",
               description="Scie à format ou dégauchisseuse en état de marche."),
        ],
    ),
    "cuisine-pro": (
        [
            _t(ASSET, HALF, 60, 150, qty=(1, 20),
               title="Cuisine professionnelle disponible l'après-midi",
               description="Laboratoire aux normes, piano, four mixte, chambre froide ; "
                           "créneaux libres après le service."),
            _t(ASSET, PIECE, 400, 1200,
               title="Four mixte et cellule de refroidissement d'occasion",
               description="Révisés, avec garantie de trois mois."),
            _t(ASSET, LOT, 80, 250,
               title="Petit matériel de cuisine professionnelle en surplus",
               description="Bacs gastronormes, plaques, ustensiles inox."),
        ],
        [
            _t(ASSET, HALF, 50, 120, qty=(4, 20),
               title="Cuisine professionnelle à louer ponctuellement",
               description="Pour préparer nos buffets, deux demi-journées par semaine."),
            _t(ASSET, PIECE, 300, 800,
               title="Chambre froide ou réfrigérateur professionnel",
               description="Occasion en état de marche."),
            _t(GOOD, LOT, 80, 250,
               title="Petit matériel de cuisine",
               description="Bacs, casseroles, ustensiles pour un atelier cuisine."),
        ],
    ),
    "impression": (
        [
            _t(GOOD, LOT, 60, 140, qty=(1, 10),
               title="Impression de 1 000 flyers A5",
               description="Recto verso, papier recyclé 135 g, livrés sous trois jours."),
            _t(GOOD, LOT, 250, 550,
               title="Impression de brochures et de rapports d'activité",
               description="Quadrichromie, papier recyclé, agrafées ; 200 exemplaires de 16 "
                           "pages."),
            _t(GOOD, M2, 15, 35, qty=(2, 20),
               title="Impression grand format",
               description="Affiches, bâches et plans ; prix au m²."),
        ],
        [
            _t(GOOD, LOT, 250, 500,
               title="Imprimeur pour notre rapport annuel",
               description="300 exemplaires de 24 pages."),
            _t(GOOD, LOT, 100, 250,
               title="Impression de 2 000 flyers et 50 affiches",
               description="Pour notre festival de printemps."),
            _t(GOOD, LOT, 30, 80, qty=(1, 5),
               title="Cartes de visite pour l'équipe",
               description="Six personnes, 200 cartes chacune."),
        ],
    ),
    "signaletique": (
        [
            _t(GOOD, FLAT, 400, 1200,
               title="Enseigne et lettrage de vitrine",
               description="Conception, fabrication et pose."),
            _t(GOOD, PIECE, 60, 150, qty=(1, 10),
               title="Kakémonos et bâches imprimées",
               description="Kakémono de 85 × 200 cm avec structure."),
            _t(SVC, FLAT, 300, 800,
               title="Marquage de véhicule",
               description="Covering partiel ou lettrage adhésif."),
        ],
        [
            _t(GOOD, FLAT, 400, 1000,
               title="Enseigne pour notre nouvelle boutique",
               description="Façade de 6 m, enseigne drapeau lumineuse."),
            _t(GOOD, PIECE, 60, 130, qty=(2, 4),
               title="Kakémonos pour nos salons",
               description="Deux à quatre exemplaires."),
            _t(SVC, FLAT, 250, 600,
               title="Marquage de notre utilitaire",
               description="Logo et coordonnées sur les deux flancs."),
        ],
    ),
    "objets-personnalises": (
        [
            _t(GOOD, PIECE, 12, 30, qty=(20, 200),
               title="Tee-shirts et sweats brodés à vos couleurs",
               description="Coton bio, broderie ou sérigraphie."),
            _t(GOOD, PIECE, 4, 9, qty=(50, 500),
               title="Sacs en coton bio sérigraphiés",
               description="Une à deux couleurs, à partir de 50 exemplaires."),
            _t(GOOD, PIECE, 25, 60, qty=(10, 50),
               title="Tenues de travail personnalisées",
               description="Vestes, pantalons et polos marqués."),
            _t(GOOD, LOT, 250, 600,
               title="Kit de goodies pour un salon",
               description="Sacs, carnets, stylos et tee-shirts marqués à votre logo."),
        ],
        [
            _t(GOOD, PIECE, 8, 18, qty=(30, 120),
               title="Tee-shirts pour nos bénévoles",
               description="Logo en une couleur, tailles variées."),
            _t(GOOD, PIECE, 4, 8, qty=(100, 300),
               title="Sacs personnalisés pour un salon",
               description="300 sacs en coton."),
            _t(GOOD, LOT, 250, 600,
               title="Vêtements de travail brodés pour l'équipe",
               description="Une quinzaine de tenues complètes."),
        ],
    ),
    "menuiserie": (
        [
            _t(SVC, FLAT, 800, 2500,
               title="Agencement sur mesure de boutique ou d'accueil",
               description="Conception, fabrication et pose."),
            _t(GOOD, PIECE, 150, 600, qty=(1, 10),
               title="Mobilier en bois de réemploi",
               description="Tables, bancs et étagères fabriqués à la demande."),
            _t(SVC, DAY, 280, 450, qty=(1, 10),
               title="Menuisier à la journée",
               description="Pose, ajustements, petites fabrications sur site."),
        ],
        [
            _t(SVC, FLAT, 600, 1500,
               title="Menuisier pour une banque d'accueil",
               description="Banque de 3 m avec partie accessible en fauteuil."),
            _t(SVC, FLAT, 300, 700,
               title="Étagères sur mesure pour notre réserve",
               description="Douze mètres linéaires."),
        ],
    ),
    "bien-etre": (
        [
            _t(SVC, HALF, 180, 320, qty=(1, 10),
               title="Massage assis en entreprise",
               description="Séances de 15 minutes pendant une demi-journée, dans vos locaux."),
            _t(SVC, FLAT, 200, 400,
               title="Atelier de gestion du stress et de sophrologie",
               description="Deux heures pour une douzaine de salariés."),
            _t(SVC, HOUR, 50, 80, qty=(10, 30),
               title="Cours de yoga hebdomadaire pour vos salariés",
               description="À la pause de midi, tapis fournis."),
        ],
        [
            _t(SVC, HALF, 150, 300,
               title="Intervenant bien-être pour une journée de cohésion",
               description="Une demi-journée pour 25 personnes."),
            _t(SVC, FLAT, 200, 400,
               title="Séances de sophrologie pour notre équipe",
               description="Un cycle de quatre séances."),
        ],
    ),
    "services-salaries": (
        [
            _t(SVC, MONTH, 400, 900, qty=(1, 12),
               title="Places en crèche pour les enfants de vos salariés",
               description="Réservation de berceaux à l'année, horaires étendus."),
            _t(SVC, MONTH, 150, 400, qty=(3, 12),
               title="Conciergerie d'entreprise : pressing, retouches, colis",
               description="Un passage par semaine dans vos locaux."),
            _t(SVC, HALF, 120, 250,
               title="Garde d'enfants pendant vos événements",
               description="Animateurs diplômés, activités adaptées à l'âge."),
        ],
        [
            _t(SVC, MONTH, 300, 700, qty=(6, 12),
               title="Solution de garde pour nos salariés en horaires décalés",
               description="Deux à trois enfants, tôt le matin."),
            _t(SVC, HALF, 100, 250,
               title="Espace enfants pour notre fête annuelle",
               description="Une trentaine d'enfants, un samedi après-midi."),
        ],
    ),
    "sante-prevention": (
        [
            _t(SVC, HALF, 250, 450,
               title="Atelier de prévention des troubles musculo-squelettiques",
               description="Gestes et postures, exercices adaptés à vos métiers."),
            _t(SVC, FLAT, 300, 600,
               title="Sensibilisation aux addictions en milieu de travail",
               description="Intervention d'un professionnel de santé, deux heures."),
            _t(SVC, DAY, 400, 700,
               title="Bilan ergonomique des postes de travail",
               description="Observation, mesures et recommandations chiffrées."),
        ],
        [
            _t(SVC, HALF, 200, 400,
               title="Intervention sur les gestes et postures",
               description="Pour nos équipes de manutention et d'entretien."),
            _t(SVC, DAY, 350, 650,
               title="Étude ergonomique de nos postes",
               description="Atelier de conditionnement, huit postes."),
        ],
    ),
    "fournitures-bureau": (
        [
            _t(GOOD, LOT, 20, 35, qty=(5, 50),
               title="Ramettes de papier A4 recyclé",
               description="Cartons de 5 ramettes."),
            _t(GOOD, LOT, 40, 120, qty=(1, 10),
               title="Lot de fournitures de bureau",
               description="Stylos, classeurs, agendas, surligneurs."),
            _t(GOOD, PIECE, 20, 60, qty=(5, 30),
               title="Cartouches et toners compatibles",
               description="Pour les principales marques d'imprimantes."),
        ],
        [
            _t(GOOD, LOT, 150, 400,
               title="Papier et fournitures pour l'année",
               description="Pour une équipe de quinze personnes."),
            _t(GOOD, PIECE, 25, 60, qty=(4, 12),
               title="Toners pour nos imprimantes",
               description="Deux modèles de copieurs laser."),
        ],
    ),
    "emballages": (
        [
            _t(ASSET, LOT, 15, 40, qty=(2, 30),
               title="Cartons d'expédition de récupération",
               description="Cartons propres de plusieurs formats, par lots de 50."),
            _t(GOOD, LOT, 40, 120, qty=(5, 40),
               title="Emballages alimentaires compostables",
               description="Barquettes, gobelets et couverts, par cartons."),
            _t(ASSET, PIECE, 3, 10, qty=(10, 100),
               title="Palettes et caisses en bois à céder",
               description="Palettes Europe et caisses de récupération."),
            _t(ASSET, LOT, 30, 90, qty=(1, 10),
               title="Papier kraft et calage en surplus",
               description="Rouleaux et calage papier inutilisés après un changement de "
                           "fournisseur."),
        ],
        [
            _t(GOOD, LOT, 15, 40, qty=(5, 20),
               title="Cartons d'expédition",
               description="Formats moyens, pour nos envois hebdomadaires."),
            _t(GOOD, LOT, 40, 100, qty=(5, 20),
               title="Emballages compostables pour la vente à emporter",
               description="Barquettes et sacs kraft."),
            _t(ASSET, PIECE, 2, 8, qty=(10, 40),
               title="Palettes pour un aménagement",
               description="Palettes en bon état pour du mobilier extérieur."),
        ],
    ),
    "stocks-invendus": (
        [
            _t(ASSET, LOT, 50, 300,
               title="Fin de série de papier couché",
               description="Formats et grammages variés, stockés au sec."),
            _t(ASSET, LOT, 100, 600,
               title="Surplus de textile neuf invendu",
               description="Tee-shirts et sweats vierges de la saison passée, toutes tailles."),
            _t(ASSET, LOT, 50, 600,
               title="Invendus de la saison : lot de produits neufs",
               description="Articles en parfait état, retirés du catalogue."),
            _t(ASSET, LOT, 50, 250,
               title="Chutes de bois et panneaux",
               description="Chêne, hêtre et contreplaqué, idéal pour petites fabrications."),
            _t(GOOD, LOT, 50, 200,
               title="Lot de vaisselle et de petit électroménager de réemploi",
               description="Trié, nettoyé et testé par notre atelier."),
        ],
        [
            _t(ASSET, LOT, 50, 400,
               title="Lots d'invendus pour notre boutique solidaire",
               description="Textile, vaisselle, papeterie : tout ce qui est neuf et utile."),
            _t(ASSET, LOT, 50, 250,
               title="Fins de série de tissus pour nos ateliers couture",
               description="Coupons de plus d'un mètre."),
            _t(ASSET, LOT, 100, 450,
               title="Surplus de matières premières à prix doux",
               description="Papier, carton, bois ou textile pour nos ateliers."),
        ],
    ),
    "materiaux": (
        [
            _t(ASSET, LOT, 100, 500,
               title="Surplus de matériaux de chantier",
               description="Plaques de plâtre, rails, isolant : restes d'un chantier terminé."),
            _t(ASSET, M2, 5, 15, qty=(10, 80),
               title="Carrelage et faïence de fin de chantier",
               description="Plusieurs références, par lots de 10 m² au moins ; prix au m²."),
            _t(ASSET, LOT, 150, 600,
               title="Bois de charpente de réemploi",
               description="Poutres et chevrons de déconstruction, triés et déclouées."),
        ],
        [
            _t(ASSET, LOT, 100, 500,
               title="Matériaux de réemploi pour un chantier d'insertion",
               description="Bois, portes, quincaillerie."),
            _t(GOOD, LOT, 200, 500,
               title="Plaques de plâtre et isolant",
               description="Pour cloisonner un bureau de 20 m²."),
        ],
    ),
    "produits-entretien": (
        [
            _t(GOOD, PIECE, 12, 30, qty=(5, 50),
               title="Produits d'entretien écologiques en bidons de 5 L",
               description="Nettoyant multi-surfaces, sols et sanitaires, écolabellisés."),
            _t(GOOD, LOT, 150, 350,
               title="Kit de nettoyage professionnel",
               description="Chariot, lavettes microfibres, balais et seaux."),
        ],
        [
            _t(GOOD, LOT, 100, 300, qty=(1, 6),
               title="Produits d'entretien écolabellisés",
               description="Pour l'entretien de 400 m² de locaux."),
            _t(GOOD, LOT, 50, 150, qty=(2, 12),
               title="Consommables d'hygiène (essuie-mains, savon)",
               description="Approvisionnement trimestriel."),
        ],
    ),
    "animation-spectacle": (
        [
            _t(SVC, FLAT, 400, 900,
               title="Spectacle jeune public pour votre arbre de Noël",
               description="Conte musical de 45 minutes, pour les 3 à 10 ans."),
            _t(SVC, FLAT, 300, 700,
               title="Concert acoustique pour vos événements",
               description="Trio jazz ou chanson française, une heure trente."),
            _t(SVC, HALF, 150, 300,
               title="Animation d'atelier créatif",
               description="Peinture, collage ou théâtre, pour enfants ou adultes."),
        ],
        [
            _t(SVC, FLAT, 300, 700,
               title="Animation pour notre fête de fin d'année",
               description="Une centaine de personnes, familles comprises."),
            _t(SVC, FLAT, 200, 450,
               title="Conteur ou magicien pour une fête d'enfants",
               description="Quarante enfants, une heure."),
        ],
    ),
    "team-building": (
        [
            _t(SVC, DAY, 500, 1500,
               title="Journée de cohésion d'équipe clé en main",
               description="Activités coopératives, repas et animation, pour 10 à 40 personnes."),
            _t(SVC, HALF, 250, 500,
               title="Atelier « Fresque du climat »",
               description="Trois heures pour comprendre et agir, jusqu'à 14 participants."),
            _t(SVC, FLAT, 300, 700,
               title="Jeu d'évasion mobile dans vos locaux",
               description="Une heure, par équipes de cinq."),
        ],
        [
            _t(SVC, DAY, 400, 1000,
               title="Activité de cohésion pour 20 salariés",
               description="Une journée au printemps, en plein air si possible."),
            _t(SVC, HALF, 200, 450,
               title="Atelier « Fresque du climat » pour l'équipe",
               description="Une douzaine de participants."),
        ],
    ),
    "artisanat-cadeaux": (
        [
            _t(GOOD, PIECE, 25, 60, qty=(10, 100),
               title="Coffrets cadeaux de produits artisanaux",
               description="Savons, bougies, confitures et céramiques de créateurs du "
                           "territoire."),
            _t(GOOD, PIECE, 20, 60, qty=(5, 50),
               title="Céramiques faites main pour cadeaux d'affaires",
               description="Tasses, bols et vide-poches, personnalisables."),
            _t(GOOD, PIECE, 8, 25, qty=(20, 150),
               title="Objets en matériaux recyclés",
               description="Carnets, trousses et sacs fabriqués dans nos ateliers."),
            _t(GOOD, LOT, 200, 450,
               title="Trophées et cadeaux sur mesure",
               description="Pièces uniques pour vos concours et départs en retraite."),
        ],
        [
            _t(GOOD, PIECE, 25, 50, qty=(20, 80),
               title="Cadeaux de fin d'année pour nos partenaires",
               description="Artisanat local de préférence."),
            _t(GOOD, LOT, 200, 450,
               title="Trophées artisanaux pour notre concours",
               description="Huit trophées, remise en juin."),
        ],
    ),
}
# fmt: on

RADII_KM = [10, 15, 20, 25, 30, 40, 50]

# Share of a category's listings that can be delivered at a distance.
REMOTE_SHARE = {
    "graphisme": 0.8,
    "site-web": 0.9,
    "redaction": 0.9,
    "reseaux-sociaux": 0.8,
    "evenementiel-rp": 0.3,
    "developpement": 0.9,
    "depannage-informatique": 0.2,
    "hebergement": 1.0,
    "cybersecurite-rgpd": 0.7,
    "aide-comptable": 0.7,
    "juridique": 0.6,
    "rh-recrutement": 0.5,
    "strategie": 0.5,
    "traduction": 0.9,
    "secretariat": 0.6,
    "formation-pro": 0.3,
    "langues": 0.4,
    "bureautique": 0.3,
}

# VAT an offer of the category carries when its seller charges VAT; 20 % otherwise.
CATEGORY_VAT = {
    "traiteur": 1000,
    "pauses-cafe": 1000,
    "produits-alimentaires": 550,
    "boissons": 550,
}

# Idle resources any business may have and lend or sell: the platform's key use case.
IDLE_ASSET_CATEGORIES = [
    "salle-reunion",
    "bureau-coworking",
    "stockage",
    "location-vehicule",
    "mobilier",
    "materiel-informatique",
    "emballages",
]

OFFER_CLOSINGS = [
    "",
    "Disponible sous quinze jours.",
    "Contactez-nous pour convenir d'un créneau.",
    "Devis détaillé sur demande.",
    "Règlement en crédits possible en plusieurs fois.",
    "Nous nous adaptons à vos contraintes.",
]
WANT_CLOSINGS = [
    "",
    "Réponse rapide appréciée.",
    "Idéalement avant la fin du trimestre.",
    "Merci de préciser vos disponibilités.",
    "Nous pouvons étaler le règlement.",
]
