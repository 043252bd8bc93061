"""A swap from listings to settled balances: run, proposal, answers, holds, deliveries,
settlement in one journal transaction; declines, expiry, overlap, permissions."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from barter.models import Listing
from ledger.models import Account, Hold, HoldStatus, Invoice, JournalTransaction, TransactionKind
from ledger.selectors import ledger_verify
from matching import services
from matching.errors import InvalidTransition, NotAllowed, RunAlreadyActive
from matching.models import MatchingRun, Proposal, ProposalStatus, RunStatus
from tests.factories.barter import NetworkFactory, UserFactory
from tests.factories.matching import triangle

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_matching(t):
    run = services.matching_run_start(actor=t.coordinator, network=t.network)
    run.refresh_from_db()  # Celery runs eagerly in tests: the run is done
    return run


def balances(t):
    return {k: Account.objects.get(business=b).balance for k, b in t.businesses.items()}


def accept_all(t, proposal):
    for name in "abc":
        proposal = services.proposal_accept(
            actor=t.users[name], proposal=proposal, business=t.businesses[name]
        )
    proposal.refresh_from_db()
    return proposal


def deliver_and_confirm_all(t, proposal):
    for leg in proposal.legs.all():
        giver = next(k for k, b in t.businesses.items() if b.pk == leg.giver_id)
        receiver = next(k for k, b in t.businesses.items() if b.pk == leg.receiver_id)
        services.proposal_leg_deliver(actor=t.users[giver], leg=leg)
        services.proposal_leg_confirm(actor=t.users[receiver], leg=leg)
    proposal.refresh_from_db()
    return proposal


def test_three_way_swap_from_listings_to_settled_balances():
    t = triangle(commission_rate=100, values=(30_000, 32_000, 29_000))
    run = run_matching(t)
    assert (run.status, run.engine_status, run.proposals_created) == (
        RunStatus.SUCCEEDED,
        "optimal",
        1,
    )
    proposal = Proposal.objects.get()
    assert proposal.participants.count() == 3 and proposal.legs.count() == 3
    assert all(
        "cherche" in leg.explanation or "looking for" in leg.explanation
        for leg in proposal.legs.all()
    )
    assert Listing.objects.get(pk=t.offers["a"].pk).quantity == 1  # one unit reserved
    assert Listing.objects.get(pk=t.wants["a"].pk).quantity == 0

    proposal = accept_all(t, proposal)
    assert proposal.status == ProposalStatus.ACCEPTED
    nets = {p.business_id: p.net for p in proposal.participants.all()}
    for participant in proposal.participants.select_related("hold"):
        if participant.net < 0:
            assert participant.hold.amount == -participant.net
            assert participant.hold.status == HoldStatus.ACTIVE
        else:
            assert participant.hold is None

    proposal = deliver_and_confirm_all(t, proposal)
    assert proposal.status == ProposalStatus.SETTLED
    txn = proposal.settlement
    assert txn.kind == TransactionKind.SWAP
    assert JournalTransaction.objects.filter(kind=TransactionKind.SWAP).count() == 1
    assert {
        b.pk: bal for b, bal in zip(t.businesses.values(), balances(t).values(), strict=True)
    } == nets
    commission = sum(p.commission for p in proposal.participants.all())
    assert commission == 300 + 320 + 290
    assert Invoice.objects.filter(transaction=txn).count() == 3
    assert not Hold.objects.filter(status=HoldStatus.ACTIVE).exists()
    report = ledger_verify()
    assert report.ok, report.violations


def test_a_declined_combination_is_never_proposed_again():
    t = triangle()
    run_matching(t)
    proposal = Proposal.objects.get()
    services.proposal_decline(
        actor=t.users["b"], proposal=proposal, business=t.businesses["b"], reason="Pas le moment"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert Listing.objects.get(pk=t.offers["a"].pk).quantity == 2  # units back
    again = run_matching(t)
    assert again.status == RunStatus.SUCCEEDED
    assert again.proposals_created == 0
    assert again.stats["forbidden_sets"] == 1


def test_a_declined_proposal_cannot_be_accepted():
    t = triangle()
    run_matching(t)
    proposal = Proposal.objects.get()
    services.proposal_decline(actor=t.users["a"], proposal=proposal, business=t.businesses["a"])
    with pytest.raises(InvalidTransition):
        services.proposal_accept(actor=t.users["b"], proposal=proposal, business=t.businesses["b"])


def test_expiry_closes_unanswered_proposals_and_gives_the_units_back():
    from matching.tasks import proposals_expire_task

    t = triangle()
    run_matching(t)
    proposal = Proposal.objects.get()
    services.proposal_accept(actor=t.users["a"], proposal=proposal, business=t.businesses["a"])
    Proposal.objects.filter(pk=proposal.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert proposals_expire_task.delay().get() == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.EXPIRED
    assert Listing.objects.get(pk=t.wants["a"].pk).quantity == 1
    assert run_matching(t).proposals_created == 0  # expired combinations are not proposed again


def test_when_credit_no_longer_covers_the_swap_it_closes_at_the_last_acceptance():
    t = triangle(values=(30_000, 40_000, 30_000))  # A receives 400 for 300 given: A spends 100
    settings = services.matching_settings(t.network)
    settings.balance_tolerance = 20_000
    settings.save()
    run_matching(t)
    proposal = Proposal.objects.get()
    spender = next(p for p in proposal.participants.all() if p.net < 0)
    Account.objects.filter(business_id=spender.business_id).update(credit_limit=0)
    proposal = accept_all(t, proposal)
    assert proposal.status == ProposalStatus.DECLINED
    assert "crédit" in proposal.closed_reason or "credit" in proposal.closed_reason
    assert not Hold.objects.filter(status=HoldStatus.ACTIVE).exists()
    assert Listing.objects.get(pk=t.offers["a"].pk).quantity == 2


def test_runs_never_overlap_and_execution_is_idempotent():
    t = triangle()
    with mock.patch("matching.tasks.matching_run_execute_task.delay"):  # the run stays queued
        first = services.matching_run_start(actor=t.coordinator, network=t.network)
        with pytest.raises(RunAlreadyActive):
            services.matching_run_start(actor=t.coordinator, network=t.network)
    services.matching_run_execute(run_id=first.pk)
    first.refresh_from_db()
    assert first.status == RunStatus.SUCCEEDED
    services.matching_run_execute(run_id=first.pk)  # a redelivered task changes nothing
    assert Proposal.objects.count() == 1
    assert MatchingRun.objects.count() == 1


def test_only_participants_answer_and_only_coordinators_run():
    t = triangle()
    with pytest.raises(NotAllowed):
        services.matching_run_start(actor=t.users["a"], network=t.network)
    other_coordinator = UserFactory()
    NetworkFactory(coordinators=[other_coordinator])
    with pytest.raises(NotAllowed):
        services.matching_run_start(actor=other_coordinator, network=t.network)
    run_matching(t)
    proposal = Proposal.objects.get()
    with pytest.raises(NotAllowed):
        services.proposal_accept(actor=UserFactory(), proposal=proposal, business=t.businesses["a"])
    with pytest.raises(NotAllowed):
        services.proposal_accept(actor=t.users["a"], proposal=proposal, business=t.businesses["b"])


def test_a_run_whose_worker_died_does_not_block_the_next_one():
    t = triangle()
    stale = MatchingRun.objects.create(
        network=t.network,
        status=RunStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(hours=2),
    )
    fresh = run_matching(t)
    stale.refresh_from_db()
    assert stale.status == RunStatus.FAILED
    assert fresh.status == RunStatus.SUCCEEDED
