import pytest

from ledger import services
from ledger.errors import HoldNotActive, InsufficientCredit, InvalidAmount
from ledger.models import Account, HoldStatus
from ledger.selectors import ledger_verify
from tests.factories.ledger import open_accounts

pytestmark = pytest.mark.django_db


def fresh(account):
    return Account.objects.get(pk=account.pk)


def test_a_hold_reserves_available_credit():
    a, b = open_accounts(2, credit_limit=1_000)
    hold = services.hold_create(actor=None, account=a, amount=600, idempotency_key="h")
    a = fresh(a)
    assert (a.balance, a.held, a.available) == (0, 600, 400)
    with pytest.raises(InsufficientCredit):
        services.transfer_post(actor=None, payer=a, payee=b, amount=401, idempotency_key="t")
    with pytest.raises(InsufficientCredit):
        services.hold_create(actor=None, account=a, amount=401, idempotency_key="h2")
    assert hold.status == HoldStatus.ACTIVE
    assert ledger_verify().ok


def test_posting_a_hold_pays_the_payee_and_frees_the_reservation():
    a, b = open_accounts(2, credit_limit=1_000)
    fee_account = services.network_account(network=a.network)
    hold = services.hold_create(actor=None, account=a, amount=600, idempotency_key="h")
    result = services.hold_post(
        actor=None,
        hold=hold,
        credits=[services.Leg(b.pk, 570), services.Leg(fee_account.pk, 30)],
        idempotency_key="p",
        kind="purchase",
    )
    hold.refresh_from_db()
    assert (hold.status, hold.transaction_id) == (HoldStatus.POSTED, result.transaction.pk)
    assert [fresh(x).balance for x in (a, b, fee_account)] == [-600, 570, 30]
    assert fresh(a).held == 0
    assert ledger_verify().ok


def test_a_posted_hold_cannot_be_posted_again_or_released():
    a, b = open_accounts(2)
    hold = services.hold_create(actor=None, account=a, amount=100, idempotency_key="h")
    services.hold_post(
        actor=None,
        hold=hold,
        credits=[services.Leg(b.pk, 100)],
        idempotency_key="p1",
        kind="purchase",
    )
    with pytest.raises(HoldNotActive):
        services.hold_post(
            actor=None,
            hold=hold,
            credits=[services.Leg(b.pk, 100)],
            idempotency_key="p2",
            kind="purchase",
        )
    with pytest.raises(HoldNotActive):
        services.hold_release(actor=None, hold=hold)
    assert fresh(a).balance == -100


def test_releasing_gives_the_credit_back_and_is_idempotent():
    (a,) = open_accounts(1, credit_limit=1_000)
    hold = services.hold_create(actor=None, account=a, amount=600, idempotency_key="h")
    services.hold_release(actor=None, hold=hold)
    services.hold_release(actor=None, hold=hold)
    a = fresh(a)
    assert (a.balance, a.held, a.available) == (0, 0, 1_000)


def test_hold_creation_is_idempotent():
    (a,) = open_accounts(1)
    first = services.hold_create(actor=None, account=a, amount=100, idempotency_key="h")
    again = services.hold_create(actor=None, account=a, amount=100, idempotency_key="h")
    assert first.pk == again.pk
    assert fresh(a).held == 100


@pytest.mark.parametrize("amount", [0, -1, 1.5])
def test_hold_amount_must_be_positive_cents(amount):
    (a,) = open_accounts(1)
    with pytest.raises(InvalidAmount):
        services.hold_create(actor=None, account=a, amount=amount, idempotency_key="h")
