"""The API's query filters (django-filter). Every filter narrows a queryset already scoped to the
caller's network. Ids are bounded integers: anything else is a 400, never a database error."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

from barter import selectors as barter_selectors
from barter.filters import FAMILY_CHOICES
from barter.models import (
    Business,
    BusinessStatus,
    Listing,
    ListingKind,
    ListingNature,
    ListingStatus,
    Sector,
)
from ledger.models import Account, AccountKind, JournalTransaction
from matching.models import MatchingRun, Proposal, ProposalStatus, RunStatus

from .models import DeliveryStatus, WebhookDelivery
from .services import WEBHOOK_EVENTS

MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC: PostgreSQL refuses offsets beyond ±15:59."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(dt.UTC)
        except (OverflowError, ValueError) as exc:
            raise forms.ValidationError(_("Enter a date-time between years 1 and 9999.")) from exc


class DateTimeSinceFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)


class TextFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


class BusinessFilter(django_filters.FilterSet):
    search = TextFilter(method="filter_search", help_text=_("Words of the name, commune or SIRET."))
    status = django_filters.ChoiceFilter(choices=BusinessStatus.choices)
    family = django_filters.ChoiceFilter(
        choices=FAMILY_CHOICES,
        method="filter_family",
        help_text=_("ess: social and solidarity economy; classic: the others."),
    )
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    siret = TextFilter(field_name="siret", max_length=14)
    updated_since = DateTimeSinceFilter(
        field_name="updated_at", help_text=_("Changed at or after (ISO 8601).")
    )

    class Meta:
        model = Business
        fields = ["search", "status", "family", "sector", "siret", "updated_since"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(legal_name__icontains=word)
                | Q(commune__icontains=word)
                | Q(siret__startswith=word)
            )
        return queryset

    def filter_family(self, queryset, name, value):
        return barter_selectors.listing_filter_business_kind(queryset, value, prefix="")


class ListingFilter(django_filters.FilterSet):
    search = TextFilter(
        method="filter_search",
        help_text=_(
            "Full-text search of titles and descriptions (French stemming on PostgreSQL), best "
            "matches first unless `ordering` is given."
        ),
    )
    kind = django_filters.ChoiceFilter(choices=ListingKind.choices)
    nature = django_filters.ChoiceFilter(choices=ListingNature.choices)
    status = django_filters.ChoiceFilter(choices=ListingStatus.choices)
    business = IdFilter(field_name="business_id")
    category = IdFilter(method="filter_category", help_text=_("A category and those under it."))
    family = django_filters.ChoiceFilter(
        choices=FAMILY_CHOICES,
        method="filter_family",
        help_text=_("ess: listings of social-economy businesses; classic: of the others."),
    )
    updated_since = DateTimeSinceFilter(
        field_name="updated_at", help_text=_("Changed at or after (ISO 8601).")
    )

    class Meta:
        model = Listing
        fields = [
            "search",
            "kind",
            "nature",
            "status",
            "business",
            "category",
            "family",
            "updated_since",
        ]

    def filter_search(self, queryset, name, value):
        return barter_selectors.listing_filter_text(queryset, value)

    def filter_category(self, queryset, name, value):
        return queryset.filter(category_id__in=barter_selectors.category_descendant_ids(value))

    def filter_family(self, queryset, name, value):
        return barter_selectors.listing_filter_business_kind(queryset, value)


class AccountFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AccountKind.choices)
    business = IdFilter(field_name="business_id")

    class Meta:
        model = Account
        fields = ["kind", "business"]


class StatementFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(
        method="keep", help_text=_("First day (local date, included).")
    )
    end = django_filters.DateFilter(method="keep", help_text=_("Last day (local date, included)."))

    class Meta:
        model = Account
        fields = ["start", "end"]

    def keep(self, queryset, name, value):
        return queryset


class TransferFilter(django_filters.FilterSet):
    business = IdFilter(
        method="filter_business", help_text=_("Transfers paid or received by this business.")
    )
    since = DateTimeSinceFilter(field_name="created_at", help_text=_("Posted at or after."))

    class Meta:
        model = JournalTransaction
        fields = ["business", "since"]

    def filter_business(self, queryset, name, value):
        return queryset.filter(postings__account__business_id=value).distinct()


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    business = IdFilter(
        method="filter_business", help_text=_("Proposals this business takes part in.")
    )
    run = IdFilter(field_name="run_id")

    class Meta:
        model = Proposal
        fields = ["status", "business", "run"]

    def filter_business(self, queryset, name, value):
        return queryset.filter(participants__business_id=value).distinct()


class MatchingRunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RunStatus.choices)

    class Meta:
        model = MatchingRun
        fields = ["status"]


class WebhookDeliveryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    event = django_filters.ChoiceFilter(choices=[(e, e) for e in WEBHOOK_EVENTS])
    endpoint = IdFilter(field_name="endpoint_id")

    class Meta:
        model = WebhookDelivery
        fields = ["status", "event", "endpoint"]


class StableOrderingFilter(OrderingFilter):
    """`?ordering=-value,title`, always ending with the id: pages never repeat or skip a row."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering = [*ordering, "-id" if ordering[-1].startswith("-") else "id"]
        return ordering
