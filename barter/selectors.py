"""Reads of the marketplace: who may do what, the marketplace search, the directory, the map.

Object-level permission rules live here, in one place: a business's private data and its
drafts are visible to its members and to the coordinators of its network only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Count, Q, QuerySet

from .geo import bounding_box, distance_expression
from .models import (
    CLASSIC_KINDS,
    SOCIAL_ECONOMY_KINDS,
    Business,
    BusinessStatus,
    Category,
    Listing,
    ListingStatus,
    Membership,
    Network,
    Purchase,
    PurchaseStatus,
)

User = AbstractBaseUser | AnonymousUser

# --- Permissions --------------------------------------------------------------------------------


def user_is_member(user: User, business: Business) -> bool:
    """True when the user belongs to the business (any role), or is a delegate of its network
    (a partner network's API client acting for the network's businesses)."""
    if not user.is_authenticated:
        return False
    if Membership.objects.filter(user=user, business=business).exists():
        return True
    return Network.delegates.through.objects.filter(
        network_id=business.network_id, user_id=user.pk
    ).exists()


def user_is_coordinator(user: User, network: Network) -> bool:
    """True for a coordinator of the network, and for platform administrators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return network.coordinators.filter(pk=user.pk).exists()


def user_businesses(user: User) -> QuerySet[Business]:
    """The businesses the user is a member of."""
    if not user.is_authenticated:
        return Business.objects.none()
    return Business.objects.filter(memberships__user=user).select_related("network")


def user_coordinated_networks(user: User) -> QuerySet[Network]:
    """The networks the user coordinates (all of them for a platform administrator)."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(coordinators=user)


def user_is_any_coordinator(user: User) -> bool:
    return user_coordinated_networks(user).exists()


def user_current_business(user: User, preferred_id: int | None = None) -> Business | None:
    """The business the user acts for: the preferred one if they belong to it, else their first."""
    businesses = user_businesses(user).order_by("memberships__created_at", "pk")
    if preferred_id is not None:
        chosen = businesses.filter(pk=preferred_id).first()
        if chosen:
            return chosen
    return businesses.first()


def listings_managed_by(user: User) -> QuerySet[Listing]:
    """Listings the user may edit: those of the businesses they are a member of."""
    if not user.is_authenticated:
        return Listing.objects.none()
    return Listing.objects.filter(business__memberships__user=user).select_related(
        "business", "category"
    )


def listing_visible_to(user: User) -> QuerySet[Listing]:
    """Listings the user may see: published ones of active businesses, plus their own, plus all of
    the networks they coordinate."""
    visible = Q(status=ListingStatus.ACTIVE, business__status=BusinessStatus.ACTIVE)
    if user.is_authenticated:
        visible |= Q(business__memberships__user=user)
        visible |= Q(business__network__in=user_coordinated_networks(user))
    return (
        Listing.objects.filter(visible)
        .distinct()
        .select_related("business", "business__network", "category")
    )


def business_visible_to(user: User) -> QuerySet[Business]:
    """Businesses the user may see: active ones, plus their own, plus those they coordinate."""
    visible = Q(status=BusinessStatus.ACTIVE)
    if user.is_authenticated:
        visible |= Q(memberships__user=user)
        visible |= Q(network__in=user_coordinated_networks(user))
    return Business.objects.filter(visible).distinct().select_related("network")


# --- Categories ---------------------------------------------------------------------------------


def category_tree() -> list[tuple[Category, list[Category]]]:
    """Root categories with their children, in display order."""
    categories = list(Category.objects.all())
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    return [(root, children.get(root.pk, [])) for root in children.get(None, [])]


def category_descendant_ids(category: Category | int) -> set[int]:
    """The category's id and the ids of all categories under it."""
    root_id = category if isinstance(category, int) else category.pk
    by_parent: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        by_parent.setdefault(parent_id, []).append(pk)
    found, stack = set(), [root_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(by_parent.get(current, []))
    return found


def category_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Grouped choices for a select: each root with itself (all of it) and its leaves."""
    return [
        (root.name, [(root.pk, root.name), *[(child.pk, child.name) for child in kids]])
        for root, kids in category_tree()
    ]


# --- The marketplace ----------------------------------------------------------------------------


def listing_marketplace() -> QuerySet[Listing]:
    """Every listing on the marketplace: published, with units left, of an active business."""
    return Listing.objects.filter(
        status=ListingStatus.ACTIVE, business__status=BusinessStatus.ACTIVE, quantity__gte=1
    ).select_related("business", "business__network", "category")


def listing_filter_text(queryset: QuerySet[Listing], text: str) -> QuerySet[Listing]:
    """Keep the listings matching a free-text query, best matches first.

    PostgreSQL: French full-text search (stemming, stop words) on title and description,
    ranked, served by a GIN index. Elsewhere: every word must appear in the title or description.
    """
    text = (text or "").strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, config="french", search_type="websearch")
        vector = listing_search_vector()
        return (
            queryset.annotate(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-published_at", "-pk")
        )
    for word in text.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset


def listing_search_vector():
    """The weighted French tsvector of a listing; the GIN index listing_search_fr indexes exactly
    this expression (see migration barter 0003)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", weight="A", config="french") + SearchVector(
        "description", weight="B", config="french"
    )


