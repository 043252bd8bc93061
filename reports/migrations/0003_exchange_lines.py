"""The exchange lines read model (reports/models.py), filled from the settled purchases and swap
legs already in the database. The statement is frozen here; reports/services.py holds the live
one (`manage.py reports_rebuild`)."""

import django.db.models.deletion
from django.db import migrations, models


FEE = (
    "(SELECT COALESCE(SUM(p.amount), 0) FROM ledger_posting p JOIN ledger_account a "
    "ON a.id = p.account_id WHERE p.transaction_id = t.id AND a.kind = 'network')"
)
BACKFILL = (
    "INSERT INTO reports_exchangeline (network_id, transaction_id, at, src, position, buyer_id, "
    "seller_id, value, commission, fee, item_id, proposal_id) "
    "SELECT t.network_id, t.id, t.created_at, 0, 0, pu.buyer_id, pu.seller_id, pu.total, "
    f"pu.commission, {FEE}, pu.listing_id, NULL FROM barter_purchase pu "
    "JOIN ledger_journaltransaction t ON t.id = pu.settlement_id WHERE t.kind = 'purchase' "
    "UNION ALL "
    "SELECT t.network_id, t.id, t.created_at, 1, l.position, l.receiver_id, l.giver_id, l.value, "
    f"0, CASE WHEN l.position = 0 THEN {FEE} ELSE 0 END, l.offer_id, l.proposal_id "
    "FROM matching_proposalleg l "
    "JOIN matching_proposal pr ON pr.id = l.proposal_id "
    "JOIN ledger_journaltransaction t ON t.id = pr.settlement_id WHERE t.kind = 'swap'"
)


def backfill(apps, schema_editor):
    schema_editor.execute(BACKFILL)


class Migration(migrations.Migration):

    dependencies = [
        ('barter', '0006_network_delegates'),
        ('ledger', '0006_posting_account_chain'),
        ('matching', '0001_initial'),
        ('reports', '0002_drop_posting_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='ExchangeLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(verbose_name='settled')),
                ('src', models.SmallIntegerField(choices=[(0, 'direct purchase'), (1, 'swap leg')], verbose_name='source')),
                ('position', models.SmallIntegerField(default=0, verbose_name='position')),
                ('value', models.BigIntegerField(verbose_name='value (cents)')),
                ('commission', models.BigIntegerField(default=0, verbose_name='commission (cents)')),
                ('fee', models.BigIntegerField(default=0, verbose_name="network's receipt (cents)")),
                ('buyer', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='barter.business')),
                ('item', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='barter.listing')),
                ('network', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='barter.network')),
                ('proposal', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='matching.proposal')),
                ('seller', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='barter.business')),
                ('transaction', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ledger.journaltransaction')),
            ],
            options={
                'verbose_name': 'exchange line',
                'verbose_name_plural': 'exchange lines',
                'indexes': [models.Index(fields=['network', 'at'], name='line_network_at'), models.Index(fields=['buyer', 'at'], name='line_buyer_at'), models.Index(fields=['seller', 'at'], name='line_seller_at')],
                'constraints': [models.UniqueConstraint(fields=('transaction', 'position'), name='line_once')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
