"""The partner API's views: parse, call a service or a selector, render.

Every queryset is scoped to the caller's network (api.authentication.caller), so that another
network's object is a 404 on every method and never appears in a list. Writes call the same
service functions as the web pages, with the client's machine user as the actor; the services'
own permission checks then hold.
"""

from __future__ import annotations

import math
import re

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from barter import selectors as barter_selectors
from barter import services as barter_services
from barter.models import Business, BusinessStatus, Category, Listing
from ledger import selectors as ledger_selectors
from ledger import services as ledger_services
from ledger.models import Account, JournalTransaction, Posting, TransactionKind
from matching import services as matching_services
from matching.models import MatchingRun, Proposal

from . import filters, services
from .authentication import caller
from .errors import NotAllowed
from .models import WebhookDelivery, WebhookEndpoint
from .parsers import check_content_length
from .permissions import HasScope, IsPartnerClient
from .serializers import (
    AccountSerializer,
    BusinessCreateSerializer,
    BusinessSerializer,
    BusinessUpdateSerializer,
    CategorySerializer,
    ListingCreateSerializer,
    ListingSerializer,
    ListingUpdateSerializer,
    MatchingRunSerializer,
    MeSerializer,
    PostingSerializer,
    ProposalAnswerSerializer,
    ProposalDeclineSerializer,
    ProposalLegActionSerializer,
    ProposalSerializer,
    TransferCreateSerializer,
    TransferSerializer,
    WebhookDeliverySerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSecretSerializer,
    WebhookEndpointSerializer,
)

MAX_ID = 2**63 - 1
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
IDEMPOTENCY_KEY_RE = re.compile(r"^[!-~]{1,100}$")


class ApiViewMixin:
    """What every API view shares: the body size limit (413), the caller, a JSON 404 for ids
    that cannot exist, and the rate-limit headers."""

    def initial(self, request, *args, **kwargs):
        check_content_length(request)
        super().initial(request, *args, **kwargs)

    @property
    def caller(self):
        return caller(self.request)

    def get_object(self):
        raw = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
            raise exceptions.NotFound()
        return super().get_object()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        rate = getattr(request, "_api_rate", None)
        if rate:
            _rate, limit, remaining, reset_in = rate
            response["X-RateLimit-Limit"] = str(limit)
            response["X-RateLimit-Remaining"] = str(remaining)
            response["X-RateLimit-Reset"] = str(math.ceil(reset_in))
        return response

    def render(self, serializer_class, instance, status_code=status.HTTP_200_OK):
        serializer = serializer_class(instance, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)

    def parse(self, serializer_class, **kwargs):
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- The caller ---------------------------------------------------------------------------------


class MeView(ApiViewMixin, APIView):
    """Who the credentials belong to: the client, its network, its scopes and rate limit."""

    @extend_schema(operation_id="me_retrieve", responses=MeSerializer, tags=["me"])
    def get(self, request):
        from django.conf import settings

        who = self.caller
        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        networks = barter_selectors.Network.objects.filter(pk__in=who.network_ids).order_by("pk")
        if who.client:
            data = {
                "kind": "partner",
                "name": who.client.name,
                "client": who.client.pk,
                "rate_limit": who.client.throttle_rate or rates["partner"],
                "key_expires_at": who.client.current_key.expiry_date,
            }
        else:
            data = {
                "kind": "session",
                "name": request.user.get_username(),
                "client": None,
                "rate_limit": rates["user"],
                "key_expires_at": None,
            }
        data["networks"] = [{"id": n.pk, "slug": n.slug, "name": n.name} for n in networks]
        data["scopes"] = sorted(who.scopes)
        return Response(MeSerializer(data).data)


