"""Check postings against their account when they are inserted, instead of again at commit.

The posting path updates the accounts' cached balances first, then inserts the postings (an
account may take several postings in one transaction: a swap's participant gives and receives):
- each posting must continue its account's running balance (row-level BEFORE INSERT, 0002);
- after each INSERT statement, every account touched must cache the running balance of its
  latest posting (statement-level, with the inserted rows as a transition table).
With the deferred check on the account at commit (its cached balance equals its latest posting's
running balance), a posting can skip neither the cache, nor the cache a posting; the per-posting
deferred check of 0002 goes.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION ledger_check_postings_land_on_cache() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT last.account_id, last.balance_after, a.balance INTO bad
    FROM (
        SELECT DISTINCT ON (account_id) account_id, balance_after
        FROM new_postings ORDER BY account_id, id DESC
    ) AS last
    JOIN ledger_account a ON a.id = last.account_id
    WHERE a.balance <> last.balance_after
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'postings on account % end at % but the account caches balance %',
            bad.account_id, bad.balance_after, bad.balance
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ledger_postings_land_on_cache AFTER INSERT ON ledger_posting
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_postings_land_on_cache();

DROP TRIGGER IF EXISTS ledger_posting_account_cache_consistent ON ledger_posting;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS ledger_postings_land_on_cache ON ledger_posting;
DROP FUNCTION IF EXISTS ledger_check_postings_land_on_cache();
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
