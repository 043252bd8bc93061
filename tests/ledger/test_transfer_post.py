import pytest

from ledger import services
from ledger.errors import (
    AccountMismatch,
    IdempotencyConflict,
    InsufficientCredit,
    InvalidAmount,
    MaximumBalanceExceeded,
)
from ledger.models import Account, JournalTransaction, Posting
from ledger.selectors import ledger_verify
from tests.factories.ledger import open_accounts

pytestmark = pytest.mark.django_db


def balances(*accounts):
    return [Account.objects.get(pk=a.pk).balance for a in accounts]


def test_transfer_moves_credit_and_records_balanced_postings():
    a, b = open_accounts(2)
    result = services.transfer_post(
        actor=None, payer=a, payee=b, amount=2_500, idempotency_key="t1"
    )
    assert not result.replayed
    assert balances(a, b) == [-2_500, 2_500]
    postings = list(
        result.transaction.postings.order_by("account_id").values_list("amount", "balance_after")
    )
    assert sorted(postings) == [(-2_500, -2_500), (2_500, 2_500)]
    assert ledger_verify().ok


def test_running_balance_follows_each_posting():
    a, b = open_accounts(2)
    for i, amount in enumerate([100, 250, 50]):
        services.transfer_post(actor=None, payer=a, payee=b, amount=amount, idempotency_key=f"k{i}")
    assert list(a.postings.order_by("pk").values_list("balance_after", flat=True)) == [
        -100,
        -350,
        -400,
    ]


def test_fee_goes_to_the_network_account():
    a, b = open_accounts(2)
    services.transfer_post(
        actor=None, payer=a, payee=b, amount=10_000, fee=300, idempotency_key="f"
    )
    network = services.network_account(network=a.network)
    assert balances(a, b, network) == [-10_000, 9_700, 300]


def test_debit_beyond_the_credit_limit_is_refused_and_writes_nothing():
    a, b = open_accounts(2, credit_limit=1_000)
    with pytest.raises(InsufficientCredit) as exc:
        services.transfer_post(actor=None, payer=a, payee=b, amount=1_001, idempotency_key="x")
    assert exc.value.available == 1_000
    assert balances(a, b) == [0, 0]
    assert not JournalTransaction.objects.exists()
    assert not Posting.objects.exists()


def test_debit_up_to_exactly_the_limit_is_allowed():
    a, b = open_accounts(2, credit_limit=1_000)
    services.transfer_post(actor=None, payer=a, payee=b, amount=1_000, idempotency_key="x")
    assert balances(a, b) == [-1_000, 1_000]


def test_maximum_balance_is_respected():
    a, b = open_accounts(2)
    Account.objects.filter(pk=b.pk).update(max_balance=500)
    with pytest.raises(MaximumBalanceExceeded):
        services.transfer_post(actor=None, payer=a, payee=b, amount=501, idempotency_key="m")
    assert balances(a, b) == [0, 0]


@pytest.mark.parametrize("amount", [0, -5, 12.5, "10", True])
def test_invalid_amounts_are_refused(amount):
    a, b = open_accounts(2)
    with pytest.raises(InvalidAmount):
        services.transfer_post(actor=None, payer=a, payee=b, amount=amount, idempotency_key="i")


def test_transfer_to_oneself_is_refused():
    (a,) = open_accounts(1)
    with pytest.raises(InvalidAmount):
        services.transfer_post(actor=None, payer=a, payee=a, amount=10, idempotency_key="self")


def test_accounts_of_different_networks_cannot_trade():
    (a,) = open_accounts(1)
    (b,) = open_accounts(1)
    with pytest.raises(AccountMismatch):
        services.transfer_post(actor=None, payer=a, payee=b, amount=10, idempotency_key="net")
    assert balances(a, b) == [0, 0]


def test_replaying_a_key_returns_the_first_result_and_moves_nothing():
    a, b = open_accounts(2)
    first = services.transfer_post(actor=None, payer=a, payee=b, amount=700, idempotency_key="same")
    again = services.transfer_post(actor=None, payer=a, payee=b, amount=700, idempotency_key="same")
    assert again.replayed
    assert again.transaction.pk == first.transaction.pk
    assert balances(a, b) == [-700, 700]
    assert JournalTransaction.objects.count() == 1


def test_same_key_with_a_different_request_is_refused():
    a, b = open_accounts(2)
    services.transfer_post(actor=None, payer=a, payee=b, amount=700, idempotency_key="same")
    with pytest.raises(IdempotencyConflict):
        services.transfer_post(actor=None, payer=a, payee=b, amount=701, idempotency_key="same")
    assert balances(a, b) == [-700, 700]


def test_a_refused_request_does_not_burn_its_key():
    a, b = open_accounts(2, credit_limit=100)
    with pytest.raises(InsufficientCredit):
        services.transfer_post(actor=None, payer=a, payee=b, amount=200, idempotency_key="retry")
    Account.objects.filter(pk=a.pk).update(credit_limit=500)
    a.refresh_from_db()
    result = services.transfer_post(
        actor=None, payer=a, payee=b, amount=200, idempotency_key="retry"
    )
    assert not result.replayed


def test_multi_leg_settlement_is_all_or_nothing():
    a, b, c = open_accounts(3, credit_limit=1_000)
    legs = [
        services.Leg(a.pk, -800),
        services.Leg(b.pk, 800),
        services.Leg(b.pk, -2_000),  # b nets -1,200 > its 1,000 limit: everything is refused
        services.Leg(c.pk, 2_000),
    ]
    with pytest.raises(InsufficientCredit):
        services.settlement_post(
            actor=None, network=a.network, legs=legs, idempotency_key="s", kind="swap"
        )
    assert balances(a, b, c) == [0, 0, 0]


def test_unbalanced_legs_are_refused():
    a, b = open_accounts(2)
    with pytest.raises(InvalidAmount):
        services.settlement_post(
            actor=None,
            network=a.network,
            legs=[services.Leg(a.pk, -100), services.Leg(b.pk, 99)],
            idempotency_key="u",
            kind="swap",
        )


def test_a_balanced_multi_leg_settlement_records_every_leg():
    a, b, c = open_accounts(3)
    legs = [
        services.Leg(b.pk, -300),
        services.Leg(a.pk, 300),  # a gives to b
        services.Leg(c.pk, -300),
        services.Leg(b.pk, 300),  # b gives to c
        services.Leg(a.pk, -300),
        services.Leg(c.pk, 300),  # c gives to a
    ]
    result = services.settlement_post(
        actor=None, network=a.network, legs=legs, idempotency_key="pure", kind="swap"
    )
    assert balances(a, b, c) == [0, 0, 0]
    assert result.transaction.postings.count() == 6
    assert list(b.postings.order_by("pk").values_list("amount", "balance_after")) == [
        (-300, -300),
        (300, 0),
    ]
    assert ledger_verify().ok


def test_limits_apply_to_the_net_of_an_accounts_legs():
    a, b = open_accounts(2, credit_limit=100)
    legs = [
        services.Leg(a.pk, -500),
        services.Leg(b.pk, 500),
        services.Leg(b.pk, -450),
        services.Leg(a.pk, 450),
    ]
    services.settlement_post(
        actor=None, network=a.network, legs=legs, idempotency_key="net", kind="swap"
    )
    assert balances(a, b) == [-50, 50]
