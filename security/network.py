"""The client's address, as the sign-in throttle (django-axes) and the API's rate limit see it."""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, behind `TRUSTED_PROXY_COUNT` reverse proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    the client is the TRUSTED_PROXY_COUNT-th address from the right; whatever a client wrote
    further left is ignored. With no proxy (0) it is REMOTE_ADDR, and X-Forwarded-For is not
    read at all. This is DRF's own rule (`NUM_PROXIES`, set from the same setting), so one
    address is throttled for both sign-ins and anonymous API calls.

    django-ipware, axes' default, is not used: unconfigured, it takes the first *public*
    address of X-Forwarded-For, which the client writes itself."""
    return BaseThrottle().get_ident(request) or None
