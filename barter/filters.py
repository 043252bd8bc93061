"""The marketplace and directory filters (django-filter), shared by the web pages and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import (
    Business,
    Listing,
    ListingKind,
    ListingNature,
    Network,
)

FAMILY_CHOICES = [("ess", _("Social and solidarity economy")), ("classic", _("Classic business"))]
DISTANCE_CHOICES = [(5, _("5 km")), (10, _("10 km")), (25, _("25 km")), (50, _("50 km"))]


class CategoryWithDescendantsFilter(django_filters.ChoiceFilter):
    """A category and every category under it; choices grouped by root category."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(
            **{f"{self.field_name}__in": selectors.category_descendant_ids(int(value))}
        )


class ListingFilter(django_filters.FilterSet):
    """Filters of the marketplace. `origin` (lat, lon) enables the distance filter."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. website, room, van")}
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Offers or wants"), choices=ListingKind.choices, empty_label=_("Offers and wants")
    )
    category = CategoryWithDescendantsFilter(label=_("Category"), empty_label=_("All categories"))
    nature = django_filters.ChoiceFilter(
        label=_("Nature"), choices=ListingNature.choices, empty_label=_("All natures")
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        field_name="business__network",
        queryset=Network.objects.all(),
        to_field_name="slug",
        empty_label=_("All territories"),
    )
    family = django_filters.ChoiceFilter(
        label=_("Type of business"),
        choices=FAMILY_CHOICES,
        method="filter_family",
        empty_label=_("All businesses"),
    )
    distance = django_filters.ChoiceFilter(
        label=_("Distance from my business"),
        choices=DISTANCE_CHOICES,
        method="filter_distance",
        empty_label=_("Any distance"),
    )

    class Meta:
        model = Listing
        fields = ["q", "kind", "category", "nature", "network", "family", "distance"]

    def __init__(self, *args, origin: tuple[float, float] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.origin = origin
        self.filters["category"].extra["choices"] = selectors.category_choices()
        if origin is None:
            self.filters["distance"].field.disabled = True
            self.filters["distance"].field.help_text = _(
                "Available once your business has a location."
            )

    def filter_text(self, queryset, name, value):
        return selectors.listing_filter_text(queryset, value)

    def filter_family(self, queryset, name, value):
        return selectors.listing_filter_business_kind(queryset, value)

    def filter_distance(self, queryset, name, value):
        if not value or self.origin is None:
            return queryset
        return selectors.filter_within_distance(
            queryset, origin=self.origin, km=int(value), prefix="business__", include_remote=True
        )


class BusinessFilter(django_filters.FilterSet):
    """Filters of the directory of businesses."""

    q = django_filters.CharFilter(label=_("Name or commune"), method="filter_text")
    network = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        empty_label=_("All territories"),
    )
    family = django_filters.ChoiceFilter(
        label=_("Type of business"),
        choices=FAMILY_CHOICES,
        method="filter_family",
        empty_label=_("All businesses"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=Business._meta.get_field("sector").choices,
        empty_label=_("All sectors"),
    )

    class Meta:
        model = Business
        fields = ["q", "network", "family", "sector"]

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(legal_name__icontains=word) | Q(commune__icontains=word))
        return queryset

    def filter_family(self, queryset, name, value):
        return selectors.listing_filter_business_kind(queryset, value, prefix="")
