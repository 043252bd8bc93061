"""Writes of the marketplace: registering and moderating businesses, managing listings.

Every function is keyword-only, names its acting user, checks that the actor may act on the
object (a member of the business, a coordinator of its network) and raises a BarterError
subclass with a translatable message when a rule refuses the action. Field-level problems are
raised as django.core.exceptions.ValidationError, which forms and the API render per field.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ledger import services as ledger_services

from . import selectors
from .errors import InvalidTransition, NotAllowed
from .geo import commune_coordinates
from .models import (
    Business,
    BusinessStatus,
    Listing,
    ListingKind,
    ListingStatus,
    Membership,
    MembershipRole,
    Network,
)
from .validators import normalize_siret

logger = logging.getLogger(__name__)

BUSINESS_EDITABLE_FIELDS = (
    "legal_name",
    "kind",
    "sector",
    "description",
    "address",
    "postcode",
    "commune",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
)
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


def _notify(*, recipients: list[str], subject: str, body: str) -> None:
    """Send an e-mail after the surrounding transaction commits (nothing for a rollback)."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )


def _locate(business: Business) -> None:
    """Fill missing coordinates from the offline gazetteer of communes."""
    if business.latitude is None or business.longitude is None:
        found = commune_coordinates(business.postcode, business.commune)
        if found:
            business.latitude, business.longitude = found


# --- Businesses ---------------------------------------------------------------------------------


@transaction.atomic
def business_register(*, actor: AbstractBaseUser, network: Network, **fields) -> Business:
    """Register a business in a network, pending a coordinator's approval; the actor owns it."""
    unknown = set(fields) - set(BUSINESS_EDITABLE_FIELDS) - {"siret"}
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    fields["siret"] = normalize_siret(fields.get("siret", ""))
    business = Business(network=network, status=BusinessStatus.PENDING, **fields)
    _locate(business)
    business.full_clean()
    business.save()
    Membership.objects.create(user=actor, business=business, role=MembershipRole.OWNER)
    with override(settings.LANGUAGE_CODE):
        _notify(
            recipients=list(network.coordinators.values_list("email", flat=True)),
            subject=_("New business to approve: %(name)s") % {"name": business.legal_name},
            body=_(
                "%(name)s (SIREN/SIRET %(siret)s, %(commune)s) asks to join %(network)s.\n"
                "Review it on the coordination page: %(url)s"
            )
            % {
                "name": business.legal_name,
                "siret": business.siret,
                "commune": business.commune,
                "network": network.name,
                "url": reverse("barter:coordination"),
            },
        )
    logger.info("business %s registered in %s by user %s", business.pk, network.slug, actor.pk)
    return business


