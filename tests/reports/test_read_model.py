"""The exchange lines read model: written in the settling transaction by the events' projection,
equal to what a rebuild from the source tables gives, repaired by `reports_rebuild`."""

import pytest
from django.core.management import call_command
from django.db import transaction

from barter.models import PurchaseStatus
from barter.services import purchases as purchase_services
from config import events
from ledger.models import JournalTransaction
from matching.models import Proposal
from reports.models import ExchangeLine, LineSource
from reports.services import exchange_lines_differences
from tests.factories.barter import NetworkFactory, delivered_purchase

from .conftest import at


def lines(**filters):
    return sorted(
        ExchangeLine.objects.filter(**filters).values_list(
            "at", "src", "buyer_id", "seller_id", "value", "commission"
        )
    )


def test_each_settlement_wrote_its_lines_in_its_transaction(world):
    b = {name: business.pk for name, business in world.businesses.items()}
    swap = Proposal.objects.select_related("settlement").get(pk=world.proposals["swap"].pk)
    swap_at = swap.settlement.created_at
    assert lines(network=world.network) == sorted(
        [
            (at(3, 31, 23, 59), LineSource.PURCHASE, b["D"], b["A"], 24_000, 200),
            (at(4, 1, 0, 0), LineSource.PURCHASE, b["B"], b["A"], 12_000, 100),
            (at(4, 15, 12), LineSource.PURCHASE, b["A"], b["E"], 5_000, 50),
            (swap_at, LineSource.LEG, b["C"], b["A"], 30_000, 0),  # A gives C 300 credits
            (swap_at, LineSource.LEG, b["A"], b["B"], 32_000, 0),
            (swap_at, LineSource.LEG, b["B"], b["C"], 29_000, 0),
        ]
    )
    assert set(
        ExchangeLine.objects.filter(proposal=swap).values_list("transaction_id", flat=True)
    ) == {swap.settlement_id}
    # What the network's account received in each settlement, once, on its first line.
    fees = ExchangeLine.objects.filter(network=world.network).order_by("at", "position")
    assert [(line.position, line.fee) for line in fees] == [
        (0, 200),
        (0, 100),
        (0, 50),
        (0, 910),
        (1, 0),
        (2, 0),
    ]
    assert len(lines(network=world.network2)) == 1
    assert exchange_lines_differences() == (0, 0)


def test_the_check_finds_a_line_out_of_step_and_the_rebuild_repairs_it(world, capsys):
    call_command("reports_rebuild", "--check")
    ExchangeLine.objects.filter(network=world.network2).delete()
    ExchangeLine.objects.filter(src=LineSource.PURCHASE).update(value=1)
    with pytest.raises(SystemExit) as exit_:
        call_command("reports_rebuild", "--check")
    assert exit_.value.code == 1
    assert (
        "4 source line(s) missing or different in the read model, "
        "3 read-model line(s) not in the sources" in capsys.readouterr().err
    )
    call_command("reports_rebuild")
    assert "7 exchange lines rebuilt" in capsys.readouterr().out
    assert exchange_lines_differences() == (0, 0)
    assert ExchangeLine.objects.count() == 7


@pytest.fixture
def delivered():
    """A purchase delivered and waiting for the buyer's confirmation (network commission 2 %)."""
    network = NetworkFactory(default_credit_limit=100_000, commission_rate=200)
    return delivered_purchase(network, value=10_000)


def test_a_settlement_rolled_back_leaves_no_line(world, delivered):
    purchase, buyer_user = delivered
    before = ExchangeLine.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        purchase_services.purchase_confirm(actor=buyer_user, purchase=purchase)
        assert ExchangeLine.objects.count() == before + 1  # written in the transaction
        raise RuntimeError("the caller's transaction fails")
    assert ExchangeLine.objects.count() == before
    purchase_services.purchase_confirm(actor=buyer_user, purchase=purchase)
    [line] = ExchangeLine.objects.filter(transaction__isnull=False, buyer=purchase.buyer)
    assert (line.value, line.commission, line.src) == (10_000, 200, LineSource.PURCHASE)


def test_a_failing_projection_rolls_the_settlement_back(world, delivered):
    purchase, buyer_user = delivered
    transactions = JournalTransaction.objects.count()

    def broken(event, network_id, payload):
        raise RuntimeError("read model unavailable")

    events.project(broken, events=["purchase.settled"])
    try:
        with pytest.raises(RuntimeError, match="read model unavailable"):
            purchase_services.purchase_confirm(actor=buyer_user, purchase=purchase)
    finally:
        events.unsubscribe(broken)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.DELIVERED
    assert JournalTransaction.objects.count() == transactions
    assert not ExchangeLine.objects.filter(buyer=purchase.buyer).exists()


def test_the_nightly_check_rebuilds_a_read_model_out_of_step(world, mailoutbox, settings):
    from reports.tasks import exchange_lines_check_nightly

    settings.ADMINS = [("Ops", "ops@example.org")]
    assert exchange_lines_check_nightly() == {"missing": 0, "extra": 0, "rebuilt": None}
    assert mailoutbox == []
    ExchangeLine.objects.filter(network=world.network2).delete()
    assert exchange_lines_check_nightly() == {"missing": 1, "extra": 0, "rebuilt": 7}
    assert exchange_lines_differences() == (0, 0)
    [mail] = mailoutbox
    assert "exchange lines rebuilt" in mail.subject
