"""Reads of the ledger: accounts, statements, the accounts near their limit, the invariants."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    Account,
    AccountKind,
    AuditEntry,
    Hold,
    HoldStatus,
    Invoice,
    JournalTransaction,
    Posting,
)


def account_of(business) -> Account | None:
    """The business's account in its network, if opened."""
    return Account.objects.filter(business=business, network_id=business.network_id).first()


def account_holds(account: Account) -> QuerySet[Hold]:
    return account.holds.filter(status=HoldStatus.ACTIVE).order_by("-created_at")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def account_statement(
    *, account: Account, start: date | None = None, end: date | None = None
) -> QuerySet[Posting]:
    """The account's postings, oldest first, each with its transaction and running balance
    (balance_after), between start and end inclusive (local dates)."""
    postings = (
        account.postings.select_related("transaction")
        .prefetch_related(
            Prefetch(
                "transaction__postings",
                queryset=Posting.objects.select_related("account__business").order_by("pk"),
                to_attr="all_legs",
            )
        )
        .order_by("pk")
    )
    if start:
        postings = postings.filter(transaction__created_at__gte=_day_start(start))
    if end:
        postings = postings.filter(
            transaction__created_at__lt=_day_start(end) + timezone.timedelta(days=1)
        )
    return postings


def posting_counterparties(posting: Posting) -> list[str]:
    """Names of the other accounts of the posting's transaction (from account_statement's
    prefetch)."""
    names = []
    for leg in getattr(posting.transaction, "all_legs", []):
        if leg.account_id == posting.account_id:
            continue
        names.append(str(leg.account.business) if leg.account.business_id else str(leg.account))
    return names


def statement_opening_balance(*, account: Account, start: date | None) -> int:
    """The balance just before `start` (0 without a start)."""
    if not start:
        return 0
    last = (
        account.postings.filter(transaction__created_at__lt=_day_start(start))
        .order_by("-pk")
        .values_list("balance_after", flat=True)
        .first()
    )
    return last or 0


def accounts_near_limit(*, networks, ratio: float = 0.8) -> QuerySet[Account]:
    """Business accounts that use at least `ratio` of their credit limit (or have no limit and a
    negative balance), most used first."""
    threshold = Q(balance__lte=F("held") - F("credit_limit") * ratio)
    return (
        Account.objects.filter(network__in=networks, kind=AccountKind.BUSINESS)
        .filter(threshold & Q(balance__lt=F("held")) | Q(credit_limit=0, balance__lt=0))
        .select_related("business", "network")
        .order_by("balance")
    )


