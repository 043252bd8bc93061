"""ExchangeLine.fee: what the network's account received in the line's settling transaction,
on the settlement's first line. Filled from the ledger's postings for the lines already there
(the statement is frozen here; reports/services.py holds the live one)."""

from django.db import migrations, models

FILL = (
    "UPDATE reports_exchangeline SET fee = (SELECT COALESCE(SUM(p.amount), 0) "
    "FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id "
    "WHERE p.transaction_id = reports_exchangeline.transaction_id AND a.kind = 'network') "
    "WHERE position = 0"
)


def fill(apps, schema_editor):
    schema_editor.execute(FILL)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_exchange_lines'),
    ]

    operations = [
        migrations.AddField(
            model_name='exchangeline',
            name='fee',
            field=models.BigIntegerField(default=0, verbose_name="network's receipt (cents)"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
