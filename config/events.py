"""Domain events: what happened, published by the services after their transaction commits.

Services call `publish("proposal.settled", network_id=…, payload={…})`; subscribers (the partner
API's webhooks) register with `subscribe(handler)` in their AppConfig.ready(). Nothing is
published for a transaction that rolls back. Handlers must be quick (queue a Celery task).

Every credit movement publishes an event, so a subscriber's own query after each ledger commit
costs every transfer a round trip to the database (about a fifth of a transfer's cost on the
bench). A subscriber may therefore register a *probe*, the query its handler needs; the ledger
sends the probes with its own writes and the handler receives their rows.

A *projection* (`project(handler, events=…)`) is the other kind of subscriber: it keeps a read
model of the events it names (the reports' exchange lines), so it runs at once, inside the
publisher's transaction — its writes commit or roll back with the event, and an error in it
rolls the whole operation back rather than leaving the read model behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)

EVENTS = (
    "business.approved",
    "listing.changed",
    "proposal.created",
    "proposal.accepted",
    "proposal.declined",
    "proposal.settled",
    "purchase.settled",
    "transfer.posted",
)

Handler = Callable[..., None]
# A probe names the query that decides what its handler does with an event (which webhook
# endpoints want it, say): `probe(event, network_id) -> (sql, params)`. A publisher that sends
# its statements in one round trip (the ledger) runs the probes with its own writes and hands
# the rows over; otherwise the handler runs the query itself. Either way the handler is called
# after the commit, as `handler(event, network_id, payload, probed=rows or None)`.
Probe = Callable[[str, int], tuple[str, list]]


@dataclass(frozen=True, slots=True)
class _Subscriber:
    handler: Handler
    probe: Probe | None


@dataclass(frozen=True, slots=True)
class ProbeQuery:
    """A subscriber's probe of one event, for the publisher to run in its transaction."""

    handler: Handler
    sql: str
    params: list


_subscribers: list[_Subscriber] = []
_projections: list[tuple[Handler, frozenset[str]]] = []


def project(handler: Handler, *, events: Sequence[str]) -> None:
    """Call `handler(event, network_id, payload)` inside the publishing transaction for each of
    `events`."""
    for event in events:
        _check(event)
    if all(h is not handler for h, _ in _projections):
        _projections.append((handler, frozenset(events)))


def subscribe(handler: Handler, *, probe: Probe | None = None) -> None:
    if all(s.handler is not handler for s in _subscribers):
        _subscribers.append(_Subscriber(handler, probe))


def unsubscribe(handler: Handler) -> None:
    """Remove a subscriber or a projection."""
    _subscribers[:] = [s for s in _subscribers if s.handler is not handler]
    _projections[:] = [(h, wanted) for h, wanted in _projections if h is not handler]


def probes(event: str, network_id: int) -> list[ProbeQuery]:
    """The subscribers' probe queries of an event, for a publisher that batches its statements:
    it runs them in its transaction and passes `probed=[(probe, rows), …]` to publish()."""
    _check(event)
    return [ProbeQuery(s.handler, *s.probe(event, network_id)) for s in _subscribers if s.probe]


def _check(event: str) -> None:
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")


def publish(
    event: str,
    *,
    network_id: int,
    payload: dict,
    probed: Sequence[tuple[ProbeQuery, list[tuple]]] = (),
) -> None:
    """Apply the event to the projections now, and deliver it to every subscriber once the
    current transaction commits."""
    _check(event)
    for handler, wanted in _projections:
        if event in wanted:
            handler(event, network_id, payload)
    answers = {probe.handler: rows for probe, rows in probed}

    def deliver() -> None:
        for subscriber in list(_subscribers):
            try:
                if subscriber.probe is None:
                    subscriber.handler(event, network_id, payload)
                else:
                    rows = answers.get(subscriber.handler)
                    subscriber.handler(event, network_id, payload, probed=rows)
            except Exception:
                logger.exception("event handler %r failed on %s", subscriber.handler, event)

    transaction.on_commit(deliver)
