"""Report: the matching funnel, per run started in the period, from proposal to settlement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from matching.models import MatchingRun, ProposalStatus

from ..periods import Period
from .shared import ratio


@dataclass
class FunnelRow:
    run_id: int | None
    created_at: datetime | None
    status: str = ""
    proposals: int = 0
    accepted: int = 0  # accepted by every participant (accepted or settled since)
    settled: int = 0
    declined: int = 0
    expired: int = 0
    open: int = 0

    @property
    def acceptance_rate(self) -> float | None:
        return ratio(self.accepted, self.proposals)

    @property
    def settlement_rate(self) -> float | None:
        return ratio(self.settled, self.proposals)

    @property
    def decline_rate(self) -> float | None:
        return ratio(self.declined, self.proposals)

    @property
    def expiry_rate(self) -> float | None:
        return ratio(self.expired, self.proposals)


def funnel_counts(prefix: str = "") -> dict:
    accepted = Q(**{f"{prefix}accepted_at__isnull": False}) | Q(
        **{f"{prefix}status__in": [ProposalStatus.ACCEPTED, ProposalStatus.SETTLED]}
    )
    pk = f"{prefix}pk" if prefix else "pk"
    return {
        "n": Count(pk),
        "accepted": Count(pk, filter=accepted),
        "settled": Count(pk, filter=Q(**{f"{prefix}status": ProposalStatus.SETTLED})),
        "declined": Count(pk, filter=Q(**{f"{prefix}status": ProposalStatus.DECLINED})),
        "expired": Count(pk, filter=Q(**{f"{prefix}status": ProposalStatus.EXPIRED})),
        "open": Count(pk, filter=Q(**{f"{prefix}status": ProposalStatus.OPEN})),
    }


@dataclass
class FunnelReport:
    runs: list[FunnelRow]  # newest first
    total: FunnelRow


def funnel_report(network_ids, period: Period) -> FunnelReport:
    """Per matching run started in the period: proposals created, accepted by all, settled,
    declined, expired, still open. A proposal stays counted with its run, whatever the date of
    its later answers."""
    runs = (
        MatchingRun.objects.filter(
            network_id__in=network_ids,
            created_at__gte=period.start_at,
            created_at__lt=period.end_at,
        )
        .order_by("-created_at", "-pk")
        .values("pk", "created_at", "status")
        .annotate(**funnel_counts("proposals__"))
    )
    rows = []
    total = FunnelRow(None, None)
    for r in runs:
        row = FunnelRow(
            r["pk"],
            r["created_at"],
            r["status"],
            r["n"],
            r["accepted"],
            r["settled"],
            r["declined"],
            r["expired"],
            r["open"],
        )
        rows.append(row)
        for name in ("proposals", "accepted", "settled", "declined", "expired", "open"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return FunnelReport(runs=rows, total=total)
