"""The mutual-credit ledger: accounts, journal transactions, postings, holds, audit log.

Amounts are integer cents of barter credit (1 credit = 1 euro). Journal transactions and postings
are append-only. The invariants are enforced by the database (check constraints here; on
PostgreSQL also the triggers of migration ledger/0002) as well as by ledger/services.py, the only
code that writes these tables.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    BUSINESS = "business", _("Business account")
    NETWORK = "network", _("Network account (fees and adjustments)")


class Account(models.Model):
    """A business's account in its network's currency, or the network's own account.

    `balance` and `held` are caches maintained under a row lock by ledger/services.py:
    balance = sum of the account's postings, held = sum of its active holds.
    Available credit = balance - held + credit_limit.
    """

    network = models.ForeignKey(
        "barter.Network",
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name=_("network"),
    )
    business = models.ForeignKey(
        "barter.Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("business"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    credit_limit = models.BigIntegerField(_("credit limit (cents)"), default=0)
    max_balance = models.BigIntegerField(
        _("maximum balance (cents)"),
        null=True,
        blank=True,
        help_text=_("Optional ceiling: credits beyond it cannot be received."),
    )
    balance = models.BigIntegerField(_("balance (cents)"), default=0)
    held = models.BigIntegerField(_("held (cents)"), default=0)
    created_at = models.DateTimeField(_("opened"), default=timezone.now)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "business"],
                condition=Q(business__isnull=False),
                name="account_one_per_business_and_network",
            ),
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(kind="network"),
                name="account_one_network_account",
            ),
            models.CheckConstraint(
                condition=(Q(kind="business") & Q(business__isnull=False))
                | (Q(kind="network") & Q(business__isnull=True)),
                name="account_kind_matches_owner",
            ),
            models.CheckConstraint(
                condition=Q(credit_limit__gte=0), name="account_credit_limit_gte_0"
            ),
            models.CheckConstraint(condition=Q(held__gte=0), name="account_held_gte_0"),
            models.CheckConstraint(
                condition=Q(balance__gte=-F("credit_limit")), name="account_balance_within_limit"
            ),
            models.CheckConstraint(
                condition=Q(balance__gte=F("held") - F("credit_limit")),
                name="account_available_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(max_balance__isnull=True) | Q(balance__lte=F("max_balance")),
                name="account_balance_within_maximum",
            ),
        ]

    def __str__(self) -> str:
        if self.business_id:
            return f"{self.business} ({self.network.slug})"
        return str(_("Network account of %(network)s") % {"network": self.network})

    @property
    def available(self) -> int:
        """Credit that can still be spent or held, in cents."""
        return self.balance - self.held + self.credit_limit

    @property
    def used_ratio(self) -> float:
        """How much of the credit limit is used (0 = none, 1 = at the limit)."""
        if self.credit_limit <= 0:
            return 1.0 if self.balance - self.held < 0 else 0.0
        return max(0.0, -(self.balance - self.held) / self.credit_limit)


class TransactionKind(models.TextChoices):
    PURCHASE = "purchase", _("Direct purchase")
    SWAP = "swap", _("Multilateral swap settlement")
    TRANSFER = "transfer", _("Transfer")
    FEE = "fee", _("Fee")
    ADJUSTMENT = "adjustment", _("Adjustment")
    REVERSAL = "reversal", _("Reversal")


class JournalTransaction(models.Model):
    """One balanced movement of credit: two or more postings summing to zero. Append-only."""

    network = models.ForeignKey(
        "barter.Network",
        on_delete=models.PROTECT,
        related_name="transactions",
        verbose_name=_("network"),
        db_index=False,  # txn_network_kind_date starts with it
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TransactionKind.choices)
    memo = models.CharField(_("memo"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("journal transaction")
        verbose_name_plural = _("journal transactions")
        indexes = [
            models.Index(fields=["network", "kind", "created_at"], name="txn_network_kind_date")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"


class Posting(models.Model):
    """One leg of a journal transaction: a signed amount on one account. Append-only.

    `balance_after` is the account's balance once this posting applied: postings of an account
    are written under its row lock, so the running balance is exact and a statement needs no sum.
    """

    transaction = models.ForeignKey(
        JournalTransaction, on_delete=models.PROTECT, related_name="postings"
    )
    # posting_account_chain starts with it; every index on postings costs each transfer.
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="postings", db_index=False
    )
    amount = models.BigIntegerField(_("amount (cents)"))
    balance_after = models.BigIntegerField(_("balance after (cents)"))

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        # (account_id, id) INCLUDE (transaction_id, amount, balance_after) on PostgreSQL, made
        # by migration 0006: the chain check, statements, ledger_verify and the reports' scans.
        indexes = [models.Index(fields=["account", "id"], name="posting_account_chain")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="posting_amount_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount:+d}"


class HoldStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    POSTED = "posted", _("Posted")
    RELEASED = "released", _("Released")


class Hold(models.Model):
    """Credit reserved on an account (two-phase): later posted by a transaction, or released.

    While active, its amount counts against the account's available credit (Account.held).
    """

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="holds")
    amount = models.BigIntegerField(_("amount (cents)"))
    status = models.CharField(
        _("status"), max_length=10, choices=HoldStatus.choices, default=HoldStatus.ACTIVE
    )
    memo = models.CharField(_("memo"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    transaction = models.ForeignKey(
        JournalTransaction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holds",
        verbose_name=_("posted by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("posted or released"), null=True, blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        indexes = [models.Index(fields=["account", "status"], name="hold_account_status")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="hold_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="posted", transaction__isnull=False)
                | (~Q(status="posted") & Q(transaction__isnull=True)),
                name="hold_posted_has_transaction",
            ),
        ]

    def __str__(self) -> str:
        return f"hold #{self.pk} {self.amount} on {self.account_id} ({self.status})"


class AuditAction(models.TextChoices):
    CREDIT_LIMIT = "credit_limit", _("Credit limit changed")
    MAX_BALANCE = "max_balance", _("Maximum balance changed")
    ADJUSTMENT = "adjustment", _("Adjustment posted")
    REVERSAL = "reversal", _("Transaction reversed")
    DISPUTE = "dispute", _("Dispute settled")


class AuditEntry(models.Model):
    """Who changed what on the ledger outside ordinary exchanges, and why. Append-only."""

    network = models.ForeignKey("barter.Network", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries"
    )
    transaction = models.ForeignKey(
        JournalTransaction, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_id}"


class InvoiceCounter(models.Model):
    """The last invoice number a seller used: numbers follow an unbroken sequence per seller.

    Locked (SELECT … FOR UPDATE) and incremented in the transaction that settles the exchange,
    so a rolled-back settlement consumes no number."""

    business = models.OneToOneField(
        "barter.Business", on_delete=models.PROTECT, related_name="invoice_counter"
    )
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice counter")

    def __str__(self) -> str:
        return f"{self.business_id}: {self.last_number}"


class Invoice(models.Model):
    """The seller's invoice for a settled exchange, paid by compensation in barter credits.

    Everything printed is a snapshot taken at issue: later edits of the businesses' profiles do
    not change an issued invoice. Amounts in integer cents.
    """

    network = models.ForeignKey("barter.Network", on_delete=models.PROTECT, related_name="+")
    seller = models.ForeignKey(
        "barter.Business", on_delete=models.PROTECT, related_name="invoices_issued"
    )
    buyer = models.ForeignKey(
        "barter.Business", on_delete=models.PROTECT, related_name="invoices_received"
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("invoice number"), max_length=40, unique=True)
    issued_on = models.DateField(_("date of issue"))
    transaction = models.ForeignKey(
        JournalTransaction, on_delete=models.PROTECT, related_name="invoices"
    )
    seller_snapshot = models.JSONField(_("seller"))
    buyer_snapshot = models.JSONField(_("buyer"))
    lines = models.JSONField(_("lines"))
    total_ht = models.BigIntegerField(_("total excl. VAT (cents)"))
    total_vat = models.BigIntegerField(_("VAT (cents)"))
    total = models.BigIntegerField(_("total incl. VAT (cents)"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "sequence"], name="invoice_unique_sequence"),
            models.CheckConstraint(
                condition=Q(total=F("total_ht") + F("total_vat")), name="invoice_total_consistent"
            ),
        ]

    def __str__(self) -> str:
        return self.number
