"""Rate limits per caller: each partner client has its own (its `throttle_rate`, else
REST_FRAMEWORK's "partner" rate), coordinators share the "user" rate each, anonymous callers the
"anon" rate per address.

A fixed window counted with the cache's atomic increment: exact under concurrency and shared by
every worker when the cache is Redis (production); per process with the default local cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from .authentication import caller

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/min' → (600, 60)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


class ClientRateThrottle(BaseThrottle):
    def _identity(self, request) -> tuple[str, str]:
        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        who = caller(request)
        if who.client is not None:
            return f"p{who.client.pk}", who.client.throttle_rate or rates["partner"]
        if request.user and request.user.is_authenticated:
            return f"u{request.user.pk}", rates["user"]
        return f"a{self.get_ident(request)}", rates["anon"]

    def allow_request(self, request, view) -> bool:
        ident, rate = self._identity(request)
        limit, period = parse_rate(rate)
        now = time.time()
        window = int(now // period)
        key = f"api:throttle:{ident}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=period + 1)
            count = 1
        self.reset_in = (window + 1) * period - now
        request._api_rate = (rate, limit, max(limit - count, 0), self.reset_in)
        return count <= limit

    def wait(self) -> float:
        return self.reset_in
