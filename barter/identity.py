"""Who acts, and for whom: the business a signed-in user acts for, and the one check of each
permission that refuses an action (NotAllowed).

Every app's views and services import these (ledger, matching, api, reports, security): they sit
just above barter's models and selectors and below every page and service, so nothing here
imports a view or a service. The rules themselves (who is a member, who coordinates a network)
are read by `barter.selectors`.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from config.errors import NotAllowed

from . import selectors
from .models import Business, Network

SESSION_BUSINESS_KEY = "current_business_id"


def current_business(request: HttpRequest) -> Business | None:
    """The business the signed-in user acts for (remembered in the session)."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_current_business"):
        request._current_business = selectors.user_current_business(
            request.user, request.session.get(SESSION_BUSINESS_KEY)
        )
    return request._current_business


def require_member(actor, business: Business) -> None:
    """Refuse (NotAllowed) unless the actor belongs to the business or is a delegate of its
    network."""
    if not selectors.user_is_member(actor, business):
        raise NotAllowed(
            _("Only the members of %(name)s can do this.") % {"name": business.legal_name}
        )


def require_coordinator(actor, network: Network, *, platform_may_act: bool = False) -> None:
    """Refuse (NotAllowed) unless the actor coordinates the network (platform administrators
    coordinate every network).

    `actor=None` stands for the platform itself (beat, the operator's command line): refused
    unless the service lets the platform act (`platform_may_act=True`)."""
    if actor is None and platform_may_act:
        return
    if actor is None or not selectors.user_is_coordinator(actor, network):
        raise NotAllowed(_("Only a coordinator of this network can do this."))
