"""Seed the category tree from barter/data/taxonomy.py (idempotent: upsert by slug)."""

from django.db import migrations


def seed_categories(apps, schema_editor):
    from barter.data.taxonomy import sync_categories

    sync_categories(apps.get_model("barter", "Category"))


class Migration(migrations.Migration):
    dependencies = [("barter", "0001_initial")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