# --- Businesses ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the network's businesses"),
    retrieve=extend_schema(summary="Read a business"),
)
class BusinessViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The businesses of the client's network, whatever their status."""

    serializer_class = BusinessSerializer
    filterset_class = filters.BusinessFilter
    ordering_fields = ["id", "legal_name", "created_at", "updated_at"]

    def get_queryset(self):
        return (
            Business.objects.filter(network_id__in=self.caller.network_ids)
            .select_related("network")
            .order_by("id")
        )

    @extend_schema(
        summary="Register a business (pending a coordinator's approval)",
        request=BusinessCreateSerializer,
        responses={201: BusinessSerializer},
    )
    def create(self, request):
        fields = self.parse(BusinessCreateSerializer)
        business = services.partner_business_register(client=self.caller.client, **fields)
        return self.render(BusinessSerializer, business, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Update a business's profile",
        request=BusinessUpdateSerializer,
        responses=BusinessSerializer,
    )
    def partial_update(self, request, pk=None):
        business = self.get_object()
        fields = self.parse(BusinessUpdateSerializer, partial=True)
        business = barter_services.business_update(
            actor=self.caller.actor, business=business, **fields
        )
        return self.render(BusinessSerializer, business)


# --- Categories ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The category tree, flat (each with its parent)"),
    retrieve=extend_schema(summary="Read a category"),
)
class CategoryViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    pagination_class = None
    filter_backends = []
    queryset = Category.objects.order_by("position", "name_fr", "id")


# --- Listings -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List or search the network's listings"),
    retrieve=extend_schema(summary="Read a listing"),
)
class ListingViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Offers and wants of the network's businesses, every status included."""

    serializer_class = ListingSerializer
    filterset_class = filters.ListingFilter
    ordering_fields = ["id", "title", "value", "created_at", "updated_at", "published_at"]

    def get_queryset(self):
        return Listing.objects.filter(business__network_id__in=self.caller.network_ids).order_by(
            "id"
        )

    @extend_schema(
        summary="Create a listing (a draft, or published with `publish`)",
        request=ListingCreateSerializer,
        responses={201: ListingSerializer},
    )
    def create(self, request):
        fields = self.parse(ListingCreateSerializer)
        listing = barter_services.listing_create(actor=self.caller.actor, **fields)
        return self.render(ListingSerializer, listing, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Update a listing", request=ListingUpdateSerializer, responses=ListingSerializer
    )
    def partial_update(self, request, pk=None):
        listing = self.get_object()
        fields = self.parse(ListingUpdateSerializer, partial=True)
        listing = barter_services.listing_update(actor=self.caller.actor, listing=listing, **fields)
        return self.render(ListingSerializer, listing)

    @extend_schema(
        summary="Delete a listing",
        description="A listing that exchanges refer to is paused instead of deleted.",
        responses={204: None},
    )
    def destroy(self, request, pk=None):
        listing = self.get_object()
        barter_services.listing_delete(actor=self.caller.actor, listing=listing)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Publish a draft or paused listing", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        listing = barter_services.listing_publish(
            actor=self.caller.actor, listing=self.get_object()
        )
        return self.render(ListingSerializer, listing)

    @extend_schema(summary="Take a published listing off the marketplace", request=None)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        listing = barter_services.listing_pause(actor=self.caller.actor, listing=self.get_object())
        return self.render(ListingSerializer, listing)


# --- Accounts -----------------------------------------------------------------------------------


class StatementQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="First day (local date, included).")
    end = serializers.DateField(required=False, help_text="Last day (local date, included).")

    def _in_range(self, value):
        if value is not None and not 1900 <= value.year <= 9000:
            raise serializers.ValidationError(_("Choose a day between 1900 and 9000."))
        return value

    validate_start = validate_end = _in_range


