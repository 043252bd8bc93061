"""Registering businesses and the coordinators' decisions on them."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from config import events
from ledger import services as ledger_services

from ..errors import InvalidTransition
from ..geo import commune_coordinates
from ..identity import require_coordinator, require_member
from ..models import Business, BusinessStatus, Membership, MembershipRole, Network
from ..validators import normalize_siret
from ._common import member_emails, notify

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


def _locate(business: Business) -> None:
    """Fill missing coordinates from the offline gazetteer of communes."""
    if business.latitude is None or business.longitude is None:
        found = commune_coordinates(business.postcode, business.commune)
        if found:
            business.latitude, business.longitude = found


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
        notify(
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
    require_member(actor, business)
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
    require_coordinator(actor, business.network)
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
    events.publish(
        "business.approved",
        network_id=business.network_id,
        payload={"business": business.pk, "siret": business.siret, "name": business.legal_name},
    )
    with override(settings.LANGUAGE_CODE):
        notify(
            recipients=member_emails(business),
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
        notify(
            recipients=member_emails(business),
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
