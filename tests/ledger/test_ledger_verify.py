import pytest
from django.core.management import call_command
from django.db import connection

from ledger import services
from ledger.tasks import ledger_verify_nightly
from tests.factories.ledger import open_accounts

# Transactional: each write commits (PostgreSQL's deferred checks run at each commit, before the
# tampering), as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tamper(statement, params):
    """Write behind the services' back. On PostgreSQL the triggers would refuse it; replica mode
    switches them off for this session, as a rogue superuser could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(statement, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_verify_passes_on_a_sound_ledger(capsys):
    a, b = open_accounts(2)
    services.transfer_post(actor=None, payer=a, payee=b, amount=500, idempotency_key="t")
    services.hold_create(actor=None, account=a, amount=100, idempotency_key="h")
    call_command("ledger_verify")
    out = capsys.readouterr().out
    assert "ledger OK" in out
    assert "transactions: 1" in out


def test_verify_exits_1_and_names_a_tampered_balance(capsys):
    a, b = open_accounts(2)
    services.transfer_post(actor=None, payer=a, payee=b, amount=500, idempotency_key="t")
    tamper("UPDATE ledger_account SET balance = balance + 1 WHERE id = %s", [b.pk])
    with pytest.raises(SystemExit) as exc:
        call_command("ledger_verify")
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert f"account #{b.pk}: cached balance 501 but postings sum to 500" in err
    assert "balances sum to 1, not 0" in err


def test_verify_finds_an_unbalanced_transaction_and_a_broken_chain(capsys):
    a, b = open_accounts(2)
    result = services.transfer_post(actor=None, payer=a, payee=b, amount=500, idempotency_key="t")
    posting = result.transaction.postings.get(account=b)
    tamper("UPDATE ledger_posting SET amount = 499 WHERE id = %s", [posting.pk])
    with pytest.raises(SystemExit):
        call_command("ledger_verify")
    err = capsys.readouterr().err
    assert f"transaction #{result.transaction.pk}: 2 posting(s) summing to -1" in err
    assert f"posting #{posting.pk}" in err


def test_verify_finds_a_held_cache_that_disagrees_with_the_holds(capsys):
    (a,) = open_accounts(1)
    services.hold_create(actor=None, account=a, amount=100, idempotency_key="h")
    tamper("UPDATE ledger_account SET held = 0 WHERE id = %s", [a.pk])
    with pytest.raises(SystemExit):
        call_command("ledger_verify")
    assert "cached held 0 but active holds sum to 100" in capsys.readouterr().err


def test_nightly_task_reports(mailoutbox, settings):
    settings.ADMINS = [("ops", "ops@example.org")]
    (a,) = open_accounts(1)
    assert ledger_verify_nightly.delay().get()["ok"] is True
    tamper("UPDATE ledger_account SET balance = 7 WHERE id = %s", [a.pk])
    assert ledger_verify_nightly.delay().get()["ok"] is False
    assert mailoutbox and "violations" in mailoutbox[0].subject
