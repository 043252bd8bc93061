"""Reads of the partner pages: the clients a coordinator manages, their keys and deliveries."""

from django.db.models import Count, Q, QuerySet

from barter.selectors import user_coordinated_networks

from .models import PartnerClient, WebhookDelivery


def partner_clients_managed_by(user) -> QuerySet[PartnerClient]:
    """Clients of the networks the user coordinates (all of them for an administrator)."""
    return (
        PartnerClient.objects.filter(network__in=user_coordinated_networks(user))
        .select_related("network")
        .annotate(
            live_keys=Count("keys", filter=Q(keys__revoked=False), distinct=True),
            endpoint_count=Count("webhook_endpoints", distinct=True),
        )
    )


def client_deliveries(client: PartnerClient, *, status: str = "") -> QuerySet[WebhookDelivery]:
    """The client's webhook deliveries, newest first, optionally of one status."""
    deliveries = WebhookDelivery.objects.filter(endpoint__client=client).select_related("endpoint")
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("-created_at", "-id")