@dataclass
class VerifyReport:
    """What ledger_verify found: figures per network, and every violation as a sentence."""

    accounts: int = 0
    transactions: int = 0
    postings: int = 0
    active_holds: int = 0
    networks: dict[str, int] = field(default_factory=dict)  # network slug -> sum of balances
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def ledger_verify() -> VerifyReport:
    """Recompute every balance from its postings and check every invariant of the ledger.

    Database aggregation only: sum of balances per network = 0; each transaction has >= 2
    postings summing to 0; each cached balance = sum of its postings and each running balance
    continues its chain; each cached `held` = sum of active holds; no balance beyond its limits;
    posted holds point to a transaction, others do not.
    """
    report = VerifyReport(
        accounts=Account.objects.count(),
        transactions=JournalTransaction.objects.count(),
        postings=Posting.objects.count(),
        active_holds=Hold.objects.filter(status=HoldStatus.ACTIVE).count(),
    )
    v = report.violations

    for row in (
        Account.objects.values("network__slug")
        .annotate(total=Sum("balance"))
        .order_by("network__slug")
    ):
        report.networks[row["network__slug"]] = row["total"]
        if row["total"] != 0:
            v.append(f"network {row['network__slug']}: balances sum to {row['total']}, not 0")

    unbalanced = (
        JournalTransaction.objects.annotate(
            n=Count("postings"), total=Coalesce(Sum("postings__amount"), 0)
        )
        .filter(Q(n__lt=2) | ~Q(total=0))
        .values_list("pk", "n", "total")
    )
    for pk, n, total in unbalanced:
        v.append(f"transaction #{pk}: {n} posting(s) summing to {total}")

    posting_sum = Subquery(
        Posting.objects.filter(account=OuterRef("pk"))
        .order_by()
        .values("account")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    held_sum = Subquery(
        Hold.objects.filter(account=OuterRef("pk"), status=HoldStatus.ACTIVE)
        .order_by()
        .values("account")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    accounts = Account.objects.annotate(
        postings_total=Coalesce(posting_sum, 0), holds_total=Coalesce(held_sum, 0)
    )
    for a in accounts.filter(~Q(balance=F("postings_total"))).values(
        "pk", "balance", "postings_total"
    ):
        v.append(
            f"account #{a['pk']}: cached balance {a['balance']} "
            f"but postings sum to {a['postings_total']}"
        )
    for a in accounts.filter(~Q(held=F("holds_total"))).values("pk", "held", "holds_total"):
        v.append(
            f"account #{a['pk']}: cached held {a['held']} "
            f"but active holds sum to {a['holds_total']}"
        )
    for a in Account.objects.filter(balance__lt=-F("credit_limit")).values(
        "pk", "balance", "credit_limit"
    ):
        v.append(f"account #{a['pk']}: balance {a['balance']} below its limit -{a['credit_limit']}")
    for a in Account.objects.filter(balance__lt=F("held") - F("credit_limit")).values("pk"):
        v.append(f"account #{a['pk']}: holds exceed the available credit")
    for a in Account.objects.filter(max_balance__isnull=False, balance__gt=F("max_balance")).values(
        "pk"
    ):
        v.append(f"account #{a['pk']}: balance above its maximum")

    chain = Posting.objects.annotate(
        running=Window(Sum("amount"), partition_by=[F("account_id")], order_by=F("id").asc())
    ).values_list("pk", "account_id", "balance_after", "running")
    broken = [row for row in chain.iterator(chunk_size=5000) if row[2] != row[3]]
    for pk, account_id, after, running in broken[:100]:
        v.append(
            f"posting #{pk} (account #{account_id}): balance_after {after}, running sum {running}"
        )
    if len(broken) > 100:
        v.append(f"… and {len(broken) - 100} more postings with a broken running balance")

    if (
        Hold.objects.filter(status=HoldStatus.POSTED, transaction__isnull=True).exists()
        or Hold.objects.filter(~Q(status=HoldStatus.POSTED), transaction__isnull=False).exists()
    ):
        v.append("holds: a posted hold lacks its transaction, or an open one has one")
    return report


# --- The web pages' reads -----------------------------------------------------------------------
#
# Permission-scoped: a page fetches its objects through these, so another business's or another
# network's object is a 404, never someone else's data.


def account_latest_postings(account: Account, limit: int = 10) -> list[Posting]:
    """The account's last `limit` postings, newest first, prefetched like account_statement."""
    return list(account_statement(account=account).order_by("-pk")[:limit])


def account_holds_detailed(account: Account) -> QuerySet[Hold]:
    """The account's active holds, newest first, with the purchase each one reserves for."""
    return account_holds(account).select_related("purchase", "purchase__listing")


def transactions_reversed(transaction_ids) -> set[int]:
    """Which of these transactions already have a reversal."""
    return set(
        JournalTransaction.objects.filter(reverses_id__in=list(transaction_ids)).values_list(
            "reverses_id", flat=True
        )
    )


def _coordinated_networks(user):
    from barter.selectors import user_coordinated_networks

    return user_coordinated_networks(user)


def coordination_accounts(user) -> QuerySet[Account]:
    """Every account (business and network) of the networks the user coordinates."""
    return Account.objects.filter(network__in=_coordinated_networks(user)).select_related(
        "business", "network"
    )


def accounts_large_balance(*, networks, ratio: float = 0.5) -> QuerySet[Account]:
    """Business accounts holding a large positive balance: at least `ratio` of their credit limit
    (any positive balance when the limit is 0) — credit accumulated and not spent."""
    return (
        Account.objects.filter(network__in=networks, kind=AccountKind.BUSINESS, balance__gt=0)
        .filter(balance__gte=F("credit_limit") * ratio)
        .select_related("business", "network")
        .order_by("-balance")
    )


def coordination_transactions(user) -> QuerySet[JournalTransaction]:
    """Journal transactions of the networks the user coordinates, with their legs."""
    return (
        JournalTransaction.objects.filter(network__in=_coordinated_networks(user))
        .select_related("network", "actor", "reverses")
        .prefetch_related(
            Prefetch(
                "postings",
                queryset=Posting.objects.select_related(
                    "account__business", "account__network"
                ).order_by("pk"),
            )
        )
    )


def coordination_audit_entries(user) -> QuerySet:
    """The ledger's audit log of the networks the user coordinates, newest first."""
    return AuditEntry.objects.filter(network__in=_coordinated_networks(user)).select_related(
        "network", "actor", "account__business", "account__network", "transaction"
    )


def invoices_visible_to(user) -> QuerySet:
    """Invoices the user may read: those issued or received by their businesses, and every
    invoice of the networks they coordinate."""
    if not user.is_authenticated:
        return Invoice.objects.none()
    visible = (
        Q(seller__memberships__user=user)
        | Q(buyer__memberships__user=user)
        | Q(network__in=_coordinated_networks(user))
    )
    return (
        Invoice.objects.filter(visible)
        .distinct()
        .select_related("seller", "buyer", "network", "transaction")
    )


def invoices_of(business, *, role: str) -> QuerySet:
    """The invoices the business issued ('issued', as seller) or received ('received'), newest
    first."""
    scope = Q(seller=business) if role == "issued" else Q(buyer=business)
    return Invoice.objects.filter(scope).select_related("seller", "buyer")