def listing_filter_business_kind(
    queryset: QuerySet, family: str, prefix: str = "business__"
) -> QuerySet:
    """Keep the social-economy ('ess') or classic ('classic') businesses' rows."""
    kinds = {"ess": SOCIAL_ECONOMY_KINDS, "classic": CLASSIC_KINDS}.get(family)
    if kinds is None:
        return queryset
    return queryset.filter(**{f"{prefix}kind__in": [k.value for k in kinds]})


def filter_within_distance(
    queryset: QuerySet,
    *,
    origin: tuple[float, float],
    km: float,
    prefix: str = "",
    include_remote: bool = False,
) -> QuerySet:
    """Keep the rows whose business lies within `km` of origin (lat, lon), nearest first; with
    include_remote, listings deliverable at a distance are kept wherever they are."""
    lat, lon = origin
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, km)
    near = Q(
        **{
            f"{prefix}latitude__range": (min_lat, max_lat),
            f"{prefix}longitude__range": (min_lon, max_lon),
        }
    )
    distance = distance_expression(lat, lon, f"{prefix}latitude", f"{prefix}longitude")
    queryset = queryset.annotate(distance_km=distance)
    within = near & Q(distance_km__lte=km)
    if include_remote:
        within |= Q(is_remote=True)
    return queryset.filter(within)


def listing_counts_by_kind(queryset: QuerySet[Listing]) -> dict[str, int]:
    return dict(queryset.order_by().values_list("kind").annotate(n=Count("pk")))


# --- Directory and map --------------------------------------------------------------------------


def business_directory() -> QuerySet[Business]:
    """Active businesses with their number of published listings."""
    return (
        Business.objects.filter(status=BusinessStatus.ACTIVE)
        .select_related("network")
        .annotate(
            published_listings=Count("listings", filter=Q(listings__status=ListingStatus.ACTIVE))
        )
        .order_by("legal_name", "pk")
    )


def business_map_points(businesses: Iterable[Business]) -> list[dict]:
    """The data the map needs: one point per located business."""
    return [
        {
            "id": b.pk,
            "name": b.legal_name,
            "commune": b.commune,
            "lat": b.latitude,
            "lon": b.longitude,
            "ess": b.is_social_economy,
            "url": b.get_absolute_url(),
        }
        for b in businesses
        if b.has_location
    ]


# --- Coordination -------------------------------------------------------------------------------


def coordination_pending_businesses(user: User) -> QuerySet[Business]:
    """Businesses awaiting approval in the networks the user coordinates, oldest first."""
    return (
        Business.objects.filter(
            network__in=user_coordinated_networks(user), status=BusinessStatus.PENDING
        )
        .select_related("network")
        .prefetch_related("memberships__user")
        .order_by("created_at")
    )


def coordination_businesses(user: User) -> QuerySet[Business]:
    """Every business of the networks the user coordinates."""
    return Business.objects.filter(network__in=user_coordinated_networks(user)).select_related(
        "network"
    )


def coordination_listings(user: User) -> QuerySet[Listing]:
    """Every listing of the networks the user coordinates."""
    return Listing.objects.filter(
        business__network__in=user_coordinated_networks(user)
    ).select_related("business", "category")


def page_size() -> int:
    return settings.CYCLOTROC_PAGE_SIZE


# --- Purchases ----------------------------------------------------------------------------------


def purchases_visible_to(user: User) -> QuerySet[Purchase]:
    """Purchases the user may see: those of their businesses (as buyer or seller) and all those of
    the networks they coordinate."""
    if not user.is_authenticated:
        return Purchase.objects.none()
    visible = Q(buyer__memberships__user=user) | Q(seller__memberships__user=user)
    visible |= Q(network__in=user_coordinated_networks(user))
    return (
        Purchase.objects.filter(visible)
        .distinct()
        .select_related("listing", "buyer", "seller", "network", "hold", "settlement")
    )


def purchases_of(business: Business, *, role: str = "all") -> QuerySet[Purchase]:
    """The business's purchases ('buyer'), sales ('seller') or both, newest first."""
    scope = {"buyer": Q(buyer=business), "seller": Q(seller=business)}.get(
        role, Q(buyer=business) | Q(seller=business)
    )
    return Purchase.objects.filter(scope).select_related("listing", "buyer", "seller")


def coordination_disputes(user: User) -> QuerySet[Purchase]:
    """Open disputes in the networks the user coordinates, oldest first."""
    return (
        Purchase.objects.filter(
            network__in=user_coordinated_networks(user), status=PurchaseStatus.DISPUTED
        )
        .select_related("listing", "buyer", "seller", "network")
        .order_by("updated_at")
    )


def purchase_can_request(user: User, business: Business | None, listing: Listing) -> bool:
    """Whether to offer the "buy" form: an active business of the listing's network, not its own
    offer, an offer with units left."""
    return bool(
        business
        and user.is_authenticated
        and business.status == BusinessStatus.ACTIVE
        and listing.kind == "offer"
        and listing.status == ListingStatus.ACTIVE
        and listing.quantity >= 1
        and listing.business_id != business.pk
        and listing.business.network_id == business.network_id
    )
