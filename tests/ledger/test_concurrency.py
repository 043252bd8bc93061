"""The ledger under concurrency and crashes, on PostgreSQL (transactional tests, real threads,
each with its own database connection)."""

import random
import threading
import time
from collections import Counter

import pytest
from django.db import DatabaseError, OperationalError, connection, connections

from ledger import services
from ledger.errors import InsufficientCredit
from ledger.models import Account, JournalTransaction, Posting
from ledger.selectors import ledger_verify
from tests.factories.ledger import open_accounts

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_threads(n, target):
    """Run target(index) in n threads started together; return their results (or exceptions)."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def wrapper(index):
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as exc:  # the test inspects what each thread met
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapper, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_bank_test_32_threads_random_transfers_among_hot_accounts():
    accounts = open_accounts(4, credit_limit=20_000)
    ids = [a.pk for a in accounts]
    deadline = time.monotonic() + 4.0

    def worker(index):
        rng = random.Random(index)
        outcome = Counter()
        n = 0
        while time.monotonic() < deadline:
            payer, payee = rng.sample(ids, 2)
            try:
                services.transfer_post(
                    actor=None,
                    payer=Account.objects.get(pk=payer),
                    payee=Account.objects.get(pk=payee),
                    amount=rng.randint(1, 6_000),
                    idempotency_key=f"bank-{index}-{n}",
                )
                outcome["ok"] += 1
            except InsufficientCredit:
                outcome["refused"] += 1
            n += 1
        return outcome

    results = run_threads(32, worker)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    totals = sum(results, Counter())
    assert totals["ok"] > 100, totals
    assert totals["refused"] > 0, "the test should push accounts against their limits"
    assert JournalTransaction.objects.count() == totals["ok"]
    balances = list(Account.objects.filter(pk__in=ids).values_list("balance", "credit_limit"))
    assert sum(b for b, _ in balances) == 0
    assert all(b >= -limit for b, limit in balances)
    report = ledger_verify()
    assert report.ok, report.violations


def test_overdraft_race_exactly_the_debits_that_fit_succeed():
    payer, payee = open_accounts(2, credit_limit=1_000)

    def debit(index):
        return services.transfer_post(
            actor=None,
            payer=Account.objects.get(pk=payer.pk),
            payee=Account.objects.get(pk=payee.pk),
            amount=100,
            idempotency_key=f"race-{index}",
        )

    results = run_threads(24, debit)
    succeeded = [r for r in results if isinstance(r, services.PostResult)]
    refused = [r for r in results if isinstance(r, InsufficientCredit)]
    assert len(succeeded) == 10
    assert len(refused) == 14
    assert Account.objects.get(pk=payer.pk).balance == -1_000
    assert ledger_verify().ok


def test_concurrent_calls_with_one_key_post_exactly_once():
    payer, payee = open_accounts(2)

    def call(index):
        return services.transfer_post(
            actor=None,
            payer=Account.objects.get(pk=payer.pk),
            payee=Account.objects.get(pk=payee.pk),
            amount=1_234,
            idempotency_key="one-key",
        )

    results = run_threads(16, call)
    assert all(isinstance(r, services.PostResult) for r in results), results
    assert len({r.transaction.pk for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    assert JournalTransaction.objects.count() == 1
    assert Account.objects.get(pk=payer.pk).balance == -1_234


def test_concurrent_holds_never_overcommit_the_available_credit():
    (account,) = open_accounts(1, credit_limit=1_000)

    def hold(index):
        return services.hold_create(
            actor=None,
            account=Account.objects.get(pk=account.pk),
            amount=300,
            idempotency_key=f"h{index}",
        )

    results = run_threads(12, hold)
    assert sum(not isinstance(r, Exception) for r in results) == 3
    assert Account.objects.get(pk=account.pk).held == 900
    assert ledger_verify().ok


def test_an_exception_between_the_writes_leaves_nothing(monkeypatch):
    payer, payee = open_accounts(2)
    real_batch = services._batch
    calls = []

    def crash_after_the_postings(cursor, statements):
        calls.append(len(statements))
        if len(calls) == 2:  # the writes: balances updated, then the crash before the postings
            real_batch(cursor, statements[:1])
            raise RuntimeError("crash after the balances, before the postings")
        return real_batch(cursor, statements)

    monkeypatch.setattr(services, "_batch", crash_after_the_postings)
    with pytest.raises(RuntimeError):
        services.transfer_post(
            actor=None, payer=payer, payee=payee, amount=500, idempotency_key="boom"
        )
    monkeypatch.undo()
    assert len(calls) == 2
    assert not JournalTransaction.objects.exists()
    assert not Posting.objects.exists()
    assert [a.balance for a in Account.objects.filter(pk__in=[payer.pk, payee.pk])] == [0, 0]
    assert services.transfer_post(
        actor=None, payer=payer, payee=payee, amount=500, idempotency_key="boom"
    )
    assert ledger_verify().ok


def test_a_backend_killed_mid_transfer_leaves_nothing(monkeypatch):
    payer, payee = open_accounts(2)
    locked = threading.Event()
    backend = {}
    real_apply = services._apply

    def slow_apply(**kwargs):
        backend["pid"] = connection.connection.info.backend_pid
        locked.set()
        time.sleep(5)  # the test kills this backend meanwhile
        return real_apply(**kwargs)

    monkeypatch.setattr(services, "_apply", slow_apply)

    def transfer(_):
        return services.transfer_post(
            actor=None,
            payer=Account.objects.get(pk=payer.pk),
            payee=Account.objects.get(pk=payee.pk),
            amount=700,
            idempotency_key="killed",
        )

    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(r=run_threads(1, transfer)[0]))
    thread.start()
    assert locked.wait(20)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend["pid"]])
    thread.join(30)
    assert isinstance(outcome["r"], (OperationalError, DatabaseError)), outcome
    assert not JournalTransaction.objects.exists()
    assert not Posting.objects.exists()
    assert sorted(
        Account.objects.filter(pk__in=[payer.pk, payee.pk]).values_list("balance", flat=True)
    ) == [0, 0]
    assert ledger_verify().ok
