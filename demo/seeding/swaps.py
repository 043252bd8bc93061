"""Multilateral swaps: a matching run per network about every month, on its own past day
(demo/clock.py), and what the members made of its proposals."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from matching import services as matching_services
from matching.models import Proposal

from ..clock import on_day
from ..context import DemoContext

# A matching run about every month until five weeks ago; the coordinator's next run (on the web)
# finds the cycles of the listings published since.
SWAP_RUNS_DAYS_AGO = (125, 95, 65, 35)


def seed_swaps(context: DemoContext) -> None:
    """The swaps of past runs settled (most) or declined, those of the last one (five weeks ago)
    settled, declined or accepted with deliveries under way. The demo entrepreneur's swaps are
    left for the coordinator's next run, to accept on the web."""
    owners = {b.business.pk: b.owner for b in context.businesses}
    totals = Counter()
    for days_ago in SWAP_RUNS_DAYS_AGO:
        last = days_ago == SWAP_RUNS_DAYS_AGO[-1]
        with on_day(context.today - timedelta(days=days_ago)):
            for slug in sorted(context.networks):
                run = matching_services.matching_run_start(
                    actor=context.coordinators[slug], network=context.networks[slug]
                )
                run = matching_services.matching_run_execute(run_id=run.pk)
                for index, proposal in enumerate(Proposal.objects.filter(run=run).order_by("pk")):
                    members = {
                        p.business_id: p.business
                        for p in proposal.participants.select_related("business")
                    }
                    if not last:
                        fate = "declined" if index % 6 == 5 else "settled"
                    else:
                        fate = ["settled", "accepted", "declined"][index % 3]
                    _swap(proposal, fate, members, owners)
                    proposal.refresh_from_db()
                    totals[proposal.status] += 1
    context.say("  swap proposals: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))


def _swap(proposal, fate: str, members: dict, owners: dict) -> None:
    if fate == "declined":
        first = min(members)
        matching_services.proposal_decline(
            actor=owners[first],
            proposal=proposal,
            business=members[first],
            reason="Pas disponible ce mois-ci.",
        )
        return
    for pk in sorted(members):
        proposal = matching_services.proposal_accept(
            actor=owners[pk], proposal=proposal, business=members[pk]
        )
    if fate == "settled" and proposal.status == "accepted":
        for leg in proposal.legs.order_by("position"):
            matching_services.proposal_leg_deliver(actor=owners[leg.giver_id], leg=leg)
            matching_services.proposal_leg_confirm(actor=owners[leg.receiver_id], leg=leg)
