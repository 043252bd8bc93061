"""Representations of the API's resources, and the validation of what partners send.

Serializers parse and render only: writes go through the services (barter, ledger, matching,
api). Fields the platform owns (statuses, networks, balances, limits) are output only, and a
request that tries to write one is refused (400, code `read_only`) rather than silently ignored.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from barter.models import Business, Category, Listing
from barter.services import BUSINESS_EDITABLE_FIELDS, LISTING_EDITABLE_FIELDS
from config.events import EVENTS
from ledger.models import Account, JournalTransaction, Posting
from matching.models import MatchingRun, Proposal, ProposalLeg, ProposalParticipant

from .authentication import caller
from .models import Scope, WebhookDelivery, WebhookEndpoint

MAX_ID = 2**63 - 1
MAX_CENTS = 10**11  # a billion credits: far above any real amount, far below BIGINT's limit


class ScopedIdField(serializers.PrimaryKeyRelatedField):
    """A reference by id to an object the caller may see; anything else does not exist (the
    same answer for another network's object as for no object at all)."""

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str) and not (data.isascii() and data.isdigit()):
            self.fail("incorrect_type", data_type="str")
        if not 1 <= int(data) <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(int(data))


def _network_businesses(context):
    return Business.objects.filter(network_id__in=caller(context["request"]).network_ids)


def _proposal_legs(context):
    return ProposalLeg.objects.filter(proposal=context["proposal"])


class PlatformFieldsMixin:
    """Refuse, rather than ignore, the fields the platform owns when a request sends them."""

    platform_fields: tuple[str, ...] = ()

    def to_internal_value(self, data):
        if isinstance(data, dict):
            sent = sorted(set(data) & set(self.platform_fields))
            if sent:
                raise serializers.ValidationError(
                    {
                        name: [
                            serializers.ErrorDetail(
                                _("This field is set by the platform and cannot be written."),
                                code="read_only",
                            )
                        ]
                        for name in sent
                    }
                )
        return super().to_internal_value(data)


# --- Businesses ---------------------------------------------------------------------------------

BUSINESS_PLATFORM_FIELDS = ("id", "network", "status", "status_reason", "created_at", "updated_at")


class BusinessSerializer(serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_social_economy = serializers.BooleanField(read_only=True)
    # Empty when not given: plain strings, not the URI and e-mail formats that "" would violate.
    website = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Business
        fields = (
            "id",
            "network",
            "legal_name",
            "siret",
            "kind",
            "is_social_economy",
            "sector",
            "description",
            "address",
            "postcode",
            "commune",
            "latitude",
            "longitude",
            "website",
            "email",
            "phone",
            "status",
            "status_reason",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A social-economy business",
            value={
                "legal_name": "Les Jardins de Courcouronnes",
                "siret": "73282932000074",
                "kind": "association",
                "sector": "A",
                "description": "Maraîchage bio en insertion.",
                "postcode": "91080",
                "commune": "Évry-Courcouronnes",
                "email": "contact@jardins.example.org",
            },
            request_only=True,
        )
    ]
)
class BusinessCreateSerializer(PlatformFieldsMixin, serializers.ModelSerializer):
    platform_fields = BUSINESS_PLATFORM_FIELDS

    class Meta:
        model = Business
        fields = ("siret", *BUSINESS_EDITABLE_FIELDS)
        extra_kwargs = {
            "latitude": {"min_value": -90, "max_value": 90},
            "longitude": {"min_value": -180, "max_value": 180},
        }


class BusinessUpdateSerializer(BusinessCreateSerializer):
    platform_fields = (*BUSINESS_PLATFORM_FIELDS, "siret")

    class Meta(BusinessCreateSerializer.Meta):
        fields = BUSINESS_EDITABLE_FIELDS


# --- Categories ---------------------------------------------------------------------------------


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ("id", "slug", "parent", "name_fr", "name_en", "position")
        read_only_fields = fields


# --- Listings -----------------------------------------------------------------------------------

LISTING_PLATFORM_FIELDS = (
    "id",
    "status",
    "moderation_reason",
    "published_at",
    "created_at",
    "updated_at",
)


_DATETIME = serializers.DateTimeField()


def _datetime(value):
    return None if value is None else _DATETIME.to_representation(value)


