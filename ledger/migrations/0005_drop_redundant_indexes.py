"""Drop two single-column indexes that composite indexes already start with.

Every index on the ledger's tables is written by every transfer: `ledger_posting (account_id)`
duplicates the head of `posting_account_latest (account_id, id DESC)`, and
`ledger_journaltransaction (network_id)` the head of `txn_network_kind_date`.

The model state changes (db_index=False); the database change runs on PostgreSQL only, where
it is a plain DROP INDEX. On SQLite, Django would rebuild both append-only tables for it; the
indexes stay there.
"""

import django.db.models.deletion
from django.db import migrations, models

REDUNDANT = [("ledger_posting", "account_id"), ("ledger_journaltransaction", "network_id")]


def _single_column_indexes(cursor, connection, table: str, column: str) -> list[str]:
    constraints = connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and info["columns"] == [column]
    ]


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table, column in REDUNDANT:
            for name in _single_column_indexes(cursor, connection, table, column):
                schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for table, column in REDUNDANT:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_{column}_single" ON "{table}" ("{column}")'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("barter", "0006_network_delegates"),
        ("ledger", "0004_posting_checks_at_insert"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="journaltransaction",
                    name="network",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="transactions",
                        to="barter.network",
                        verbose_name="network",
                    ),
                ),
                migrations.AlterField(
                    model_name="posting",
                    name="account",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="postings",
                        to="ledger.account",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        )
    ]
