"""The ledger's invariants, enforced by PostgreSQL itself (not only by ledger/services.py).

1. Journal transactions, postings and audit entries are append-only: UPDATE and DELETE are refused.
   (TRUNCATE stays possible for the table owner: that is an operator's act, and how test
   databases are flushed.)
2. At commit (deferred constraint triggers), every journal transaction has at least two postings
   summing to zero.
3. Each posting's balance_after continues its account's chain (previous balance_after + amount),
   and at commit every touched account's cached balance equals its latest balance_after — so the
   cached balance equals the sum of its postings — and its cached `held` equals the sum of its
   active holds.
4. Check constraints (migration 0001, on every database): balance >= -credit_limit,
   balance - held >= -credit_limit, balance <= max_balance where set, amounts not zero.
With 2 and 3, the sum of all balances of a network is always zero.

SQLite (the demo default) has the check constraints of 0001 only; the services enforce the rest.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation',
              HINT = 'Correct a mistake with a reversing transaction.';
END $$;

CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_journal_append_only BEFORE UPDATE OR DELETE ON ledger_journaltransaction
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_audit_append_only BEFORE UPDATE OR DELETE ON ledger_auditentry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE OR REPLACE FUNCTION ledger_check_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    txn bigint;
    total numeric;
    n integer;
BEGIN
    IF TG_TABLE_NAME = 'ledger_posting' THEN
        txn := NEW.transaction_id;
    ELSE
        txn := NEW.id;
    END IF;
    SELECT coalesce(sum(amount), 0), count(*) INTO total, n
        FROM ledger_posting WHERE transaction_id = txn;
    IF n < 2 OR total <> 0 THEN
        RAISE EXCEPTION 'journal transaction % is unbalanced: % posting(s) summing to %', txn, n, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_transaction_balanced();
CREATE CONSTRAINT TRIGGER ledger_journal_balanced AFTER INSERT ON ledger_journaltransaction
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_transaction_balanced();

CREATE OR REPLACE FUNCTION ledger_check_posting_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous bigint;
BEGIN
    SELECT balance_after INTO previous FROM ledger_posting
        WHERE account_id = NEW.account_id AND id < NEW.id ORDER BY id DESC LIMIT 1;
    IF coalesce(previous, 0) + NEW.amount <> NEW.balance_after THEN
        RAISE EXCEPTION 'posting on account % breaks its running balance: % + % <> %',
            NEW.account_id, coalesce(previous, 0), NEW.amount, NEW.balance_after
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER ledger_posting_chain BEFORE INSERT ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_check_posting_chain();

CREATE OR REPLACE FUNCTION ledger_check_account_cache() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    acct bigint;
    cached_balance bigint;
    cached_held bigint;
    latest bigint;
    active_held numeric;
BEGIN
    IF TG_TABLE_NAME = 'ledger_posting' THEN
        acct := NEW.account_id;
    ELSE
        acct := NEW.id;
    END IF;
    SELECT balance, held INTO cached_balance, cached_held FROM ledger_account WHERE id = acct;
    SELECT balance_after INTO latest FROM ledger_posting
        WHERE account_id = acct ORDER BY id DESC LIMIT 1;
    IF coalesce(latest, 0) <> cached_balance THEN
        RAISE EXCEPTION 'account % caches balance % but its postings add up to %',
            acct, cached_balance, coalesce(latest, 0)
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT coalesce(sum(amount), 0) INTO active_held FROM ledger_hold
        WHERE account_id = acct AND status = 'active';
    IF active_held <> cached_held THEN
        RAISE EXCEPTION 'account % caches held % but its active holds add up to %',
            acct, cached_held, active_held
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_account_cache_consistent AFTER INSERT OR UPDATE ON ledger_account
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_account_cache();
CREATE CONSTRAINT TRIGGER ledger_posting_account_cache_consistent AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_account_cache();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS ledger_posting_account_cache_consistent ON ledger_posting;
DROP TRIGGER IF EXISTS ledger_account_cache_consistent ON ledger_account;
DROP FUNCTION IF EXISTS ledger_check_account_cache();
DROP TRIGGER IF EXISTS ledger_posting_chain ON ledger_posting;
DROP FUNCTION IF EXISTS ledger_check_posting_chain();
DROP TRIGGER IF EXISTS ledger_journal_balanced ON ledger_journaltransaction;
DROP TRIGGER IF EXISTS ledger_posting_balanced ON ledger_posting;
DROP FUNCTION IF EXISTS ledger_check_transaction_balanced();
DROP TRIGGER IF EXISTS ledger_audit_append_only ON ledger_auditentry;
DROP TRIGGER IF EXISTS ledger_journal_append_only ON ledger_journaltransaction;
DROP TRIGGER IF EXISTS ledger_posting_append_only ON ledger_posting;
DROP FUNCTION IF EXISTS ledger_refuse_change();
"""


def _run(schema_editor, sql: str) -> None:
    # A plain cursor: the SQL holds literal % signs that a parameter parser would misread.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
