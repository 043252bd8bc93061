"""Matching runs and the swap proposals they produce.

A run turns the network's listings into the engine's input, solves it, and turns each cycle into
a Proposal: every participant accepts or declines; once all accepted, credit is held for those
whose net is negative; each giver marks its leg delivered and each receiver confirms; when every
leg is confirmed, all legs settle on the ledger in one journal transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MatchingSettings(models.Model):
    """How a network's coordinators tune matching."""

    network = models.OneToOneField(
        "barter.Network", on_delete=models.CASCADE, related_name="matching_settings"
    )
    max_cycle_length = models.PositiveSmallIntegerField(
        _("longest cycle"),
        null=True,
        blank=True,
        default=4,
        help_text=_("Most businesses in one swap (2 = bilateral barter). Empty: no limit."),
    )
    objective = models.CharField(
        _("objective"),
        max_length=5,
        choices=[("value", _("Total value exchanged")), ("count", _("Number of wants met"))],
        default="value",
    )
    budget_tolerance = models.PositiveSmallIntegerField(
        _("budget tolerance (%)"),
        default=20,
        help_text=_("How far above a want's budget an offer's price may be and still match it."),
    )
    balance_tolerance = models.BigIntegerField(
        _("balance tolerance (cents)"),
        default=20_000,
        help_text=_(
            "How much credit a participant may gain or spend in one run's swaps (0: pure barter, "
            "every participant gives as much as it receives)."
        ),
    )
    default_radius_km = models.PositiveSmallIntegerField(
        _("default delivery radius (km)"),
        default=40,
        help_text=_("For local listings that set no radius."),
    )
    proposal_ttl_days = models.PositiveSmallIntegerField(_("days to answer a proposal"), default=7)
    time_limit_s = models.PositiveIntegerField(_("engine time limit (s)"), default=60)
    nightly = models.BooleanField(_("run every night"), default=True)

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_cycle_length__isnull=True) | Q(max_cycle_length__gte=2),
                name="matching_cycle_length_gte_2",
            ),
            models.CheckConstraint(
                condition=Q(balance_tolerance__gte=0), name="matching_balance_tolerance_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return str(self.network)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class MatchingRun(models.Model):
    network = models.ForeignKey(
        "barter.Network", on_delete=models.PROTECT, related_name="matching_runs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    trigger = models.CharField(
        _("started by"),
        max_length=10,
        choices=[
            ("schedule", _("Nightly schedule")),
            ("manual", _("A coordinator")),
            ("api", _("The API")),
        ],
        default="manual",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    phase = models.CharField(_("phase"), max_length=60, blank=True)
    progress = models.FloatField(_("progress"), default=0.0)
    engine_status = models.CharField(_("engine status"), max_length=12, blank=True)
    objective = models.BigIntegerField(_("objective"), null=True, blank=True)
    bound = models.BigIntegerField(_("bound"), null=True, blank=True)
    stats = models.JSONField(_("statistics"), default=dict, blank=True)
    proposals_created = models.PositiveIntegerField(_("proposals created"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Runs never overlap for a network: at most one queued or running at a time.
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(status__in=["queued", "running"]),
                name="matching_one_active_run_per_network",
            )
        ]

    def __str__(self) -> str:
        return f"run #{self.pk} ({self.network})"

    def get_absolute_url(self) -> str:
        return reverse("matching:run-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def gap(self) -> int | None:
        if self.objective is None or self.bound is None:
            return None
        return self.bound - self.objective


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Awaiting answers")
    ACCEPTED = "accepted", _("Accepted by all: deliveries under way")
    SETTLED = "settled", _("Settled")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class Proposal(models.Model):
    """A multilateral swap proposed to its participants: a cycle of legs."""

    network = models.ForeignKey(
        "barter.Network", on_delete=models.PROTECT, related_name="proposals"
    )
    run = models.ForeignKey(
        MatchingRun, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    combination = models.CharField(
        _("combination"),
        max_length=64,
        db_index=True,
        help_text=_("Digest of the set of legs: a declined combination is never proposed again."),
    )
    total_value = models.BigIntegerField(_("value exchanged (cents)"))
    expires_at = models.DateTimeField(_("answer before"))
    settlement = models.OneToOneField(
        "ledger.JournalTransaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
    )
    closed_reason = models.TextField(_("why it closed"), blank=True)
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted by all"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("swap proposal")
        verbose_name_plural = _("swap proposals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "status"], name="proposal_network_status")]

    def __str__(self) -> str:
        return _("Swap #%(id)d") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("matching:proposal-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (ProposalStatus.OPEN, ProposalStatus.ACCEPTED)


class Decision(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ProposalParticipant(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="participants")
    business = models.ForeignKey(
        "barter.Business", on_delete=models.PROTECT, related_name="proposal_participations"
    )
    gives = models.BigIntegerField(_("gives (cents)"))
    receives = models.BigIntegerField(_("receives (cents)"))
    commission = models.BigIntegerField(_("commission (cents)"), default=0)
    decision = models.CharField(
        _("answer"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hold = models.OneToOneField(
        "ledger.Hold",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_participant",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "business"], name="proposal_participant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.business} in {self.proposal_id}"

    @property
    def net(self) -> int:
        """Credit the participant gains (positive) or spends (negative) when the swap settles."""
        return self.gives - self.commission - self.receives


class ProposalLeg(models.Model):
    """One leg: the giver gives one unit of its offer to the receiver, for the receiver's want."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="legs")
    position = models.PositiveSmallIntegerField()
    offer = models.ForeignKey(
        "barter.Listing", on_delete=models.PROTECT, related_name="proposal_legs_as_offer"
    )
    want = models.ForeignKey(
        "barter.Listing", on_delete=models.PROTECT, related_name="proposal_legs_as_want"
    )
    giver = models.ForeignKey("barter.Business", on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey("barter.Business", on_delete=models.PROTECT, related_name="+")
    unit_price = models.BigIntegerField(_("price excl. VAT (cents)"))
    vat_rate = models.PositiveSmallIntegerField(_("VAT rate (basis points)"))
    value = models.BigIntegerField(_("value incl. VAT (cents)"))
    score = models.FloatField(_("relevance"), default=1.0)
    explanation = models.TextField(_("why this leg"))
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "position"], name="proposal_leg_position")
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.receiver}: {self.offer}"
