"""Who is calling: a partner client (`Authorization: Bearer <key>`) or a coordinator signed in on
the web (Django session, CSRF enforced by DRF's SessionAuthentication).

`caller(request)` gives the views one description of either: the user the services act as, the
networks the caller may see, and its scopes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from barter.selectors import user_coordinated_networks

from .models import PartnerClient, PartnerKey, Scope

LAST_USED_EVERY_S = 60


class PartnerKeyAuthentication(BaseAuthentication):
    """A partner client's key in `Authorization: Bearer <prefix>.<secret>`.

    The prefix finds the key's row; the secret is checked against the stored SHA-512 hash.
    Revoked or expired keys, and keys of a revoked client, are refused with 401."""

    keyword = "bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as: Authorization: Bearer <key>."), code="invalid_header"
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("Unknown API key."), code="invalid_key"
            ) from None
        prefix, _dot, _secret = key.partition(".")
        found = (
            PartnerKey.objects.select_related("client__network", "client__user")
            .filter(prefix=prefix)
            .first()
        )
        if found is None or not found.is_valid(key):
            raise exceptions.AuthenticationFailed(_("Unknown API key."), code="invalid_key")
        if found.revoked or found.client.is_revoked:
            raise exceptions.AuthenticationFailed(
                _("This API key was revoked."), code="revoked_key"
            )
        if found.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key expired."), code="expired_key")
        if cache.add(f"api:key-used:{found.pk}", 1, LAST_USED_EVERY_S):
            PartnerKey.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        found.client.current_key = found
        return found.client.user, found.client

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


@dataclass(frozen=True, slots=True)
class Caller:
    """What a view needs to know about whoever calls."""

    actor: object
    client: PartnerClient | None
    network_ids: frozenset[int]
    scopes: frozenset[str]

    @property
    def network_id(self) -> int | None:
        return self.client.network_id if self.client else None


def caller(request) -> Caller:
    """The caller of this request: a partner client acts for its network with its scopes; a
    signed-in coordinator reads the networks they coordinate (read scope only: coordinators
    write through the web pages)."""
    found = getattr(request, "_api_caller", None)
    if found is not None:
        return found
    client = request.auth if isinstance(request.auth, PartnerClient) else None
    if client is not None:
        found = Caller(
            actor=client.user,
            client=client,
            network_ids=frozenset({client.network_id}),
            scopes=frozenset(client.scopes),
        )
    elif request.user.is_authenticated:
        found = Caller(
            actor=request.user,
            client=None,
            network_ids=frozenset(
                user_coordinated_networks(request.user).values_list("pk", flat=True)
            ),
            scopes=frozenset({Scope.READ.value}),
        )
    else:
        found = Caller(actor=None, client=None, network_ids=frozenset(), scopes=frozenset())
    request._api_caller = found
    return found