def _date(value):
    return None if value is None else value.isoformat()


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An offer",
            value={
                "id": 812,
                "business": 42,
                "kind": "offer",
                "nature": "service",
                "title": "Création de site vitrine",
                "description": "Site de 5 pages, hébergement un an compris.",
                "category": 12,
                "value": 120000,
                "quantity": 1,
                "unit": "service",
                "vat_rate": 2000,
                "valid_from": "2026-11-24",
                "valid_until": None,
                "is_remote": True,
                "radius_km": None,
                "status": "active",
                "moderation_reason": "",
                "published_at": "2026-11-24T10:20:34.118+01:00",
                "created_at": "2026-11-24T10:20:34.101+01:00",
                "updated_at": "2026-11-24T10:20:34.118+01:00",
            },
            response_only=True,
        )
    ]
)
class ListingSerializer(serializers.ModelSerializer):
    """The fields below document the schema; rendering is written out by hand because listing
    search is the API's hottest path (DRF's generic field machinery tripled its time)."""

    def to_representation(self, listing: Listing) -> dict:
        return {
            "id": listing.pk,
            "business": listing.business_id,
            "kind": listing.kind,
            "nature": listing.nature,
            "title": listing.title,
            "description": listing.description,
            "category": listing.category_id,
            "value": listing.value,
            "quantity": listing.quantity,
            "unit": listing.unit,
            "vat_rate": listing.vat_rate,
            "valid_from": _date(listing.valid_from),
            "valid_until": _date(listing.valid_until),
            "is_remote": listing.is_remote,
            "radius_km": listing.radius_km,
            "status": listing.status,
            "moderation_reason": listing.moderation_reason,
            "published_at": _datetime(listing.published_at),
            "created_at": _datetime(listing.created_at),
            "updated_at": _datetime(listing.updated_at),
        }

    class Meta:
        model = Listing
        fields = (
            "id",
            "business",
            "kind",
            "nature",
            "title",
            "description",
            "category",
            "value",
            "quantity",
            "unit",
            "vat_rate",
            "valid_from",
            "valid_until",
            "is_remote",
            "radius_km",
            "status",
            "moderation_reason",
            "published_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


LISTING_LIMITS = {
    "value": {"min_value": 0, "max_value": MAX_CENTS},
    "quantity": {"min_value": 1, "max_value": 1_000_000},
    "radius_km": {"min_value": 0, "max_value": 1000},
}


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An offer, published at once",
            value={
                "business": 42,
                "kind": "offer",
                "nature": "service",
                "title": "Création de site vitrine",
                "description": "Site de 5 pages, hébergement un an compris.",
                "category": 12,
                "value": 120000,
                "unit": "service",
                "vat_rate": 2000,
                "is_remote": True,
                "publish": True,
            },
            request_only=True,
        )
    ]
)
class ListingCreateSerializer(PlatformFieldsMixin, serializers.ModelSerializer):
    platform_fields = LISTING_PLATFORM_FIELDS
    business = ScopedIdField(scope=_network_businesses, queryset=Business.objects.none())
    category = ScopedIdField(
        scope=lambda context: Category.objects.all(), queryset=Category.objects.none()
    )
    publish = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text=_("Publish at once (the business must be active); otherwise a draft."),
    )

    class Meta:
        model = Listing
        fields = ("business", *LISTING_EDITABLE_FIELDS, "publish")
        extra_kwargs = {
            **LISTING_LIMITS,
            "value": {
                **LISTING_LIMITS["value"],
                "help_text": _("Offer: price of one unit excl. VAT; want: budget. In cents."),
            },
        }


class ListingUpdateSerializer(ListingCreateSerializer):
    platform_fields = (*LISTING_PLATFORM_FIELDS, "business", "publish")

    class Meta(ListingCreateSerializer.Meta):
        fields = LISTING_EDITABLE_FIELDS


# --- Accounts and transfers ---------------------------------------------------------------------


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A business account",
            value={
                "id": 17,
                "kind": "business",
                "business": 42,
                "balance": -35000,
                "held": 12000,
                "credit_limit": 100000,
                "max_balance": None,
                "available": 53000,
                "created_at": "2026-03-02T09:00:00+01:00",
            },
            response_only=True,
        )
    ]
)
class AccountSerializer(serializers.ModelSerializer):
    available = serializers.IntegerField(
        read_only=True, help_text=_("balance − held + credit limit, in cents.")
    )

    class Meta:
        model = Account
        fields = (
            "id",
            "kind",
            "business",
            "balance",
            "held",
            "credit_limit",
            "max_balance",
            "available",
            "created_at",
        )
        read_only_fields = fields


