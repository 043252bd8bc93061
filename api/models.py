"""Partner networks' access to the API: clients, their keys, their webhook endpoints and the log of
webhook deliveries.

A PartnerClient is bound to one network and acts through a dedicated machine user, which is one
of the network's delegates while the client is usable. Its credentials are PartnerKeys
(djangorestframework-api-key: only a SHA-512 hash of the key is stored; the key is shown once).
Rules live in api/services.py; these models hold data and constraints.
"""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Write")


class PartnerClient(models.Model):
    """A partner network's machine access to one network's data."""

    network = models.ForeignKey(
        "barter.Network",
        on_delete=models.PROTECT,
        related_name="partner_clients",
        verbose_name=_("network"),
    )
    name = models.CharField(_("name"), max_length=120)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partner_client",
        verbose_name=_("machine account"),
    )
    scopes = models.JSONField(
        _("scopes"),
        default=list,
        help_text=_("“read”: read everything of the network; “write”: act for its businesses."),
    )
    throttle_rate = models.CharField(
        _("rate limit"),
        max_length=20,
        blank=True,
        help_text=_("Requests per period, e.g. 600/min; empty: the platform's default."),
    )
    contact_email = models.EmailField(_("technical contact"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("partner client")
        verbose_name_plural = _("partner clients")
        ordering = ["network__name", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.network.slug})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class PartnerKey(AbstractAPIKey):
    """One credential of a client: `<prefix>.<secret>`, stored as a SHA-512 hash, shown once.

    A client may hold several keys at a time (rotation: issue a new key, switch, revoke the old).
    """

    client = models.ForeignKey(
        PartnerClient, on_delete=models.CASCADE, related_name="keys", verbose_name=_("client")
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("partner key")
        verbose_name_plural = _("partner keys")

    @property
    def is_usable(self) -> bool:
        return not self.revoked and not self.has_expired and not self.client.is_revoked


class WebhookEndpoint(models.Model):
    """A URL of a partner that receives the events it picked, signed with the endpoint's secret.

    The secret has to be kept in clear: HMAC signing needs it (unlike API keys, which are only
    compared). It is shown when created or rotated, never listed.
    """

    client = models.ForeignKey(
        PartnerClient,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("client"),
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Failed, will retry")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed, gave up")


class WebhookDelivery(models.Model):
    """One event sent to one endpoint, with its attempts. A replay is a new delivery of the same
    event (same `event_id`), linked to the original."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    uuid = models.UUIDField(_("delivery id"), default=uuid4, unique=True, editable=False)
    event_id = models.UUIDField(_("event id"), default=uuid4, editable=False)
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    replay_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replays"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="delivery_endpoint_recent"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending", "retrying"]),
                name="delivery_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"
