"""Indexes the reports need on the ledger's tables.

An index belongs to the table's own app, but ledger/ is not the reports' to edit and
`migrations.AddIndex` cannot target another app's model: the indexes are created here with
plain SQL (`CREATE INDEX IF NOT EXISTS`), guarded by vendor (INCLUDE columns on PostgreSQL).

- reports_posting_account_txn: the postings of one account in transaction order, with their
  amounts and running balances in the index itself: the commission collected (postings of the
  network account), a business's balance over time, balances at an instant.
- reports_txn_network_created: a network's journal transactions by date, with their kind and id
  in the index (index-only scans): the exchanges of a period, the postings after (or before)
  an instant for balances at that instant.
"""

from django.db import migrations

INDEXES = {
    "reports_posting_account_txn": (
        "ledger_posting (account_id, transaction_id)",
        " INCLUDE (amount, balance_after)",
    ),
    "reports_txn_network_created": (
        "ledger_journaltransaction (network_id, created_at)",
        " INCLUDE (kind, id)",
    ),
}


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, (target, include) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target}{include if postgres else ''}"
        )


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_posting_checks_at_insert")]

    operations = [migrations.RunPython(create, drop)]