class PostingSerializer(serializers.ModelSerializer):
    transaction = serializers.IntegerField(source="transaction_id", read_only=True)
    kind = serializers.CharField(source="transaction.kind", read_only=True)
    memo = serializers.CharField(source="transaction.memo", read_only=True)
    created_at = serializers.DateTimeField(source="transaction.created_at", read_only=True)
    counterparties = serializers.SerializerMethodField(
        help_text=_("Businesses on the other side of the transaction (null: the network account).")
    )

    class Meta:
        model = Posting
        fields = (
            "id",
            "transaction",
            "kind",
            "memo",
            "amount",
            "balance_after",
            "counterparties",
            "created_at",
        )
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"type": "integer", "nullable": True}})
    def get_counterparties(self, posting) -> list:
        legs = getattr(posting.transaction, "all_legs", [])
        return [leg.account.business_id for leg in legs if leg.account_id != posting.account_id]


class TransferSerializer(serializers.Serializer):
    """A transfer as posted in the journal."""

    id = serializers.IntegerField(read_only=True)
    payer = serializers.IntegerField(read_only=True, help_text=_("Paying business."))
    payee = serializers.IntegerField(read_only=True, help_text=_("Paid business."))
    amount = serializers.IntegerField(read_only=True, help_text=_("In cents (1 credit = 100)."))
    fee = serializers.IntegerField(read_only=True, help_text=_("Part kept by the network."))
    memo = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, txn: JournalTransaction) -> dict:
        legs = list(txn.postings.all())
        payer = next((p for p in legs if p.amount < 0), None)
        payee = next((p for p in legs if p.amount > 0 and p.account.business_id), None)
        fee = sum(p.amount for p in legs if p.amount > 0 and not p.account.business_id)
        return {
            "id": txn.pk,
            "payer": payer.account.business_id if payer else None,
            "payee": payee.account.business_id if payee else None,
            "amount": -payer.amount if payer else 0,
            "fee": fee,
            "memo": txn.memo,
            "created_at": _datetime(txn.created_at),
        }


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Pay 125.50 credits",
            value={"payer": 42, "payee": 57, "amount": 12550, "memo": "Facture 2026-118"},
            request_only=True,
        )
    ]
)
class TransferCreateSerializer(PlatformFieldsMixin, serializers.Serializer):
    platform_fields = ("id", "fee", "created_at")
    payer = ScopedIdField(
        scope=_network_businesses,
        queryset=Business.objects.none(),
        help_text=_("The paying business, of the client's network."),
    )
    payee = ScopedIdField(
        scope=_network_businesses,
        queryset=Business.objects.none(),
        help_text=_("The paid business, of the same network."),
    )
    amount = serializers.IntegerField(
        min_value=1, max_value=MAX_CENTS, help_text=_("In cents of credit (1 credit = 100).")
    )
    memo = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["payer"].pk == attrs["payee"].pk:
            raise serializers.ValidationError(
                {"payee": [_("The payee must be another business than the payer.")]}
            )
        return attrs


# --- Proposals and matching runs ----------------------------------------------------------------


class ProposalParticipantSerializer(serializers.ModelSerializer):
    net = serializers.IntegerField(
        read_only=True, help_text=_("Credit gained (positive) or spent at settlement, in cents.")
    )

    class Meta:
        model = ProposalParticipant
        fields = ("business", "gives", "receives", "commission", "net", "decision", "decided_at")
        read_only_fields = fields


class ProposalLegSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalLeg
        fields = (
            "id",
            "position",
            "giver",
            "receiver",
            "offer",
            "want",
            "unit_price",
            "vat_rate",
            "value",
            "explanation",
            "delivered_at",
            "confirmed_at",
        )
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer):
    participants = ProposalParticipantSerializer(many=True, read_only=True)
    legs = ProposalLegSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = (
            "id",
            "run",
            "status",
            "total_value",
            "expires_at",
            "settlement",
            "closed_reason",
            "created_at",
            "accepted_at",
            "closed_at",
            "participants",
            "legs",
        )
        read_only_fields = fields


