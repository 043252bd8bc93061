"""Writes of the sign-in security settings."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from barter.identity import require_coordinator
from barter.models import Network

from .selectors import user_two_factor_enabled

logger = logging.getLogger(__name__)


@transaction.atomic
def network_two_factor_set(*, actor: AbstractBaseUser, network: Network, required: bool) -> Network:
    """Require (or stop requiring) two-factor authentication of the network's coordinators.

    Only a coordinator of the network may change it, and only one who uses two-factor
    authentication may turn it on: whoever asks for it has shown it works for them."""
    require_coordinator(actor, network)
    if required and not user_two_factor_enabled(actor):
        raise ValidationError(
            {
                "two_factor_required": _(
                    "Enable two-factor authentication on your own account first."
                )
            }
        )
    network = Network.objects.select_for_update().get(pk=network.pk)
    if network.two_factor_required != required:
        network.two_factor_required = required
        network.save(update_fields=["two_factor_required"])
        logger.info(
            "two-factor authentication %s for the coordinators of %s by user %s",
            "required" if required else "no longer required",
            network.slug,
            actor.pk,
        )
    return network
