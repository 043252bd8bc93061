"""Writes of matching: runs, and the life of a swap proposal until it settles on the ledger.

Proposal life: open (each participant accepts or declines; the offers' and wants' units are
reserved) → accepted by all (credit held for every participant whose net is negative) → each
giver marks its leg delivered, each receiver confirms → settled: all legs post in one journal
transaction, with the network's commission, and each giver's invoice is issued. A decline or an
expiry releases the holds and the units, and that combination is never proposed again.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from barter import selectors as barter_selectors
from barter.identity import require_coordinator
from barter.models import Business, Listing
from barter.services._common import notify_business
from config import events
from ledger import services as ledger_services
from ledger.errors import LedgerError
from ledger.models import TransactionKind
from ledger.money import format_credits, line_amounts, percentage_of

from . import engine
from .errors import (
    PROPOSAL_STATE_REFUSED,
    InvalidTransition,
    MatchingError,
    NotAllowed,
    RunAlreadyActive,
)
from .models import (
    Decision,
    MatchingRun,
    Proposal,
    ProposalLeg,
    ProposalParticipant,
    ProposalStatus,
    RunStatus,
)
from .selectors import EngineInput, combination_digest, engine_input, matching_settings

logger = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.5


# --- Runs ---------------------------------------------------------------------------------------


def matching_run_start(*, actor, network, trigger: str = "manual") -> MatchingRun:
    """Queue a run for the network (a coordinator's "run now", the nightly schedule or the API).

    Runs never overlap: while one is queued or running, RunAlreadyActive. The run executes in a
    Celery task once this transaction commits.
    """
    require_coordinator(actor, network, platform_may_act=True)
    tuning = matching_settings(network)
    _fail_stale_runs(network, tuning.time_limit_s)
    try:
        with transaction.atomic():
            run = MatchingRun.objects.create(
                network=network,
                trigger=trigger,
                started_by=actor,
                parameters={
                    "max_cycle_length": tuning.max_cycle_length,
                    "objective": tuning.objective,
                    "budget_tolerance": tuning.budget_tolerance,
                    "balance_tolerance": tuning.balance_tolerance,
                    "time_limit_s": tuning.time_limit_s,
                },
            )
    except IntegrityError as exc:
        raise RunAlreadyActive() from exc
    from .tasks import matching_run_execute_task

    transaction.on_commit(lambda: matching_run_execute_task.delay(run.pk))
    return run


STALE_MARGIN = timezone.timedelta(minutes=15)


def _fail_stale_runs(network, time_limit_s: int) -> None:
    """A run whose worker died stays queued or running: past its time limit plus a margin, it is
    marked failed so that it no longer blocks the network's next run."""
    now = timezone.now()
    MatchingRun.objects.filter(
        network=network,
        status=RunStatus.RUNNING,
        started_at__lt=now - timezone.timedelta(seconds=time_limit_s) - STALE_MARGIN,
    ).update(status=RunStatus.FAILED, error=_("The worker stopped answering."), finished_at=now)
    MatchingRun.objects.filter(
        network=network, status=RunStatus.QUEUED, created_at__lt=now - 4 * STALE_MARGIN
    ).update(status=RunStatus.FAILED, error=_("No worker took the run."), finished_at=now)


def _claim(run_id: int) -> bool:
    """Move a queued run to running; False if another worker has it (or it is done)."""
    return bool(
        MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now(), phase="input", progress=0.0
        )
    )