class ProposalAnswerSerializer(serializers.Serializer):
    business = ScopedIdField(
        scope=_network_businesses,
        queryset=Business.objects.none(),
        help_text=_("The participant the client answers for."),
    )


class ProposalDeclineSerializer(ProposalAnswerSerializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ProposalLegActionSerializer(serializers.Serializer):
    leg = ScopedIdField(
        scope=_proposal_legs,
        queryset=ProposalLeg.objects.none(),
        help_text=_("The leg, by id: its giver delivers it, its receiver confirms it."),
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A run under way",
            value={
                "id": 31,
                "status": "running",
                "trigger": "api",
                "phase": "solve",
                "progress": 0.42,
                "engine_status": "",
                "objective": None,
                "bound": None,
                "stats": {},
                "proposals_created": 0,
                "error": "",
                "created_at": "2026-11-24T10:30:00+01:00",
                "started_at": "2026-11-24T10:30:01+01:00",
                "finished_at": None,
            },
            response_only=True,
        )
    ]
)
class MatchingRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchingRun
        fields = (
            "id",
            "status",
            "trigger",
            "phase",
            "progress",
            "engine_status",
            "objective",
            "bound",
            "stats",
            "proposals_created",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        )
        read_only_fields = fields


# --- The caller ---------------------------------------------------------------------------------


class NetworkRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("partner", "partner"), ("session", "session")])
    name = serializers.CharField()
    client = serializers.IntegerField(allow_null=True)
    networks = NetworkRefSerializer(many=True)
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=Scope.choices))
    rate_limit = serializers.CharField()
    key_expires_at = serializers.DateTimeField(allow_null=True)


# --- Webhooks -----------------------------------------------------------------------------------


class WebhookEndpointSerializer(PlatformFieldsMixin, serializers.ModelSerializer):
    platform_fields = ("id", "secret", "created_at", "updated_at")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=[(e, e) for e in EVENTS]),
        min_length=1,
        max_length=len(EVENTS),
        help_text=_("The events this URL receives."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("id", "url", "events", "description", "is_active", "created_at", "updated_at")
        read_only_fields = ("id", "created_at", "updated_at")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Proposals and listings",
            value={
                "url": "https://outil.partenaire.example.org/hooks/cyclotroc",
                "events": ["listing.changed", "proposal.created", "proposal.settled"],
                "description": "Our members' tool",
            },
            request_only=True,
        )
    ]
)
class WebhookEndpointCreateSerializer(WebhookEndpointSerializer):
    pass


class WebhookEndpointSecretSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text=_("Signing secret: shown now only (create, rotate-secret). Keep it safe."),
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = (*WebhookEndpointSerializer.Meta.fields, "secret")
        read_only_fields = (*WebhookEndpointSerializer.Meta.read_only_fields, "secret")


class WebhookDeliverySerializer(serializers.ModelSerializer):
    payload = serializers.JSONField(read_only=True, help_text=_("The body sent, as JSON."))

    class Meta:
        model = WebhookDelivery
        fields = (
            "id",
            "uuid",
            "event_id",
            "event",
            "endpoint",
            "status",
            "attempts",
            "response_status",
            "last_error",
            "last_attempt_at",
            "next_attempt_at",
            "delivered_at",
            "replay_of",
            "created_at",
            "payload",
        )
        read_only_fields = fields


# --- Errors (documentation) ---------------------------------------------------------------------


class FieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A field error",
            value={
                "code": "invalid",
                "message": "Some fields are not valid.",
                "fields": {"title": [{"code": "required", "message": "This field is required."}]},
            },
            response_only=True,
            status_codes=["400"],
        ),
        OpenApiExample(
            "A rule of the ledger",
            value={
                "code": "insufficient_credit",
                "message": "Not enough credit on Atelier Dupont (reseau-91): 1 250,00 crédits "
                "needed, 300,00 crédits available within the credit limit.",
            },
            response_only=True,
            status_codes=["400"],
        ),
    ]
)
class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, for programs."))
    message = serializers.CharField(help_text=_("Human-readable, in the request's language."))
    fields = serializers.DictField(
        child=FieldErrorSerializer(many=True),
        required=False,
        help_text=_("Per field (dotted names for nested ones); only for invalid input."),
    )
    rate = serializers.CharField(required=False, help_text=_("The rate limit, on 429 only."))
