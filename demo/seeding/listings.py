"""The listings: planted 3- and 4-way exchange cycles for the matching to find, then everyday
offers and wants drawn from each business's profile, and idle assets to lend."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import timedelta

from barter import services
from barter.geo import haversine_km
from barter.models import Business, BusinessKind, Listing, ListingKind, ListingNature

from ..context import DEMO_BUSINESS_NAME, DemoBusiness, DemoContext, DemoCycle
from ..data import (
    CATEGORY_VAT,
    IDLE_ASSET_CATEGORIES,
    LISTING_TEMPLATES,
    NETWORKS,
    OFFER_CLOSINGS,
    RADII_KM,
    REMOTE_SHARE,
    WANT_CLOSINGS,
    Template,
)
from ..identities import a, moment, round_credits, weighted

# The first planted cycles of each network (the demo entrepreneur's among them) are published
# in the last three weeks: the coordinator's next run proposes them.
RECENT_CYCLES = 12


def seed_cycles(context: DemoContext) -> None:
    """Plant 3- and 4-way exchange cycles in each network, with values within 10 %.

    Member i offers what member i + 1 wants, and the last member offers what the first wants;
    both listings of a hop reach the partner (remote, or a radius covering the distance). The
    demo entrepreneur starts two of them, so the matching has something to show them.
    """
    for spec in NETWORKS:
        pool = [b for b in context.in_network(spec.slug) if b.fate == "active"]
        uses: Counter[DemoBusiness] = Counter()
        starts = [b for b in pool if b.business.legal_name == DEMO_BUSINESS_NAME] * 2
        wanted = [3] * spec.cycles3 + [4] * spec.cycles4
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
                offer, want = (
                    create_listing(
                        context,
                        owner,
                        kind,
                        categories[i],
                        template,
                        value=round_credits(base * context.rng.uniform(0.96, 1.04)),
                        quantity=1,
                        publish=True,
                        reach_km=distance,
                        recent=position < RECENT_CYCLES,
                    )
                    for owner, kind, template in (
                        (member, ListingKind.OFFER, offer_tpl),
                        (partner, ListingKind.WANT, want_tpl),
                    )
                )
                hops.append((offer, want))
            uses.update(members)
            context.cycles.append(DemoCycle(network_slug=spec.slug, hops=hops))
    context.say(f"  planted exchange cycles: {len(context.cycles)}")


def seed_listings(context: DemoContext) -> None:
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
                slug = weighted(rng, [(s, len(slugs) - i + 2) for i, s in enumerate(slugs)])
            templates = _templates(slug, kind)
            if source == "idle":
                templates = [t for t in templates if t.nature == ListingNature.ASSET] or templates
            fresh = [t for t in templates if t.title not in member.used_titles]
            if not fresh:
                continue
            template = rng.choice(fresh)
            roll = rng.random()
            listing = create_listing(
                context,
                member,
                kind,
                slug,
                template,
                value=round_credits(rng.uniform(template.low, template.high)),
                quantity=rng.randint(*template.quantity),
                publish=publish and roll >= 0.04,
            )
            if publish and roll >= 0.04 and roll < 0.08:
                listing = services.listing_pause(actor=member.owner, listing=listing)
                context.listings[-1] = listing
    context.say(f"  listings: {len(context.listings)}")


def create_listing(
    context: DemoContext,
    member: DemoBusiness,
    kind: str,
    slug: str,
    template: Template,
    *,
    value: int,
    quantity: int,
    publish: bool,
    reach_km: float = 0.0,
    recent: bool = False,
) -> Listing:
    """Create the listing through the services; a local one's radius covers at least reach_km;
    a `recent` one was published in the last three weeks."""
    rng = context.rng
    business = member.business
    place = business.commune
    spec = next(s for s in NETWORKS if s.slug == member.network_slug)
    n = rng.randint(*template.n) if template.n else None
    fill = {"n": n, "ville": place, "a_ville": a(place), "terroir": rng.choice(spec.terroirs)}
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
    context.listing_dates[listing.pk] = moment(rng, valid_from)
    return listing


def _templates(slug: str, kind: str) -> tuple[Template, ...]:
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


def _cycle_templates(rng: random.Random, chain, categories):
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


def _distance_km(one: Business, other: Business) -> float:
    return haversine_km(one.latitude, one.longitude, other.latitude, other.longitude)


def _vat_rate(rng: random.Random, kind: str, slug: str, template: Template) -> int:
    """The VAT rate an offer carries, given its seller's legal form (a want's is cleared)."""
    if kind == BusinessKind.ASSOCIATION and rng.random() < 0.9:
        return 0  # most associations are not subject to VAT
    if kind == BusinessKind.MICRO and rng.random() < 0.6:
        return 0  # franchise en base de TVA
    if template.vat is not None:
        return template.vat
    return CATEGORY_VAT.get(slug, 2000)