def matching_run_execute(*, run_id: int) -> MatchingRun:
    """Run the engine for a queued run and turn its cycles into proposals.

    Idempotent: a run that is not queued any more is left as it is (a redelivered task does
    nothing). Progress and the engine's statistics are saved on the run as it goes.
    """
    if not _claim(run_id):
        return MatchingRun.objects.get(pk=run_id)
    run = MatchingRun.objects.select_related("network").get(pk=run_id)
    last_write = [0.0]

    def progress(phase: str, fraction: float) -> None:
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_EVERY_S and fraction < 1.0:
            return
        last_write[0] = now
        MatchingRun.objects.filter(pk=run_id).update(
            phase=phase[:60], progress=round(0.1 + 0.8 * max(0.0, min(1.0, fraction)), 3)
        )

    try:
        built = engine_input(run.network)
        progress("solve", 0.0)
        output = engine.solve(built.document, progress=progress)
        MatchingRun.objects.filter(pk=run_id).update(phase="proposals", progress=0.9)
        created = 0
        for cycle in output["cycles"]:
            if proposal_create(run=run, cycle=cycle, built=built) is not None:
                created += 1
        MatchingRun.objects.filter(pk=run_id).update(
            status=RunStatus.SUCCEEDED,
            phase="done",
            progress=1.0,
            engine_status=output["status"],
            objective=output.get("objective"),
            bound=output.get("bound"),
            stats={**output.get("stats", {}), "cycles": len(output["cycles"])},
            proposals_created=created,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        logger.exception("matching run %s failed", run_id)
        MatchingRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
    return MatchingRun.objects.get(pk=run_id)


def matching_runs_schedule_nightly() -> list[MatchingRun]:
    """Queue a run for every network whose settings ask for the nightly run (skipping networks
    with a run already under way)."""
    from barter.models import Network

    runs = []
    for network in Network.objects.order_by("pk"):
        if not matching_settings(network).nightly:
            continue
        try:
            runs.append(matching_run_start(actor=None, network=network, trigger="schedule"))
        except RunAlreadyActive:
            logger.info("nightly matching skipped for %s: a run is under way", network.slug)
    return runs


# --- Proposals ----------------------------------------------------------------------------------


def _leg_explanation(giver: Business, offer: Listing, receiver: Business, want: Listing) -> str:
    return _(
        "%(giver)s gives “%(offer)s” to %(receiver)s, who is looking for “%(want)s” "
        "(budget %(budget)s)."
    ) % {
        "giver": giver.legal_name,
        "offer": offer.title,
        "receiver": receiver.legal_name,
        "want": want.title,
        "budget": format_credits(want.value),
    }


@transaction.atomic
def proposal_create(*, run: MatchingRun, cycle: dict, built: EngineInput) -> Proposal | None:
    """Turn one cycle of the engine's output into an open proposal, reserving one unit of each
    offer and of each want. None when the listings changed since the input was built (units gone,
    listing withdrawn) or the combination was declined before."""
    legs = cycle["legs"]
    network = run.network
    pairs = [(built.offers[leg["offer"]].pk, built.wants[leg["want"]].pk) for leg in legs]
    digest = combination_digest(pairs)
    if Proposal.objects.filter(
        network=network,
        combination=digest,
        status__in=[ProposalStatus.DECLINED, ProposalStatus.EXPIRED, ProposalStatus.OPEN],
    ).exists():
        return None
    listing_ids = sorted({pk for pair in pairs for pk in pair})
    listings = {
        listing.pk: listing
        for listing in Listing.objects.select_for_update()
        .filter(pk__in=listing_ids)
        .select_related("business")
        .order_by("pk")
    }
    needed = Counter(pk for pair in pairs for pk in pair)
    for pk, count in needed.items():
        listing = listings.get(pk)
        if (
            listing is None
            or listing.status != "active"
            or listing.quantity < count
            or listing.business.status != "active"
        ):
            return None

    commission_rate = network.commission_rate
    with override(settings.LANGUAGE_CODE):
        explained = [
            _leg_explanation(listings[o].business, listings[o], listings[w].business, listings[w])
            for o, w in pairs
        ]
    proposal = Proposal.objects.create(
        network=network,
        run=run,
        combination=digest,
        total_value=0,
        expires_at=timezone.now()
        + timezone.timedelta(days=matching_settings(network).proposal_ttl_days),
    )
    totals: dict[int, dict[str, int]] = {}
    leg_rows = []
    for position, ((offer_id, want_id), explanation) in enumerate(
        zip(pairs, explained, strict=True)
    ):
        offer, want = listings[offer_id], listings[want_id]
        _ht, _vat, value = line_amounts(unit_price=offer.value, quantity=1, vat_rate=offer.vat_rate)
        giver, receiver = offer.business, want.business
        commission = percentage_of(offer.value, commission_rate)
        totals.setdefault(giver.pk, {"gives": 0, "receives": 0, "commission": 0})
        totals.setdefault(receiver.pk, {"gives": 0, "receives": 0, "commission": 0})
        totals[giver.pk]["gives"] += value
        totals[giver.pk]["commission"] += commission
        totals[receiver.pk]["receives"] += value
        leg_rows.append(
            ProposalLeg(
                proposal=proposal,
                position=position,
                offer=offer,
                want=want,
                giver=giver,
                receiver=receiver,
                unit_price=offer.value,
                vat_rate=offer.vat_rate,
                value=value,
                score=built.scores.get((want_id, offer_id), 1.0),
                explanation=explanation,
            )
        )
    ProposalLeg.objects.bulk_create(leg_rows)
    ProposalParticipant.objects.bulk_create(
        [
            ProposalParticipant(proposal=proposal, business_id=business_id, **amounts)
            for business_id, amounts in sorted(totals.items())
        ]
    )
    proposal.total_value = sum(row.value for row in leg_rows)
    proposal.save(update_fields=["total_value"])
    for pk, count in needed.items():
        Listing.objects.filter(pk=pk).update(quantity=F("quantity") - count)
    _publish(proposal, "proposal.created")
    _tell_participants(
        proposal,
        _("A swap is proposed to you (%(n)d businesses)") % {"n": len(totals)},
        _(
            "The matching engine found a swap in which your business takes part. Accept or decline "
            "it before %(date)s."
        )
        % {"date": proposal.expires_at.strftime("%d/%m/%Y")},
    )
    return proposal


def _publish(proposal: Proposal, event: str) -> None:
    events.publish(
        event,
        network_id=proposal.network_id,
        payload={
            "proposal": proposal.pk,
            "status": proposal.status,
            "businesses": sorted(proposal.participants.values_list("business_id", flat=True)),
            "total_value": proposal.total_value,
        },
    )


def _tell_participants(proposal: Proposal, subject: str, body: str, *, except_business=None):
    url = reverse("matching:proposal-detail", args=[proposal.pk])
    with override(settings.LANGUAGE_CODE):
        for participant in proposal.participants.select_related("business"):
            if except_business is not None and participant.business_id == except_business.pk:
                continue
            notify_business(
                business=participant.business, subject=str(subject), body=str(body), url=url
            )


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("network").get(pk=proposal.pk)


def _participant(proposal: Proposal, business: Business, actor) -> ProposalParticipant:
    if not barter_selectors.user_is_member(actor, business):
        raise NotAllowed()
    participant = proposal.participants.filter(business=business).first()
    if participant is None:
        raise NotAllowed(_("This business does not take part in this swap."))
    return participant


def _give_units_back(proposal: Proposal) -> None:
    for leg in proposal.legs.all():
        Listing.objects.filter(pk__in=[leg.offer_id, leg.want_id]).update(
            quantity=F("quantity") + 1
        )


def _release_holds(proposal: Proposal, actor) -> None:
    for participant in proposal.participants.filter(hold__isnull=False).select_related("hold"):
        ledger_services.hold_release(actor=actor, hold=participant.hold)


def _close(proposal: Proposal, status: str, reason: str, actor) -> None:
    _release_holds(proposal, actor)
    _give_units_back(proposal)
    proposal.status = status
    proposal.closed_reason = reason
    proposal.closed_at = timezone.now()
    proposal.save(update_fields=["status", "closed_reason", "closed_at"])
    _publish(proposal, "proposal.declined")


@transaction.atomic
def proposal_accept(*, actor, proposal: Proposal, business: Business) -> Proposal:
    """A participant accepts. When the last one does, credit is held for every participant whose
    net is negative; if someone's credit no longer covers it, the swap closes (declined)."""
    proposal = _lock(proposal)
    participant = _participant(proposal, business, actor)
    if proposal.status != ProposalStatus.OPEN or participant.decision != Decision.PENDING:
        raise InvalidTransition(PROPOSAL_STATE_REFUSED)
    if proposal.expires_at < timezone.now():
        raise InvalidTransition(_("This proposal has expired."))
    participant.decision = Decision.ACCEPTED
    participant.decided_at = timezone.now()
    participant.decided_by = actor
    participant.save(update_fields=["decision", "decided_at", "decided_by"])
    if proposal.participants.exclude(decision=Decision.ACCEPTED).exists():
        return proposal
    try:
        with transaction.atomic():
            for p in proposal.participants.select_related("business").order_by("business_id"):
                if p.net >= 0:
                    continue
                account = ledger_services.account_open(business=p.business)
                p.hold = ledger_services.hold_create(
                    actor=actor,
                    account=account,
                    amount=-p.net,
                    idempotency_key=f"proposal:{proposal.pk}:hold:{p.business_id}",
                    memo=_("Swap #%(id)d") % {"id": proposal.pk},
                )
                p.save(update_fields=["hold"])
    except LedgerError as exc:
        _close(proposal, ProposalStatus.DECLINED, str(exc.message), actor)
        _tell_participants(proposal, _("A swap could not go ahead"), str(exc.message))
        return proposal
    proposal.status = ProposalStatus.ACCEPTED
    proposal.accepted_at = timezone.now()
    proposal.save(update_fields=["status", "accepted_at"])
    _publish(proposal, "proposal.accepted")
    _tell_participants(
        proposal,
        _("Swap #%(id)d accepted by all: deliver!") % {"id": proposal.pk},
        _("Every business accepted. Deliver what you give, and confirm what you receive."),
    )
    return proposal


@transaction.atomic
def proposal_decline(
    *, actor, proposal: Proposal, business: Business, reason: str = ""
) -> Proposal:
    """A participant declines an open proposal: it closes, units go back, the combination is
    never proposed again."""
    proposal = _lock(proposal)
    participant = _participant(proposal, business, actor)
    if proposal.status != ProposalStatus.OPEN:
        raise InvalidTransition(PROPOSAL_STATE_REFUSED)
    participant.decision = Decision.DECLINED
    participant.decided_at = timezone.now()
    participant.decided_by = actor
    participant.save(update_fields=["decision", "decided_at", "decided_by"])
    _close(
        proposal,
        ProposalStatus.DECLINED,
        reason.strip() or _("Declined by %(name)s.") % {"name": business.legal_name},
        actor,
    )
    _tell_participants(
        proposal,
        _("Swap #%(id)d declined") % {"id": proposal.pk},
        _("%(name)s declined the swap; nothing moves.") % {"name": business.legal_name},
        except_business=business,
    )
    return proposal


@transaction.atomic
def proposal_cancel(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """A coordinator cancels an open or accepted swap (a participant defaulted): holds released,
    units given back."""
    proposal = _lock(proposal)
    require_coordinator(actor, proposal.network)
    if not proposal.is_open:
        raise InvalidTransition(PROPOSAL_STATE_REFUSED)
    if not reason.strip():
        raise MatchingError(_("Give a reason: it is sent to the participants."))
    _close(proposal, ProposalStatus.DECLINED, reason.strip(), actor)
    _tell_participants(proposal, _("Swap #%(id)d cancelled") % {"id": proposal.pk}, reason.strip())
    return proposal


def _leg_for_update(leg: ProposalLeg) -> tuple[Proposal, ProposalLeg]:
    proposal = _lock(leg.proposal)
    return proposal, ProposalLeg.objects.select_for_update().get(pk=leg.pk)


@transaction.atomic
def proposal_leg_deliver(*, actor, leg: ProposalLeg) -> ProposalLeg:
    """The giver says it delivered its leg."""
    proposal, leg = _leg_for_update(leg)
    if not barter_selectors.user_is_member(actor, leg.giver):
        raise NotAllowed()
    if proposal.status != ProposalStatus.ACCEPTED or leg.delivered_at:
        raise InvalidTransition(PROPOSAL_STATE_REFUSED)
    leg.delivered_at = timezone.now()
    leg.save(update_fields=["delivered_at"])
    return leg


@transaction.atomic
def proposal_leg_confirm(*, actor, leg: ProposalLeg) -> ProposalLeg:
    """The receiver confirms receipt; the last confirmation settles the whole swap."""
    proposal, leg = _leg_for_update(leg)
    if not barter_selectors.user_is_member(actor, leg.receiver):
        raise NotAllowed()
    if proposal.status != ProposalStatus.ACCEPTED or not leg.delivered_at or leg.confirmed_at:
        raise InvalidTransition(PROPOSAL_STATE_REFUSED)
    leg.confirmed_at = timezone.now()
    leg.save(update_fields=["confirmed_at"])
    if not proposal.legs.filter(confirmed_at__isnull=True).exists():
        _settle(proposal, actor)
    return leg


def _settle(proposal: Proposal, actor) -> None:
    """All legs at once, one journal transaction: each receiver pays, each giver is paid minus
    the commission, which goes to the network account; the holds are consumed; each giver
    invoices its receiver."""
    network = proposal.network
    legs = list(proposal.legs.select_related("offer", "giver", "receiver"))
    participants = list(proposal.participants.select_related("business", "hold"))
    accounts = {
        p.business_id: ledger_services.account_open(business=p.business) for p in participants
    }
    commission_total = 0
    ledger_legs = []
    for leg in legs:
        commission = percentage_of(leg.unit_price, network.commission_rate)
        commission_total += commission
        ledger_legs.append(ledger_services.Leg(accounts[leg.receiver_id].pk, -leg.value))
        ledger_legs.append(ledger_services.Leg(accounts[leg.giver_id].pk, leg.value - commission))
    if commission_total:
        ledger_legs.append(
            ledger_services.Leg(
                ledger_services.network_account(network=network).pk, commission_total
            )
        )
    result = ledger_services.settlement_post(
        actor=actor,
        network=network,
        legs=ledger_legs,
        idempotency_key=f"proposal:{proposal.pk}:settle",
        kind=TransactionKind.SWAP,
        memo=_("Swap #%(id)d (%(n)d businesses)") % {"id": proposal.pk, "n": len(participants)},
        holds=[p.hold for p in participants if p.hold_id],
    )
    with override(settings.LANGUAGE_CODE):
        for leg in legs:
            ledger_services.invoice_issue(
                transaction_=result.transaction,
                seller=leg.giver,
                buyer=leg.receiver,
                lines=[
                    ledger_services.InvoiceLine(
                        description=leg.offer.title,
                        quantity=1,
                        unit=str(leg.offer.get_unit_display()),
                        unit_price=leg.unit_price,
                        vat_rate=leg.vat_rate,
                    )
                ],
            )
    proposal.status = ProposalStatus.SETTLED
    proposal.settlement = result.transaction
    proposal.closed_at = timezone.now()
    proposal.save(update_fields=["status", "settlement", "closed_at"])
    _publish(proposal, "proposal.settled")
    _tell_participants(
        proposal,
        _("Swap #%(id)d settled") % {"id": proposal.pk},
        _("Every leg is confirmed: the swap is settled on your account and the invoices issued."),
    )


def proposals_expire(*, now=None) -> int:
    """Close the open proposals past their answer date (units given back); returns how many."""
    now = now or timezone.now()
    count = 0
    for proposal in Proposal.objects.filter(
        status=ProposalStatus.OPEN, expires_at__lt=now
    ).order_by("pk"):
        with transaction.atomic():
            locked = _lock(proposal)
            if locked.status != ProposalStatus.OPEN:
                continue
            _close(locked, ProposalStatus.EXPIRED, _("Not answered in time."), None)
            _tell_participants(
                locked,
                _("Swap #%(id)d expired") % {"id": locked.pk},
                _("Not every business answered in time; nothing moves."),
            )
            count += 1
    return count