@transaction.atomic
def business_update(*, actor: AbstractBaseUser, business: Business, **fields) -> Business:
    """Update a business's profile; members of the business only.

    The SIREN/SIRET, network and status are not editable here.
    """
    _require_member(actor, business)
    unknown = set(fields) - set(BUSINESS_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    location_changed = any(
        k in fields and fields[k] != getattr(business, k) for k in ("postcode", "commune")
    )
    for name, value in fields.items():
        setattr(business, name, value)
    if location_changed and "latitude" not in fields:
        business.latitude = business.longitude = None
    _locate(business)
    business.full_clean()
    business.save()
    return business


def _set_business_status(
    *, actor, business: Business, allowed_from: set[str], status: str, reason: str = ""
) -> Business:
    business = Business.objects.select_for_update().get(pk=business.pk)
    if not selectors.user_is_coordinator(actor, business.network):
        raise NotAllowed(_("Only a coordinator of this network can do this."))
    if business.status not in allowed_from:
        raise InvalidTransition(
            _("This business is %(status)s: this action is not possible.")
            % {"status": business.get_status_display().lower()}
        )
    business.status = status
    business.status_reason = reason
    business.status_changed_at = timezone.now()
    business.status_changed_by = actor
    business.save(
        update_fields=[
            "status",
            "status_reason",
            "status_changed_at",
            "status_changed_by",
            "updated_at",
        ]
    )
    return business


def _owner_emails(business: Business) -> list[str]:
    return list(business.memberships.values_list("user__email", flat=True))


@transaction.atomic
def business_approve(*, actor: AbstractBaseUser, business: Business) -> Business:
    """A coordinator admits a pending (or previously rejected) business into the network; its
    account opens with the network's default credit limit."""
    business = _set_business_status(
        actor=actor,
        business=business,
        allowed_from={BusinessStatus.PENDING, BusinessStatus.REJECTED},
        status=BusinessStatus.ACTIVE,
    )
    ledger_services.account_open(business=business)
    with override(settings.LANGUAGE_CODE):
        _notify(
            recipients=_owner_emails(business),
            subject=_("%(name)s is now a member of %(network)s")
            % {"name": business.legal_name, "network": business.network.name},
            body=_("Your business has been approved. You can now publish offers and wants."),
        )
    return business


@transaction.atomic
def business_reject(*, actor: AbstractBaseUser, business: Business, reason: str) -> Business:
    """A coordinator refuses a pending business, with a reason sent to its owners."""
    if not reason.strip():
        raise InvalidTransition(_("Give a reason: it is sent to the business."))
    business = _set_business_status(
        actor=actor,
        business=business,
        allowed_from={BusinessStatus.PENDING},
        status=BusinessStatus.REJECTED,
        reason=reason.strip(),
    )
    with override(settings.LANGUAGE_CODE):
        _notify(
            recipients=_owner_emails(business),
            subject=_("Your membership request to %(network)s")
            % {"network": business.network.name},
            body=_("Your request was not accepted. Reason: %(reason)s") % {"reason": reason},
        )
    return business


@transaction.atomic
def business_suspend(*, actor: AbstractBaseUser, business: Business, reason: str) -> Business:
    """A coordinator suspends an active business: its listings leave the marketplace."""
    if not reason.strip():
        raise InvalidTransition(_("Give a reason: it is sent to the business."))
    return _set_business_status(
        actor=actor,
        business=business,
        allowed_from={BusinessStatus.ACTIVE},
        status=BusinessStatus.SUSPENDED,
        reason=reason.strip(),
    )


@transaction.atomic
def business_reactivate(*, actor: AbstractBaseUser, business: Business) -> Business:
    """A coordinator lifts a suspension."""
    return _set_business_status(
        actor=actor,
        business=business,
        allowed_from={BusinessStatus.SUSPENDED},
        status=BusinessStatus.ACTIVE,
    )


# --- Listings -----------------------------------------------------------------------------------


def _check_listing_fields(fields: dict) -> None:
    unknown = set(fields) - set(LISTING_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def _require_member(actor, business: Business) -> None:
    if not selectors.user_is_member(actor, business):
        raise NotAllowed(
            _("Only the members of %(name)s can do this.") % {"name": business.legal_name}
        )


@transaction.atomic
def listing_create(
    *, actor: AbstractBaseUser, business: Business, publish: bool = False, **fields
) -> Listing:
    """Create a listing of the actor's business, as a draft or published at once.

    A listing can be published only while the business is active (approved by a coordinator).
    """
    _require_member(actor, business)
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
    return listing


@transaction.atomic
def listing_update(*, actor: AbstractBaseUser, listing: Listing, **fields) -> Listing:
    """Edit a listing of the actor's business (not one a coordinator unpublished)."""
    listing = Listing.objects.select_for_update().select_related("business").get(pk=listing.pk)
    _require_member(actor, listing.business)
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
    return listing


def _is_expired(listing: Listing, today: date) -> bool:
    return listing.valid_until is not None and listing.valid_until < today


@transaction.atomic
def listing_publish(*, actor: AbstractBaseUser, listing: Listing) -> Listing:
    """Put a draft or paused listing on the marketplace."""
    listing = Listing.objects.select_for_update().select_related("business").get(pk=listing.pk)
    _require_member(actor, listing.business)
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
    return listing


@transaction.atomic
def listing_pause(*, actor: AbstractBaseUser, listing: Listing) -> Listing:
    """Take an active listing off the marketplace for a while."""
    listing = Listing.objects.select_for_update().select_related("business").get(pk=listing.pk)
    _require_member(actor, listing.business)
    if listing.status != ListingStatus.ACTIVE:
        raise InvalidTransition(_("Only an active listing can be paused."))
    listing.status = ListingStatus.PAUSED
    listing.save(update_fields=["status", "updated_at"])
    return listing


@transaction.atomic
def listing_delete(*, actor: AbstractBaseUser, listing: Listing) -> None:
    """Delete a listing of the actor's business.

    A listing that exchanges refer to cannot go without erasing their history: it is paused
    instead, which honours the owner's intent of taking it off the marketplace.
    """
    listing = Listing.objects.select_for_update().select_related("business").get(pk=listing.pk)
    _require_member(actor, listing.business)
    try:
        with transaction.atomic():
            listing.delete()
    except ProtectedError:
        listing.status = ListingStatus.PAUSED
        listing.save(update_fields=["status", "updated_at"])


@transaction.atomic
def listing_moderate(*, actor: AbstractBaseUser, listing: Listing, reason: str) -> Listing:
    """A coordinator of the listing's network unpublishes it, with a reason sent to its owners."""
    listing = (
        Listing.objects.select_for_update().select_related("business__network").get(pk=listing.pk)
    )
    if not selectors.user_is_coordinator(actor, listing.business.network):
        raise NotAllowed(_("Only a coordinator of this network can do this."))
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
        _notify(
            recipients=_owner_emails(listing.business),
            subject=_("Your listing “%(title)s” was unpublished") % {"title": listing.title},
            body=_("A coordinator unpublished it. Reason: %(reason)s")
            % {"reason": listing.moderation_reason},
        )
    return listing


@transaction.atomic
def listing_restore(*, actor: AbstractBaseUser, listing: Listing) -> Listing:
    """A coordinator lifts a moderation: the listing goes back to its owner as paused."""
    listing = (
        Listing.objects.select_for_update().select_related("business__network").get(pk=listing.pk)
    )
    if not selectors.user_is_coordinator(actor, listing.business.network):
        raise NotAllowed(_("Only a coordinator of this network can do this."))
    if listing.status != ListingStatus.MODERATED:
        raise InvalidTransition(_("This listing is not unpublished."))
    listing.status = ListingStatus.PAUSED
    listing.save(update_fields=["status", "updated_at"])
    return listing


def listings_expire(*, today: date | None = None) -> int:
    """Mark as expired every listing whose validity has ended; returns how many."""
    today = today or timezone.localdate()
    return Listing.objects.filter(
        status__in=[ListingStatus.ACTIVE, ListingStatus.PAUSED, ListingStatus.DRAFT],
        valid_until__lt=today,
    ).update(status=ListingStatus.EXPIRED, updated_at=timezone.now())
