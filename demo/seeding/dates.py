"""Registration, approval and publication dates spread over the past, so the data looks lived in."""

from __future__ import annotations

from datetime import timedelta

from barter.models import Business, Listing

from ..context import DemoContext
from ..identities import moment


def seed_past_dates(context: DemoContext) -> None:
    """Back-date registrations, approvals and publications.

    The services stamp a business and its listings with the present moment; these timestamps
    are governed by no rule, so they are written directly. (What carries a rule, such as the
    ledger's rows, is dated when it is written instead: see demo/clock.py.)
    """
    rng = context.rng
    businesses = []
    for member in context.businesses:
        business = member.business
        business.created_at = member.created
        if member.fate == "active":
            business.status_changed_at = member.created + timedelta(days=rng.randint(1, 12))
        elif member.fate == "suspended":
            business.status_changed_at = moment(
                rng, context.today - timedelta(days=rng.randint(3, 20))
            )
        business.updated_at = business.status_changed_at or member.created
        businesses.append(business)
    Business.objects.bulk_update(
        businesses, ["created_at", "status_changed_at", "updated_at"], batch_size=200
    )
    for listing in context.listings:
        published = context.listing_dates[listing.pk]
        listing.created_at = listing.updated_at = published
        if listing.published_at is not None:
            listing.published_at = published + timedelta(minutes=rng.randint(2, 90))
    Listing.objects.bulk_update(
        context.listings, ["created_at", "updated_at", "published_at"], batch_size=200
    )