@extend_schema_view(
    list=extend_schema(summary="The network's accounts"),
    retrieve=extend_schema(summary="Read an account (balance, held, limit)"),
)
class AccountViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Accounts of the network's businesses and the network's own account. Amounts in cents."""

    serializer_class = AccountSerializer
    filterset_class = filters.AccountFilter
    ordering_fields = ["id", "balance", "created_at"]

    def get_queryset(self):
        return Account.objects.filter(network_id__in=self.caller.network_ids).order_by("id")

    @extend_schema(
        summary="An account's statement: its postings, oldest first, with running balance",
        parameters=[StatementQuerySerializer],
        responses=PostingSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def statement(self, request, pk=None):
        account = self.get_object()
        query = StatementQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        postings = ledger_selectors.account_statement(account=account, **query.validated_data)
        page = self.paginate_queryset(postings)
        return self.get_paginated_response(PostingSerializer(page, many=True).data)


# --- Transfers ----------------------------------------------------------------------------------

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "A key you choose for this transfer (1 to 100 printable ASCII characters, e.g. a UUID). "
        "Sending the same key and body again returns the first response, with "
        "`Idempotent-Replayed: true`, and moves nothing; the same key with another body is a "
        "409 `idempotency_conflict`."
    ),
    pattern=r"^[!-~]{1,100}$",
)
REPLAYED_PARAMETER = OpenApiParameter(
    REPLAYED_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    enum=["true"],
    description="Present (`true`) when this is the stored response to an earlier request.",
)


@extend_schema_view(
    list=extend_schema(summary="Transfers between the network's businesses, newest first"),
    retrieve=extend_schema(summary="Read a transfer"),
)
class TransferViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = TransferSerializer
    filterset_class = filters.TransferFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return (
            JournalTransaction.objects.filter(
                network_id__in=self.caller.network_ids, kind=TransactionKind.TRANSFER
            )
            .prefetch_related(
                Prefetch(
                    "postings", queryset=Posting.objects.select_related("account").order_by("pk")
                )
            )
            .order_by("-created_at", "-id")
        )

    def _idempotency_key(self) -> str:
        key = self.request.headers.get(IDEMPOTENCY_HEADER, "")
        if not IDEMPOTENCY_KEY_RE.match(key):
            code = "required" if not key else "invalid"
            raise exceptions.ValidationError(
                {
                    IDEMPOTENCY_HEADER: [
                        exceptions.ErrorDetail(
                            _("Send an %(header)s header: 1 to 100 printable ASCII characters.")
                            % {"header": IDEMPOTENCY_HEADER},
                            code=code,
                        )
                    ]
                }
            )
        return f"api:{self.caller.client.pk}:{key}"

    @extend_schema(
        summary="Transfer credit between two businesses of the network",
        description=(
            "Moves `amount` cents from the payer's account to the payee's. The payer must have "
            "the credit (balance − held + credit limit). Idempotent with `Idempotency-Key`."
        ),
        request=TransferCreateSerializer,
        parameters=[IDEMPOTENCY_PARAMETER, REPLAYED_PARAMETER],
        responses={201: TransferSerializer},
        examples=[
            OpenApiExample(
                "Pay 125.50 credits",
                value={"payer": 42, "payee": 57, "amount": 12550, "memo": "Facture 2026-118"},
                request_only=True,
            ),
            OpenApiExample(
                "The key was used for another body",
                value={
                    "code": "idempotency_conflict",
                    "message": "This idempotency key was already used for a different request; "
                    "use a new key.",
                },
                response_only=True,
                status_codes=["409"],
            ),
            OpenApiExample(
                "Not enough credit",
                value={
                    "code": "insufficient_credit",
                    "message": "Not enough credit on Atelier Dupont (essonne): 1 250,00 crédits "
                    "needed, 300,00 crédits available within the credit limit.",
                },
                response_only=True,
                status_codes=["400"],
            ),
            OpenApiExample(
                "Posted",
                value={
                    "id": 1842,
                    "payer": 42,
                    "payee": 57,
                    "amount": 12550,
                    "fee": 0,
                    "memo": "Facture 2026-118",
                    "created_at": "2026-11-24T10:15:02.118+01:00",
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def create(self, request):
        key = self._idempotency_key()
        fields = self.parse(TransferCreateSerializer)
        payer, payee = fields["payer"], fields["payee"]
        if not barter_selectors.user_is_member(self.caller.actor, payer):
            raise NotAllowed()
        replay = JournalTransaction.objects.filter(idempotency_key=key).exists()
        accounts = {
            account.business_id: account
            for account in Account.objects.filter(
                business_id__in=[payer.pk, payee.pk], network_id=payer.network_id
            )
        }
        errors = {}
        for role, business in (("payer", payer), ("payee", payee)):
            if business.pk not in accounts or (
                not replay and business.status != BusinessStatus.ACTIVE
            ):
                errors[role] = [
                    exceptions.ErrorDetail(
                        _("This business is not active: it cannot take part in a transfer."),
                        code="inactive_business",
                    )
                ]
        if errors:
            raise exceptions.ValidationError(errors)
        result = ledger_services.transfer_post(
            actor=self.caller.actor,
            payer=accounts[payer.pk],
            payee=accounts[payee.pk],
            amount=fields["amount"],
            idempotency_key=key,
            memo=fields["memo"],
        )
        response = self.render(
            TransferSerializer,
            self.get_queryset().get(pk=result.transaction.pk),
            status.HTTP_201_CREATED,
        )
        if result.replayed:
            response[REPLAYED_HEADER] = "true"
        return response


# --- Proposals ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Swap proposals of the network, newest first"),
    retrieve=extend_schema(summary="Read a proposal with its participants and legs"),
)
class ProposalViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Multilateral swaps found by matching. A client answers for a participating business of
    its network: accept or decline; then each giver delivers its leg and each receiver confirms
    it; the last confirmation settles the swap on the ledger."""

    serializer_class = ProposalSerializer
    filterset_class = filters.ProposalFilter
    ordering_fields = ["id", "created_at", "total_value"]

    def get_queryset(self):
        return (
            Proposal.objects.filter(network_id__in=self.caller.network_ids)
            .prefetch_related("participants", "legs")
            .order_by("-created_at", "-id")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action in ("deliver", "confirm"):
            context["proposal"] = self._proposal
        return context

    def _answer(self, serializer_class):
        self._proposal = self.get_object()
        return self._proposal, self.parse(serializer_class)

    def _render_fresh(self, proposal):
        return self.render(ProposalSerializer, self.get_queryset().get(pk=proposal.pk))

    @extend_schema(
        summary="Accept for a participating business",
        request=ProposalAnswerSerializer,
        responses=ProposalSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        proposal, fields = self._answer(ProposalAnswerSerializer)
        matching_services.proposal_accept(
            actor=self.caller.actor, proposal=proposal, business=fields["business"]
        )
        return self._render_fresh(proposal)

    @extend_schema(
        summary="Decline for a participating business (closes the proposal)",
        request=ProposalDeclineSerializer,
        responses=ProposalSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        proposal, fields = self._answer(ProposalDeclineSerializer)
        matching_services.proposal_decline(
            actor=self.caller.actor,
            proposal=proposal,
            business=fields["business"],
            reason=fields["reason"],
        )
        return self._render_fresh(proposal)

    @extend_schema(
        summary="Mark a leg delivered (for its giver)",
        request=ProposalLegActionSerializer,
        responses=ProposalSerializer,
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        proposal, fields = self._answer(ProposalLegActionSerializer)
        matching_services.proposal_leg_deliver(actor=self.caller.actor, leg=fields["leg"])
        return self._render_fresh(proposal)

    @extend_schema(
        summary="Confirm receipt of a leg (for its receiver); the last one settles the swap",
        request=ProposalLegActionSerializer,
        responses=ProposalSerializer,
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        proposal, fields = self._answer(ProposalLegActionSerializer)
        matching_services.proposal_leg_confirm(actor=self.caller.actor, leg=fields["leg"])
        return self._render_fresh(proposal)


# --- Matching runs ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Matching runs of the network, newest first"),
    retrieve=extend_schema(summary="Read a run's status and progress"),
)
class MatchingRunViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = MatchingRunSerializer
    filterset_class = filters.MatchingRunFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return MatchingRun.objects.filter(network_id__in=self.caller.network_ids).order_by(
            "-created_at", "-id"
        )

    @extend_schema(
        summary="Start a matching run for the network",
        description="Queued at once, executed by a worker: poll the run for its progress. "
        "409 `run_already_active` while another run of the network is queued or running.",
        request=None,
        responses={202: MatchingRunSerializer},
    )
    def create(self, request):
        run = matching_services.matching_run_start(
            actor=None, network=self.caller.client.network, trigger="api"
        )
        return self.render(MatchingRunSerializer, run, status.HTTP_202_ACCEPTED)


# --- Webhooks -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The client's webhook endpoints"),
    retrieve=extend_schema(summary="Read a webhook endpoint"),
)
class WebhookEndpointViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """URLs of the client that receive the events they picked, signed (see docs/api.md)."""

    serializer_class = WebhookEndpointSerializer
    permission_classes = [HasScope, IsPartnerClient]
    filter_backends = []

    def get_queryset(self):
        return WebhookEndpoint.objects.filter(client=self.caller.client).order_by("id")

    @extend_schema(
        summary="Register a URL; the answer shows its signing secret, once",
        request=WebhookEndpointCreateSerializer,
        responses={201: WebhookEndpointSecretSerializer},
    )
    def create(self, request):
        fields = self.parse(WebhookEndpointCreateSerializer)
        endpoint = services.webhook_endpoint_create(
            actor=self.caller.actor, client=self.caller.client, **fields
        )
        return self.render(WebhookEndpointSecretSerializer, endpoint, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a webhook endpoint",
        request=WebhookEndpointSerializer,
        responses=WebhookEndpointSerializer,
    )
    def partial_update(self, request, pk=None):
        endpoint = self.get_object()
        fields = self.parse(WebhookEndpointSerializer, partial=True)
        endpoint = services.webhook_endpoint_update(
            actor=self.caller.actor, endpoint=endpoint, **fields
        )
        return self.render(WebhookEndpointSerializer, endpoint)

    @extend_schema(summary="Remove a webhook endpoint and its deliveries", responses={204: None})
    def destroy(self, request, pk=None):
        services.webhook_endpoint_delete(actor=self.caller.actor, endpoint=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Replace the signing secret (the old one stops at once)",
        request=None,
        responses=WebhookEndpointSecretSerializer,
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        endpoint = services.webhook_endpoint_rotate_secret(
            actor=self.caller.actor, endpoint=self.get_object()
        )
        return self.render(WebhookEndpointSecretSerializer, endpoint)

    @extend_schema(
        summary="Send a test `ping` event to this URL",
        request=None,
        responses={202: WebhookDeliverySerializer},
    )
    @action(detail=True, methods=["post"])
    def ping(self, request, pk=None):
        delivery = services.webhook_ping(actor=self.caller.actor, endpoint=self.get_object())
        return self.render(WebhookDeliverySerializer, delivery, status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(summary="The log of the client's webhook deliveries, newest first"),
    retrieve=extend_schema(summary="Read a delivery: status, attempts, last error, body"),
)
class WebhookDeliveryViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = WebhookDeliverySerializer
    permission_classes = [HasScope, IsPartnerClient]
    filterset_class = filters.WebhookDeliveryFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return WebhookDelivery.objects.filter(endpoint__client=self.caller.client).order_by(
            "-created_at", "-id"
        )

    @extend_schema(
        summary="Send this delivery's event again (a new delivery)",
        request=None,
        responses={202: WebhookDeliverySerializer},
    )
    @action(detail=True, methods=["post"])
    def replay(self, request, pk=None):
        delivery = services.webhook_delivery_replay(
            actor=self.caller.actor, delivery=self.get_object()
        )
        return self.render(WebhookDeliverySerializer, delivery, status.HTTP_202_ACCEPTED)
