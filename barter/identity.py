"""Who acts, and for whom: the business a signed-in user acts for.

Every app's views and services import these (ledger, matching, api, reports, security): they sit
just above barter's models and selectors and below every page and service, so nothing here
imports a view or a service. The rules themselves (who is a member, who coordinates a network)
are read by `barter.selectors`.
"""

from __future__ import annotations

from django.http import HttpRequest

from . import selectors
from .models import Business

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
