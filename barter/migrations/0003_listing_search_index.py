"""PostgreSQL only: a GIN index on the listings' weighted French full-text vector.

The expression must stay identical to barter.selectors.listing_search_vector() for the planner
to use the index (tests/barter/test_listing_search.py checks the plan).
"""

from django.db import migrations

INDEX_SQL = """
CREATE INDEX IF NOT EXISTS listing_search_fr ON barter_listing USING gin ((
    setweight(to_tsvector('french'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('french'::regconfig, COALESCE(description, '')), 'B')
))
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS listing_search_fr")


class Migration(migrations.Migration):
    dependencies = [("barter", "0002_seed_categories")]

    operations = [migrations.RunPython(create_index, drop_index)]
