"""Seed the category tree from barter/data/taxonomy.py (idempotent: upsert by slug)."""

from django.db import migrations


def seed_categories(apps, schema_editor):
    from barter.data.taxonomy import TAXONOMY

    Category = apps.get_model("barter", "Category")
    for root_position, (slug, name_fr, name_en, children) in enumerate(TAXONOMY):
        root, _ = Category.objects.update_or_create(
            slug=slug,
            defaults={"name_fr": name_fr, "name_en": name_en, "parent": None, "position": root_position},
        )
        for position, (child_slug, child_fr, child_en) in enumerate(children):
            Category.objects.update_or_create(
                slug=child_slug,
                defaults={"name_fr": child_fr, "name_en": child_en, "parent": root, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("barter", "0001_initial")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
