"""Domain events: what happened, published by the services after their transaction commits.

Services call `publish("proposal.settled", network_id=…, payload={…})`; subscribers (the partner
API's webhooks) register with `subscribe(handler)` in their AppConfig.ready(). Nothing is
published for a transaction that rolls back. Handlers must be quick (queue a Celery task).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

EVENTS = (
    "business.approved",
    "listing.changed",
    "proposal.created",
    "proposal.accepted",
    "proposal.declined",
    "proposal.settled",
    "transfer.posted",
)

Handler = Callable[[str, int, dict], None]
_handlers: list[Handler] = []


def subscribe(handler: Handler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def publish(event: str, *, network_id: int, payload: dict) -> None:
    """Deliver the event to every subscriber once the current transaction commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")

    def deliver() -> None:
        for handler in list(_handlers):
            try:
                handler(event, network_id, payload)
            except Exception:
                logger.exception("event handler %r failed on %s", handler, event)

    transaction.on_commit(deliver)
