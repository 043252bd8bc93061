"""One index on postings by account instead of two.

`posting_account_latest (account_id, id DESC)` served the running-balance chain (the previous
posting of an account), statements and ledger_verify; the reports added their own covering
index `(account_id, transaction_id) INCLUDE (amount, balance_after)`. Every index on postings is
written by every transfer (two postings each), and the second one cost about a fifth of a
transfer. `posting_account_chain (account_id, id) INCLUDE (transaction_id, amount,
balance_after)` serves all of them: the chain check and statements read it in id order (forwards
or backwards), and the reports' scans of an account's postings stay index-only. The reports'
index is dropped by reports 0002.

INCLUDE exists on PostgreSQL only; on SQLite the index has the two key columns.
"""

from django.db import migrations, models

COLUMNS = "(account_id, id)"
INCLUDE = " INCLUDE (transaction_id, amount, balance_after)"


def create(apps, schema_editor):
    include = INCLUDE if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS posting_account_chain ON ledger_posting {COLUMNS}{include}"
    )
    schema_editor.execute("DROP INDEX IF EXISTS posting_account_latest")


def restore(apps, schema_editor):
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS posting_account_latest ON ledger_posting (account_id, id DESC)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS posting_account_chain")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0005_drop_redundant_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="posting", name="posting_account_latest"),
                migrations.AddIndex(
                    model_name="posting",
                    index=models.Index(fields=["account", "id"], name="posting_account_chain"),
                ),
            ],
            database_operations=[migrations.RunPython(create, restore)],
        )
    ]
