"""Report: one business's own page, what it bought, sold and swapped in the period, its cash
preserved and its balance day by day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Max, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from barter.models import Business, Purchase
from ledger.models import Account, AccountKind, Posting, TransactionKind
from matching.models import ProposalLeg

from ..periods import Period
from .cash import BusinessFlows, business_flows
from .lines import reversed_transactions
from .shared import as_int


def settled_purchases(
    network_ids, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[Purchase]:
    """Direct purchases settled between start (inclusive) and end (exclusive), not reversed."""
    return _settled(
        Purchase.objects, "settlement", TransactionKind.PURCHASE, network_ids, start, end
    )


def settled_legs(
    network_ids, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[ProposalLeg]:
    """Legs of the swaps settled between start (inclusive) and end (exclusive), not reversed."""
    return _settled(
        ProposalLeg.objects, "proposal__settlement", TransactionKind.SWAP, network_ids, start, end
    )


def _settled(rows, settlement: str, kind: str, network_ids, start, end) -> QuerySet:
    """The rows whose settling transaction (the path `settlement`) is of `kind`, in the
    networks, between start and end (either may be None), and not reversed."""
    rows = rows.filter(
        **{f"{settlement}__network_id__in": network_ids, f"{settlement}__kind": kind}
    )
    if start is not None:
        rows = rows.filter(**{f"{settlement}__created_at__gte": start})
    if end is not None:
        rows = rows.filter(**{f"{settlement}__created_at__lt": end})
    if reversed_ids := reversed_transactions(network_ids):
        rows = rows.exclude(**{f"{settlement}_id__in": reversed_ids})
    return rows.order_by()


@dataclass
class BusinessReport:
    business: Business
    flows: BusinessFlows
    purchases: list[dict]  # the purchases and sales, newest first
    legs: list[dict]  # the swap legs given or received, newest first
    opening_balance: int
    closing_balance: int
    balance_points: list[tuple[date, int]]  # end-of-day balance on the days it moved


def business_report(business: Business, period: Period, *, limit: int = 200) -> BusinessReport:
    """What the business bought, sold and swapped in the period, its cash preserved, and its
    balance day by day (from the running balances of its account)."""
    network_ids = [business.network_id]
    flows = business_flows(network_ids, period, business_ids=[business.pk]).get(
        business.pk, BusinessFlows(business.pk, business.legal_name, business.kind)
    )
    purchases = list(
        settled_purchases(network_ids, period.start_at, period.end_at)
        .filter(Q(buyer=business) | Q(seller=business))
        .order_by("-settlement__created_at", "-pk")
        .values(
            "pk",
            "buyer_id",
            "seller_id",
            "quantity",
            "total",
            "commission",
            at=F("settlement__created_at"),
            buyer_name=F("buyer__legal_name"),
            seller_name=F("seller__legal_name"),
            title=F("listing__title"),
        )[:limit]
    )
    legs = list(
        settled_legs(network_ids, period.start_at, period.end_at)
        .filter(Q(giver=business) | Q(receiver=business))
        .order_by("-proposal__settlement__created_at", "-pk")
        .values(
            "pk",
            "proposal_id",
            "giver_id",
            "receiver_id",
            "value",
            at=F("proposal__settlement__created_at"),
            giver_name=F("giver__legal_name"),
            receiver_name=F("receiver__legal_name"),
            title=F("offer__title"),
        )[:limit]
    )
    account = Account.objects.filter(
        business=business, network_id=business.network_id, kind=AccountKind.BUSINESS
    ).first()
    opening = closing = 0
    points: list[tuple[date, int]] = []
    if account is not None:
        opening = as_int(
            account.postings.filter(transaction__created_at__lt=period.start_at).aggregate(
                s=Sum("amount")
            )["s"]
        )
        in_period = account.postings.filter(
            transaction__created_at__gte=period.start_at,
            transaction__created_at__lt=period.end_at,
        ).order_by()
        last_of_day = (
            in_period.annotate(
                day=TruncDate("transaction__created_at", tzinfo=timezone.get_current_timezone())
            )
            .values("day")
            .annotate(last=Max("pk"))
            .values("last")
        )
        points = list(
            Posting.objects.filter(pk__in=Subquery(last_of_day))
            .annotate(
                day=TruncDate("transaction__created_at", tzinfo=timezone.get_current_timezone())
            )
            .order_by("day", "pk")
            .values_list("day", "balance_after")
        )
        closing = points[-1][1] if points else opening
    return BusinessReport(
        business=business,
        flows=flows,
        purchases=purchases,
        legs=legs,
        opening_balance=opening,
        closing_balance=closing,
        balance_points=points,
    )
