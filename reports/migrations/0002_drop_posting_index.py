"""Drop the reports' covering index on postings: ledger 0006's `posting_account_chain
(account_id, id) INCLUDE (transaction_id, amount, balance_after)` serves the same scans (an
account's postings with their amounts and running balances, index-only), and each index on
postings is written by every transfer. Measured on bench/reports_bench.py (10,000 businesses,
1,000,000 postings): no page slower."""

from django.db import migrations


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS reports_posting_account_txn")


def create(apps, schema_editor):
    include = (
        " INCLUDE (amount, balance_after)"
        if schema_editor.connection.vendor == "postgresql"
        else ""
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS reports_posting_account_txn "
        f"ON ledger_posting (account_id, transaction_id){include}"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_report_indexes"),
        ("ledger", "0006_posting_account_chain"),
    ]

    operations = [migrations.RunPython(drop, create)]
