"""Writes of the partner API: clients and their keys, businesses registered by a partner, webhook
endpoints, webhook deliveries.

A client acts through its machine user, which is one of its network's delegates exactly while the
client is usable (not revoked, and holding a key that is neither revoked nor expired): the
marketplace's, ledger's and matching's own permission checks then let it act for every business
of that network and no other. Coordinators of the network (and platform administrators) manage
its clients; a client manages its own webhook endpoints.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import uuid
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from barter import services as barter_services
from barter.identity import require_coordinator
from barter.models import Business, Membership, Network
from config.events import EVENTS

from . import webhooks
from .errors import ClientRevoked
from .models import (
    DeliveryStatus,
    PartnerClient,
    PartnerKey,
    Scope,
    WebhookDelivery,
    WebhookEndpoint,
)

logger = logging.getLogger(__name__)

RATE_RE = re.compile(r"^[1-9][0-9]{0,8}/(s|sec|second|m|min|minute|h|hour|d|day)$")
PING_EVENT = "ping"
WEBHOOK_EVENTS = (*EVENTS, PING_EVENT)
MAX_RETRY_DELAY_S = 3600


# --- Permissions --------------------------------------------------------------------------------


def _require_manager(actor, client: PartnerClient) -> None:
    """The client itself (its machine user) or a coordinator of its network."""
    if actor is not None and actor.pk == client.user_id:
        return
    require_coordinator(actor, client.network, platform_may_act=True)


def _clean_scopes(scopes) -> list[str]:
    chosen = sorted(set(scopes or []))
    if not chosen or any(s not in Scope.values for s in chosen):
        raise ValidationError(
            {"scopes": _("Choose at least one of: %(scopes)s.") % {"scopes": ", ".join(Scope)}}
        )
    return chosen


def _clean_rate(rate: str) -> str:
    rate = (rate or "").strip()
    if rate and not RATE_RE.match(rate):
        raise ValidationError(
            {"throttle_rate": _("Write a number of requests per period, e.g. 600/min.")}
        )
    return rate


# --- Clients and keys ---------------------------------------------------------------------------


def _key_is_current(now: datetime) -> Q:
    return Q(keys__revoked=False) & (
        Q(keys__expiry_date__isnull=True) | Q(keys__expiry_date__gt=now)
    )


def partner_client_sync_delegate(*, client: PartnerClient, now: datetime | None = None) -> bool:
    """Make the client's machine user a delegate of its network exactly while the client is
    usable; returns whether it is."""
    now = now or timezone.now()
    usable = (
        not client.is_revoked
        and PartnerClient.objects.filter(pk=client.pk).filter(_key_is_current(now)).exists()
    )
    if usable:
        client.network.delegates.add(client.user_id)
    else:
        client.network.delegates.remove(client.user_id)
    return usable


@transaction.atomic
def partner_client_create(
    *,
    actor,
    network: Network,
    name: str,
    scopes,
    expiry_date: datetime | None = None,
    throttle_rate: str = "",
    contact_email: str = "",
) -> tuple[PartnerClient, str]:
    """Create a client of the network with its first key; returns (client, key). The key is
    only ever shown now: the platform keeps a hash.

    `actor` is a coordinator of the network, or None for the operator's command line."""
    require_coordinator(actor, network, platform_may_act=True)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the client a name.")})
    scopes = _clean_scopes(scopes)
    throttle_rate = _clean_rate(throttle_rate)
    user = get_user_model()(
        username=f"partner-{uuid.uuid4().hex[:16]}",
        first_name=name[:150],
        last_name=_("(API client)"),
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    client = PartnerClient(
        network=network,
        name=name,
        user=user,
        scopes=scopes,
        throttle_rate=throttle_rate,
        contact_email=contact_email,
        created_by=actor,
    )
    client.full_clean(exclude=["user"])
    client.save()
    _key_object, key = partner_key_create(actor=actor, client=client, expiry_date=expiry_date)
    logger.info("partner client %s created for %s", client.pk, network.slug)
    return client, key


@transaction.atomic
def partner_key_create(
    *, actor, client: PartnerClient, expiry_date: datetime | None = None
) -> tuple[PartnerKey, str]:
    """Issue a new key to the client (rotation: issue, switch, then revoke the old one)."""
    require_coordinator(actor, client.network, platform_may_act=True)
    if client.is_revoked:
        raise ClientRevoked()
    if expiry_date is not None and expiry_date <= timezone.now():
        raise ValidationError({"expiry_date": _("The expiry date must be in the future.")})
    key_object, key = PartnerKey.objects.create_key(
        client=client, name=client.name[:50], expiry_date=expiry_date
    )
    partner_client_sync_delegate(client=client)
    return key_object, key


@transaction.atomic
def partner_key_revoke(*, actor, key: PartnerKey) -> PartnerKey:
    """Revoke one key for good; the client keeps its other keys."""
    key = PartnerKey.objects.select_related("client__network").get(pk=key.pk)
    require_coordinator(actor, key.client.network, platform_may_act=True)
    if not key.revoked:
        key.revoked = True
        key.save(update_fields=["revoked"])
    partner_client_sync_delegate(client=key.client)
    return key


@transaction.atomic
def partner_client_revoke(*, actor, client: PartnerClient) -> PartnerClient:
    """Revoke the client for good: every key, its delegation, its webhooks."""
    client = PartnerClient.objects.select_for_update().select_related("network").get(pk=client.pk)
    require_coordinator(actor, client.network, platform_may_act=True)
    if not client.is_revoked:
        client.revoked_at = timezone.now()
        client.revoked_by = actor
        client.save(update_fields=["revoked_at", "revoked_by"])
    client.keys.filter(revoked=False).update(revoked=True)
    client.webhook_endpoints.update(is_active=False)
    partner_client_sync_delegate(client=client)
    logger.info("partner client %s revoked", client.pk)
    return client


def partners_expire(*, now: datetime | None = None) -> int:
    """Withdraw the delegation of every client left without a current key (expired keys);
    returns how many delegations were withdrawn. Run hourly by beat."""
    now = now or timezone.now()
    withdrawn = 0
    stale = Network.delegates.through.objects.filter(user__partner_client__isnull=False)
    for link in stale.select_related("user__partner_client__network"):
        client = link.user.partner_client
        if not partner_client_sync_delegate(client=client, now=now):
            withdrawn += 1
    return withdrawn


# --- Businesses ---------------------------------------------------------------------------------


@transaction.atomic
def partner_business_register(*, client: PartnerClient, **fields) -> Business:
    """Register a business in the client's network, pending a coordinator's approval.

    barter's business_register makes its actor the owner; a partner's machine user acts through
    its delegation instead, which ends with the client, so the ownership is not kept."""
    business = barter_services.business_register(
        actor=client.user, network=client.network, **fields
    )
    Membership.objects.filter(user=client.user, business=business).delete()
    return business


# --- Webhook endpoints --------------------------------------------------------------------------


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _clean_endpoint(url: str, events) -> tuple[str, list[str]]:
    errors = {}
    try:
        webhooks.check_url(url, resolve=False)
    except webhooks.AddressNotAllowed as exc:
        errors["url"] = _("This URL cannot receive webhooks (%(reason)s).") % {"reason": exc}
    chosen = sorted(set(events or []))
    if not chosen or any(e not in EVENTS for e in chosen):
        errors["events"] = _("Choose at least one of: %(events)s.") % {"events": ", ".join(EVENTS)}
    if errors:
        raise ValidationError(errors)
    return url, chosen


@transaction.atomic
def webhook_endpoint_create(
    *,
    actor,
    client: PartnerClient,
    url: str,
    events,
    description: str = "",
    is_active: bool = True,
) -> WebhookEndpoint:
    """Register a URL that receives the chosen events of the client's network, signed with a new
    secret (endpoint.secret: show it now; it is not listed afterwards)."""
    _require_manager(actor, client)
    if client.is_revoked:
        raise ClientRevoked()
    url, events = _clean_endpoint(url, events)
    endpoint = WebhookEndpoint(
        client=client,
        url=url,
        events=events,
        description=description,
        is_active=is_active,
        secret=_new_secret(),
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, actor, endpoint: WebhookEndpoint, **fields) -> WebhookEndpoint:
    """Change an endpoint's URL, events, description or activity."""
    endpoint = WebhookEndpoint.objects.select_related("client__network").get(pk=endpoint.pk)
    _require_manager(actor, endpoint.client)
    unknown = set(fields) - {"url", "events", "description", "is_active"}
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    if fields.get("is_active") and endpoint.client.is_revoked:
        raise ClientRevoked()
    url, events = _clean_endpoint(
        fields.get("url", endpoint.url), fields.get("events", endpoint.events)
    )
    fields.update(url=url, events=events)
    for name, value in fields.items():
        setattr(endpoint, name, value)
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_rotate_secret(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Give the endpoint a new signing secret; the old one stops working at once."""
    endpoint = WebhookEndpoint.objects.select_related("client__network").get(pk=endpoint.pk)
    _require_manager(actor, endpoint.client)
    endpoint.secret = _new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, actor, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint and its deliveries' log."""
    endpoint = WebhookEndpoint.objects.select_related("client__network").get(pk=endpoint.pk)
    _require_manager(actor, endpoint.client)
    endpoint.delete()


# --- Deliveries ---------------------------------------------------------------------------------


def _queue(delivery: WebhookDelivery) -> None:
    from .tasks import webhook_deliver_task

    transaction.on_commit(lambda: webhook_deliver_task.delay(delivery.pk))


def _envelope(*, event_id: uuid.UUID, event: str, network: Network, data: dict) -> dict:
    return {
        "id": str(event_id),
        "event": event,
        "created_at": timezone.now().isoformat(),
        "network": network.slug,
        "data": data,
    }


_ENDPOINTS_SQL = (
    "SELECT e.id, e.events FROM api_webhookendpoint e "
    "JOIN api_partnerclient c ON c.id = e.client_id "
    "WHERE e.is_active AND c.network_id = %s AND c.revoked_at IS NULL"
)


def webhook_endpoints_probe(event: str, network_id: int) -> tuple[str, list]:
    """The probe of config.events: the network's active endpoints with the events they picked.
    The ledger runs it with the writes of each credit movement (no extra round trip); other
    publishers leave it to webhook_event_dispatch, after their commit."""
    return _ENDPOINTS_SQL, [network_id]


def _endpoints_wanting(event: str, network_id: int, rows: list[tuple] | None) -> list[int]:
    """Ids of the network's active endpoints that picked `event`, from the probe's rows, or
    read now (one plain statement) when the publisher did not run the probe."""
    if rows is None:
        with connection.cursor() as cursor:
            cursor.execute(*webhook_endpoints_probe(event, network_id))
            rows = cursor.fetchall()
    return [pk for pk, events in rows if event in _json_list(events)]


def _json_list(value) -> list:
    # PostgreSQL's jsonb comes back decoded; SQLite's JSON text does not.
    return json.loads(value) if isinstance(value, str) else (value or [])


def webhook_event_dispatch(
    event: str, network_id: int, payload: dict, *, probed: list[tuple] | None = None
) -> list[WebhookDelivery]:
    """Subscriber of config.events (called after the publishing transaction commits): one
    delivery per active endpoint of the network's usable clients that picked the event, each
    sent by a Celery task once the deliveries are committed. `probed`: the rows of
    webhook_endpoints_probe when the publisher ran it in its transaction."""
    wanted = _endpoints_wanting(event, network_id, probed)
    if not wanted:  # the common case: no transaction opened for nothing
        return []
    endpoints = list(
        WebhookEndpoint.objects.filter(pk__in=wanted).select_related("client__network")
    )
    deliveries = []
    with transaction.atomic():
        for endpoint in endpoints:
            event_id = uuid.uuid4()
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint,
                event=event,
                event_id=event_id,
                payload=_envelope(
                    event_id=event_id, event=event, network=endpoint.client.network, data=payload
                ),
            )
            _queue(delivery)
            deliveries.append(delivery)
    return deliveries


@transaction.atomic
def webhook_ping(*, actor, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Send a `ping` event to one endpoint, to test the receiver and its signature check."""
    endpoint = WebhookEndpoint.objects.select_related("client__network").get(pk=endpoint.pk)
    _require_manager(actor, endpoint.client)
    event_id = uuid.uuid4()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=PING_EVENT,
        event_id=event_id,
        payload=_envelope(
            event_id=event_id,
            event=PING_EVENT,
            network=endpoint.client.network,
            data={"message": "Hello from Cyclotroc", "endpoint": endpoint.pk},
        ),
    )
    _queue(delivery)
    return delivery


@transaction.atomic
def webhook_delivery_replay(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivered or failed event again: a new delivery with the same event id and body,
    so that receivers which deduplicate on the event id can."""
    delivery = WebhookDelivery.objects.select_related("endpoint__client__network").get(
        pk=delivery.pk
    )
    _require_manager(actor, delivery.endpoint.client)
    replay = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
        replay_of=delivery,
    )
    _queue(replay)
    return replay


def retry_delay(attempts: int, base: float) -> float:
    """Seconds before the next attempt after `attempts` failed ones: base, 2×base, 4×base, …,
    at most an hour."""
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY_S)


