"""Direct purchases over the past eleven months, through the purchase services: most settled on
the ledger (with commission and invoices, and the reports' read model through its projection),
some at each step of the way."""

from __future__ import annotations

from datetime import timedelta

from barter import services
from barter.models import ListingKind
from config.errors import DomainError

from ..clock import on_day
from ..context import DemoBusiness, DemoContext

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
HISTORY_DAYS = 330  # the purchases spread over the past eleven months
RECENT_DAYS = 20  # only purchases this recent are still under way


def seed_purchases(context: DemoContext) -> None:
    """Direct purchases between active businesses, each on its own past day (demo/clock.py).

    The demo entrepreneur buys and sells a few, so its account and invoices have content.
    """
    rng = context.rng
    fates = [fate for fate, weight in PURCHASE_FATES for _ in range(weight)]
    made = 0
    step = HISTORY_DAYS / PURCHASES_PER_NETWORK
    entrepreneur = context.entrepreneur()
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
        demo = entrepreneur if entrepreneur in members else None
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
                with on_day(day):
                    _purchase(buyer, seller, offer, fate)
            except DomainError:
                continue  # not enough credit left, or the offer ran out: skip it
            made += 1
    context.say(f"  direct purchases: {made}")


def _purchase(buyer: DemoBusiness, seller: DemoBusiness, offer, fate: str) -> None:
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
