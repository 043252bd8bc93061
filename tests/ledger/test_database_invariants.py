"""PostgreSQL itself refuses what would break the ledger, whatever the code above it does.

Transactional tests: deferred constraint triggers fire only when a transaction commits.
"""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from ledger import services
from ledger.models import Account, JournalTransaction, Posting
from tests.factories.ledger import open_accounts

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def insert_journal(network_id, key):
    return sql(
        "INSERT INTO ledger_journaltransaction (network_id, kind, memo, idempotency_key, request_hash, created_at)"
        " VALUES (%s, 'transfer', 'raw', %s, '', now()) RETURNING id",
        [network_id, key],
    )[0][0]


def test_an_unbalanced_raw_insert_is_rejected_at_commit():
    a, b = open_accounts(2)
    with pytest.raises(IntegrityError, match="unbalanced"), transaction.atomic():
        txn = insert_journal(a.network_id, "raw-1")
        sql("UPDATE ledger_account SET balance = -500 WHERE id = %s", [a.pk])
        sql("UPDATE ledger_account SET balance = 400 WHERE id = %s", [b.pk])
        sql(
            "INSERT INTO ledger_posting (transaction_id, account_id, amount, balance_after) VALUES (%s, %s, %s, %s)",
            [txn, a.pk, -500, -500],
        )
        sql(
            "INSERT INTO ledger_posting (transaction_id, account_id, amount, balance_after) VALUES (%s, %s, %s, %s)",
            [txn, b.pk, 400, 400],
        )
    assert not JournalTransaction.objects.exists()
    assert not Posting.objects.exists()


def test_a_journal_transaction_without_postings_is_rejected_at_commit():
    (a,) = open_accounts(1)
    with pytest.raises(IntegrityError, match="unbalanced"), transaction.atomic():
        insert_journal(a.network_id, "raw-empty")
    assert not JournalTransaction.objects.exists()


def test_postings_that_skip_the_account_cache_are_rejected():
    a, b = open_accounts(2)
    with pytest.raises(IntegrityError, match="caches balance 0"), transaction.atomic():
        txn = insert_journal(a.network_id, "raw-2")
        sql(
            "INSERT INTO ledger_posting (transaction_id, account_id, amount, balance_after)"
            " VALUES (%s, %s, -500, -500), (%s, %s, 500, 500)",
            [txn, a.pk, txn, b.pk],
        )
    assert not Posting.objects.exists()


def test_a_posting_that_breaks_the_running_balance_is_refused():
    a, _b = open_accounts(2)
    with pytest.raises(IntegrityError, match="running balance"), transaction.atomic():
        txn = insert_journal(a.network_id, "raw-3")
        sql(
            "INSERT INTO ledger_posting (transaction_id, account_id, amount, balance_after) VALUES (%s, %s, -500, 0)",
            [txn, a.pk],
        )


def test_a_cached_balance_edited_by_hand_is_rejected_at_commit():
    (a,) = open_accounts(1)
    with pytest.raises(IntegrityError, match="caches balance"), transaction.atomic():
        sql("UPDATE ledger_account SET balance = 1000 WHERE id = %s", [a.pk])
    assert Account.objects.get(pk=a.pk).balance == 0


def test_postings_and_transactions_cannot_be_updated_or_deleted():
    a, b = open_accounts(2)
    result = services.transfer_post(actor=None, payer=a, payee=b, amount=500, idempotency_key="t")
    posting = result.transaction.postings.first()
    statements = [
        ("UPDATE ledger_posting SET amount = 1 WHERE id = %s", posting.pk),
        ("DELETE FROM ledger_posting WHERE id = %s", posting.pk),
        (
            "UPDATE ledger_journaltransaction SET memo = 'edited' WHERE id = %s",
            result.transaction.pk,
        ),
        ("DELETE FROM ledger_journaltransaction WHERE id = %s", result.transaction.pk),
    ]
    for statement, pk in statements:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            sql(statement, [pk])
    with pytest.raises(DatabaseError, match="append-only"):
        Posting.objects.filter(pk=posting.pk).delete()
    assert Posting.objects.get(pk=posting.pk).amount == posting.amount


def test_the_database_refuses_a_balance_below_the_credit_limit():
    a, _b = open_accounts(2, credit_limit=1_000)
    with (
        pytest.raises(
            IntegrityError, match=r"account_balance_within_limit|account_available_gte_0"
        ),
        transaction.atomic(),
    ):
        sql("UPDATE ledger_account SET balance = -1001 WHERE id = %s", [a.pk])


def test_the_database_refuses_a_balance_above_the_maximum():
    (a,) = open_accounts(1)
    with (
        pytest.raises(IntegrityError, match="account_balance_within_maximum"),
        transaction.atomic(),
    ):
        sql("UPDATE ledger_account SET max_balance = 10, balance = 11 WHERE id = %s", [a.pk])
