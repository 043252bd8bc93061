"""Listings: what a business offers or needs on the marketplace."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from config import events

from ..errors import InvalidTransition
from ..identity import require_coordinator, require_member
from ..models import Business, BusinessStatus, Listing, ListingKind, ListingStatus
from ._common import member_emails, notify

LISTING_EDITABLE_FIELDS = (
    "kind",
    "nature",
    "title",
    "description",
    "category",
    "value",
    "quantity",
    "unit",
    "vat_rate",
    "valid_from",
    "valid_until",
    "is_remote",
    "radius_km",
)


def _changed(listing: Listing, change: str, *, status: str | None = None) -> None:
    """Tell subscribers (partners' webhooks) after commit; `status` overrides for a deletion."""
    events.publish(
        "listing.changed",
        network_id=listing.business.network_id,
        payload={
            "listing": listing.pk,
            "business": listing.business_id,
            "change": change,
            "status": status or listing.status,
        },
    )


def _check_listing_fields(fields: dict) -> None:
    unknown = set(fields) - set(LISTING_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


@transaction.atomic
def listing_create(
    *, actor: AbstractBaseUser, business: Business, publish: bool = False, **fields
) -> Listing:
    """Create a listing of the actor's business, as a draft or published at once.

    A listing can be published only while the business is active (approved by a coordinator).
    """
    require_member(actor, business)
    _check_listing_fields(fields)
    listing = Listing(business=business, status=ListingStatus.DRAFT, **fields)
    if listing.kind == ListingKind.WANT:
        listing.vat_rate = 0
    if listing.is_remote:
        listing.radius_km = None
    listing.full_clean()
    listing.save()
    if publish:
        listing = listing_publish(actor=actor, listing=listing)
    _changed(listing, "created")
    return listing


@transaction.atomic
def listing_update(*, actor: AbstractBaseUser, listing: Listing, **fields) -> Listing:
    """Edit a listing of the actor's business (not one a coordinator unpublished)."""
    listing = Listing.objects.select_for_update().select_related("business").get(pk=listing.pk)
    require_member(actor, listing.business)
    _check_listing_fields(fields)
    if listing.status == ListingStatus.MODERATED:
        raise InvalidTransition(
            _("A coordinator unpublished this listing; contact them before changing it.")
        )
    for name, value in fields.items():
        setattr(listing, name, value)
    if listing.kind == ListingKind.WANT:
        listing.vat_rate = 0
    if listing.is_remote:
        listing.radius_km = None
    if listing.status == ListingStatus.EXPIRED and not _is_expired(listing, timezone.localdate()):
        listing.status = ListingStatus.PAUSED
    listing.full_clean()
    listing.save()
    _changed(listing, "updated")
    return listing


def _is_expired(listing: Listing, today: date) -> bool:
    return listing.valid_until is not None and listing.valid_until < today


@transaction.atomic
def listing_publish(*, actor: AbstractBaseUser, listing: Listing) -> Listing:
    """Put a draft or paused listing on the marketplace."""
    listing = Listing.objects.select_for_update().select_related("business").get(pk=listing.pk)
    require_member(actor, listing.business)
    if listing.business.status != BusinessStatus.ACTIVE:
        raise InvalidTransition(
            _("Your business must be approved by a coordinator before its listings are published.")
        )
    if listing.status not in (ListingStatus.DRAFT, ListingStatus.PAUSED, ListingStatus.ACTIVE):
        raise InvalidTransition(
            _("This listing is %(status)s and cannot be published.")
            % {"status": listing.get_status_display().lower()}
        )
    if _is_expired(listing, timezone.localdate()):
        raise InvalidTransition(
            _("This listing's validity has ended: change its end date before publishing it.")
        )
    listing.status = ListingStatus.ACTIVE
    listing.published_at = listing.published_at or timezone.now()
    listing.save(update_fields=["status", "published_at", "updated_at"])
    _changed(listing, "published")
    return listing


@transaction.atomic
def listing_pause(*, actor: AbstractBaseUser, listing: Listing) -> Listing:
    """Take an active listing off the marketplace for a while."""
    listing = Listing.objects.select_for_update().select_related("business").get(pk=listing.pk)
    require_member(actor, listing.business)
    if listing.status != ListingStatus.ACTIVE:
        raise InvalidTransition(_("Only an active listing can be paused."))
    listing.status = ListingStatus.PAUSED
    listing.save(update_fields=["status", "updated_at"])
    _changed(listing, "paused")
    return listing


@transaction.atomic
def listing_delete(*, actor: AbstractBaseUser, listing: Listing) -> None:
    """Delete a listing of the actor's business.

    A listing that exchanges refer to cannot go without erasing their history: it is paused
    instead, which honours the owner's intent of taking it off the marketplace.
    """
    listing = Listing.objects.select_for_update().select_related("business").get(pk=listing.pk)
    require_member(actor, listing.business)
    pk = listing.pk
    try:
        with transaction.atomic():
            listing.delete()
    except ProtectedError:
        listing.status = ListingStatus.PAUSED
        listing.save(update_fields=["status", "updated_at"])
        _changed(listing, "paused")
    else:
        listing.pk = pk
        _changed(listing, "deleted", status="deleted")


@transaction.atomic
def listing_moderate(*, actor: AbstractBaseUser, listing: Listing, reason: str) -> Listing:
    """A coordinator of the listing's network unpublishes it, with a reason sent to its owners."""
    listing = (
        Listing.objects.select_for_update().select_related("business__network").get(pk=listing.pk)
    )
    require_coordinator(actor, listing.business.network)
    if not reason.strip():
        raise InvalidTransition(_("Give a reason: it is sent to the business."))
    listing.status = ListingStatus.MODERATED
    listing.moderation_reason = reason.strip()
    listing.moderated_at = timezone.now()
    listing.moderated_by = actor
    listing.save(
        update_fields=["status", "moderation_reason", "moderated_at", "moderated_by", "updated_at"]
    )
    with override(settings.LANGUAGE_CODE):
        notify(
            recipients=member_emails(listing.business),
            subject=_("Your listing “%(title)s” was unpublished") % {"title": listing.title},
            body=_("A coordinator unpublished it. Reason: %(reason)s")
            % {"reason": listing.moderation_reason},
        )
    _changed(listing, "moderated")
    return listing


@transaction.atomic
def listing_restore(*, actor: AbstractBaseUser, listing: Listing) -> Listing:
    """A coordinator lifts a moderation: the listing goes back to its owner as paused."""
    listing = (
        Listing.objects.select_for_update().select_related("business__network").get(pk=listing.pk)
    )
    require_coordinator(actor, listing.business.network)
    if listing.status != ListingStatus.MODERATED:
        raise InvalidTransition(_("This listing is not unpublished."))
    listing.status = ListingStatus.PAUSED
    listing.save(update_fields=["status", "updated_at"])
    _changed(listing, "restored")
    return listing


def listings_expire(*, today: date | None = None) -> int:
    """Mark as expired every listing whose validity has ended; returns how many."""
    today = today or timezone.localdate()
    return Listing.objects.filter(
        status__in=[ListingStatus.ACTIVE, ListingStatus.PAUSED, ListingStatus.DRAFT],
        valid_until__lt=today,
    ).update(status=ListingStatus.EXPIRED, updated_at=timezone.now())