def webhook_delivery_attempt(*, delivery_id: int) -> float | None:
    """Make one attempt at a queued or retrying delivery and log it. Returns the delay before the
    next attempt, or None when there is nothing more to do (delivered, given up, not due).

    The delivery is claimed first (pending/retrying → sending), so that two workers never send
    the same attempt."""
    from django.conf import settings

    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
    ).update(
        status=DeliveryStatus.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        next_attempt_at=None,
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint__client").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active or endpoint.client.is_revoked:
        attempt = webhooks.Attempt(ok=False, status=None, error="endpoint disabled", permanent=True)
    else:
        attempt = webhooks.post(
            url=endpoint.url,
            secret=endpoint.secret,
            body=webhooks.encode_body(delivery.payload),
            event=delivery.event,
            delivery=str(delivery.uuid),
        )
    delivery.response_status = attempt.status
    delivery.last_error = attempt.error
    delay = None
    if attempt.ok:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = timezone.now()
    elif attempt.permanent or delivery.attempts >= settings.API_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delay = retry_delay(delivery.attempts, settings.API_WEBHOOK_RETRY_BASE_S)
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = timezone.now() + timezone.timedelta(seconds=delay)
    delivery.save(
        update_fields=[
            "status",
            "response_status",
            "last_error",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delay


def webhook_deliveries_resume(*, now: datetime | None = None, grace_s: int = 120) -> list[int]:
    """Queue again the deliveries whose task was lost (a worker died, or tasks run eagerly and
    retries wait for this sweep): attempts stuck in `sending`, retries overdue by more than
    grace_s, and queued deliveries never tried. Returns the ids queued. Run by beat."""
    from .tasks import webhook_deliver_task

    now = now or timezone.now()
    grace = timezone.timedelta(seconds=grace_s)
    WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING, last_attempt_at__lt=now - 5 * grace
    ).update(status=DeliveryStatus.RETRYING, next_attempt_at=now)
    due = WebhookDelivery.objects.filter(
        Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now - grace)
        | Q(status=DeliveryStatus.RETRYING, next_attempt_at__isnull=True)
        | Q(status=DeliveryStatus.PENDING, created_at__lte=now - grace)
    ).values_list("pk", flat=True)
    ids = list(due[:1000])
    for pk in ids:
        webhook_deliver_task.delay(pk)
    return ids
