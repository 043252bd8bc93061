"""The ledger against an in-memory model of mutual credit (hypothesis stateful testing).

Each step applies an operation both to the real ledger (the service functions, the database) and
to a few lines of Python that say what mutual credit means; they must agree on every outcome and
every balance, and the database's own verification must find nothing wrong.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from ledger import services
from ledger.errors import HoldNotActive, IdempotencyConflict, InsufficientCredit, LimitBelowUsage
from ledger.models import Account
from ledger.selectors import ledger_verify
from tests.factories.barter import NetworkFactory, UserFactory
from tests.factories.ledger import open_accounts

N_ACCOUNTS = 4


class LedgerMachine(RuleBasedStateMachine):
    holds = Bundle("holds")
    keys = Bundle("keys")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.coordinator = UserFactory(is_superuser=True, username=f"admin-{id(self)}")
        network = NetworkFactory()
        self.accounts = open_accounts(N_ACCOUNTS, credit_limit=5_000, network=network)
        self.balance = {a.pk: 0 for a in self.accounts}
        self.held = {a.pk: 0 for a in self.accounts}
        self.limit = {a.pk: 5_000 for a in self.accounts}
        self.hold_state = {}  # hold pk -> (account pk, amount, status)
        self.requests = {}  # idempotency key -> (payer, payee, amount)
        self.counter = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def available(self, pk):
        return self.balance[pk] - self.held[pk] + self.limit[pk]

    def account(self, index):
        return Account.objects.get(pk=self.accounts[index].pk)

    def next_key(self):
        self.counter += 1
        return f"key-{self.counter}"

    @rule(
        target=keys,
        payer=st.integers(0, N_ACCOUNTS - 1),
        payee=st.integers(0, N_ACCOUNTS - 1),
        amount=st.integers(1, 7_000),
    )
    def transfer(self, payer, payee, amount):
        if payer == payee:
            payee = (payee + 1) % N_ACCOUNTS
        a, b = self.account(payer), self.account(payee)
        key = self.next_key()
        expected_ok = amount <= self.available(a.pk)
        try:
            services.transfer_post(actor=None, payer=a, payee=b, amount=amount, idempotency_key=key)
            assert expected_ok
            self.balance[a.pk] -= amount
            self.balance[b.pk] += amount
            self.requests[key] = (payer, payee, amount)
        except InsufficientCredit:
            assert not expected_ok
        return key

    @precondition(lambda self: bool(self.requests))
    @rule(key=keys, change=st.booleans())
    def replay(self, key, change):
        if key not in self.requests:
            return
        payer, payee, amount = self.requests[key]
        a, b = self.account(payer), self.account(payee)
        if change:
            with pytest.raises(IdempotencyConflict):
                services.transfer_post(
                    actor=None, payer=a, payee=b, amount=amount + 1, idempotency_key=key
                )
        else:
            result = services.transfer_post(
                actor=None, payer=a, payee=b, amount=amount, idempotency_key=key
            )
            assert result.replayed

    @rule(target=holds, index=st.integers(0, N_ACCOUNTS - 1), amount=st.integers(1, 6_000))
    def hold(self, index, amount):
        account = self.account(index)
        expected_ok = amount <= self.available(account.pk)
        try:
            hold = services.hold_create(
                actor=None, account=account, amount=amount, idempotency_key=self.next_key()
            )
        except InsufficientCredit:
            assert not expected_ok
            return None
        assert expected_ok
        self.held[account.pk] += amount
        self.hold_state[hold.pk] = (account.pk, amount, "active")
        return hold

    @rule(hold=holds)
    def release(self, hold):
        if hold is None:
            return
        account_pk, amount, status = self.hold_state[hold.pk]
        if status == "posted":
            with pytest.raises(HoldNotActive):
                services.hold_release(actor=None, hold=hold)
            return
        services.hold_release(actor=None, hold=hold)
        if status == "active":
            self.held[account_pk] -= amount
        self.hold_state[hold.pk] = (account_pk, amount, "released")

    @rule(hold=holds, payee=st.integers(0, N_ACCOUNTS - 1))
    def post_hold(self, hold, payee):
        if hold is None:
            return
        account_pk, amount, status = self.hold_state[hold.pk]
        target = self.accounts[payee].pk
        if target == account_pk:
            target = self.accounts[(payee + 1) % N_ACCOUNTS].pk
        legs = [services.Leg(target, amount)]
        if status != "active":
            with pytest.raises(HoldNotActive):
                services.hold_post(
                    actor=None,
                    hold=hold,
                    credits=legs,
                    idempotency_key=self.next_key(),
                    kind="purchase",
                )
            return
        services.hold_post(
            actor=None, hold=hold, credits=legs, idempotency_key=self.next_key(), kind="purchase"
        )
        self.held[account_pk] -= amount
        self.balance[account_pk] -= amount
        self.balance[target] += amount
        self.hold_state[hold.pk] = (account_pk, amount, "posted")

    @rule(index=st.integers(0, N_ACCOUNTS - 1), limit=st.integers(0, 9_000))
    def set_limit(self, index, limit):
        account = self.account(index)
        used = self.held[account.pk] - self.balance[account.pk]
        try:
            services.credit_limit_set(
                actor=self.coordinator, account=account, credit_limit=limit, reason="test"
            )
        except LimitBelowUsage:
            assert used > limit
            return
        assert used <= limit
        self.limit[account.pk] = limit

    @invariant()
    def balances_agree_with_the_model(self):
        rows = dict(Account.objects.filter(pk__in=self.balance).values_list("pk", "balance"))
        held = dict(Account.objects.filter(pk__in=self.balance).values_list("pk", "held"))
        assert rows == self.balance
        assert held == self.held
        assert sum(self.balance.values()) == 0

    @invariant()
    def nothing_is_ever_beyond_its_limit(self):
        for pk in self.balance:
            assert self.available(pk) >= 0


@pytest.mark.django_db
def test_ledger_behaves_like_the_model_of_mutual_credit():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    assert get_user_model().objects.count() == 0  # every example rolled back


@pytest.mark.django_db
def test_verify_finds_nothing_after_a_long_random_run():
    machine = LedgerMachine()
    try:
        import random

        rng = random.Random(7)
        for _ in range(200):
            machine.transfer(
                rng.randrange(N_ACCOUNTS), rng.randrange(N_ACCOUNTS), rng.randint(1, 3_000)
            )
        report = ledger_verify()
        assert report.ok, report.violations
        assert report.transactions > 50
    finally:
        machine.teardown()
