"""Report: the offers and wants on the marketplace per category, the wants no settled swap has
met (what the territory lacks), and the unused assets put back to use in the period."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce

from barter.models import (
    BusinessStatus,
    Category,
    Listing,
    ListingKind,
    ListingNature,
    ListingStatus,
)
from matching.models import ProposalLeg, ProposalStatus

from ..periods import Period
from .lines import lines_sql
from .shared import as_int, fetch_all


@dataclass
class CategoryRow:
    category_id: int
    name: str
    offers: int = 0
    wants: int = 0
    unmet_wants: int = 0
    unmet_budget: int = 0
    assets_reused: int = 0
    asset_exchanges: int = 0
    asset_volume: int = 0


@dataclass
class ListingsReport:
    by_root: list[CategoryRow]
    unmet_by_category: list[CategoryRow]  # leaf categories with unmet wants, most first
    total: CategoryRow


def _root(path: str = "category"):
    """The root of a listing's category (the tree has two levels)."""
    return Coalesce(f"{path}__parent_id", f"{path}_id")


def marketplace_listings(network_ids) -> QuerySet[Listing]:
    """Listings on the networks' marketplace now: published, with units left, of an active
    member."""
    return Listing.objects.filter(
        business__network_id__in=network_ids,
        business__status=BusinessStatus.ACTIVE,
        status=ListingStatus.ACTIVE,
        quantity__gte=1,
    ).order_by()


def unmet_wants(network_ids) -> QuerySet[Listing]:
    """Wants on the marketplace that no settled swap has met."""
    return (
        marketplace_listings(network_ids)
        .filter(kind=ListingKind.WANT)
        .exclude(
            Exists(
                ProposalLeg.objects.filter(
                    want=OuterRef("pk"), proposal__status=ProposalStatus.SETTLED
                )
            )
        )
    )


def listings_report(network_ids, period: Period) -> ListingsReport:
    """Offers and wants on the marketplace now, per root category; the wants no settled swap
    has met (per category: what the territory lacks); unused assets put back to use in the
    period (sold or given in an exchange settled in it)."""
    categories = {c.pk: c for c in Category.objects.all()}
    rows: dict[int, CategoryRow] = {}

    def row(pk: int) -> CategoryRow:
        if pk not in rows:
            rows[pk] = CategoryRow(pk, categories[pk].name)
        return rows[pk]

    for root, kind, n in (
        marketplace_listings(network_ids)
        .annotate(root=_root())
        .values_list("root", "kind")
        .annotate(n=Count("pk"))
    ):
        if kind == ListingKind.OFFER:
            row(root).offers += n
        else:
            row(root).wants += n

    leaves: dict[int, CategoryRow] = {}
    for category_id, n, budget in (
        unmet_wants(network_ids).values_list("category_id").annotate(n=Count("pk"), b=Sum("value"))
    ):
        root = categories[category_id].parent_id or category_id
        row(root).unmet_wants += n
        row(root).unmet_budget += as_int(budget)
        name = categories[category_id].name
        if root != category_id:
            name = f"{categories[root].name} › {name}"
        leaf = leaves.setdefault(category_id, CategoryRow(category_id, name))
        leaf.unmet_wants += n
        leaf.unmet_budget += as_int(budget)

    lines, params = lines_sql(network_ids, period.start_at, period.end_at)
    listing, category = Listing._meta.db_table, Category._meta.db_table
    for root, exchanges, volume, listings in fetch_all(
        f"WITH lines AS ({lines}) SELECT COALESCE(c.parent_id, c.id), COUNT(*), "  # noqa: S608
        f"SUM(lines.value), COUNT(DISTINCT lines.item_id) FROM lines "
        f"JOIN {listing} li ON li.id = lines.item_id JOIN {category} c ON c.id = li.category_id "
        "WHERE li.nature = %s GROUP BY 1",
        [*params, ListingNature.ASSET],
    ):
        r = row(root)
        r.asset_exchanges, r.asset_volume, r.assets_reused = exchanges, as_int(volume), listings

    ordered = sorted(rows.values(), key=lambda r: (categories[r.category_id].position, r.name))
    total = CategoryRow(0, "")
    for r in ordered:
        for name in (
            "offers",
            "wants",
            "unmet_wants",
            "unmet_budget",
            "assets_reused",
            "asset_exchanges",
            "asset_volume",
        ):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    return ListingsReport(
        by_root=ordered,
        unmet_by_category=sorted(leaves.values(), key=lambda r: (-r.unmet_wants, r.name)),
        total=total,
    )
