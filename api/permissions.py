"""Scopes: reading needs `read`, anything else `write`; some views are for partner clients only."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .authentication import caller
from .models import Scope


class HasScope(BasePermission):
    """The caller is a partner client or a coordinator, and holds the scope the request needs:
    `read` for GET/HEAD/OPTIONS, `write` otherwise (a view may set `required_scope`)."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        who = caller(request)
        if not who.network_ids:
            raise exceptions.PermissionDenied(
                _("The API is for partner clients and networks' coordinators."),
                code="no_network",
            )
        needed = getattr(view, "required_scope", None) or (
            Scope.READ if request.method in SAFE_METHODS else Scope.WRITE
        )
        if needed not in who.scopes:
            raise exceptions.PermissionDenied(
                _("This needs the “%(scope)s” scope, which these credentials do not have.")
                % {"scope": needed},
                code="insufficient_scope",
            )
        return True


class IsPartnerClient(BasePermission):
    """Only a partner client (its webhooks are its own)."""

    message = _("Only a partner client (API key) can do this.")
    code = "partner_only"

    def has_permission(self, request, view) -> bool:
        return caller(request).client is not None
