"""Check a posting against its account when it is inserted, instead of again at commit.

The posting path now updates the account's cached balance first, then inserts the posting:
the BEFORE INSERT trigger checks that the posting continues its account's running balance AND
lands on the account's cached balance. Together with the deferred check on the account (its
cached balance equals its latest posting's running balance, at commit), a posting can neither
skip the cache nor the cache skip a posting — and the per-posting deferred check of 0002 goes.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION ledger_check_posting_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous bigint;
    cached bigint;
BEGIN
    SELECT balance_after INTO previous FROM ledger_posting
        WHERE account_id = NEW.account_id AND id < NEW.id ORDER BY id DESC LIMIT 1;
    IF coalesce(previous, 0) + NEW.amount <> NEW.balance_after THEN
        RAISE EXCEPTION 'posting on account % breaks its running balance: % + % <> %',
            NEW.account_id, coalesce(previous, 0), NEW.amount, NEW.balance_after
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT balance INTO cached FROM ledger_account WHERE id = NEW.account_id;
    IF cached IS DISTINCT FROM NEW.balance_after THEN
        RAISE EXCEPTION 'posting on account % lands on % but the account caches balance %',
            NEW.account_id, NEW.balance_after, cached
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS ledger_posting_account_cache_consistent ON ledger_posting;
"""

BACKWARD = r"""
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

CREATE CONSTRAINT TRIGGER ledger_posting_account_cache_consistent AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_account_cache();
"""


def _run(schema_editor, sql: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_invoicecounter_invoice")]

    operations = [migrations.RunPython(forward, backward)]
