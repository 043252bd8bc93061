"""`seed_demo --reset`: a fresh database in place of the demo's, then a new demo.

The demo's ledger rows, like everybody's, can be neither deleted nor truncated: the ledger's
triggers refuse it and nothing switches them off, not even here. So the reset does not delete
the demo row by row; it replaces the database's content whole, then seeds again:

- PostgreSQL: the schema is dropped (`DROP SCHEMA … CASCADE`) and created again, migrated and
  seeded, all in one transaction: when anything fails, the previous demo is still there.
- SQLite file (`make demo`): the file is moved aside, a new one is created, migrated and seeded;
  when that fails the previous file is put back, otherwise it is deleted.
- SQLite in memory (the tests'): its tables are dropped, then it is migrated and seeded.

Since everything goes, the reset is refused, changing nothing, unless everything in the
database is the demo's (`demo_foreign_content` says what is not): the demo's networks and what
belongs to them (businesses, listings, ledger, swaps, partner clients…), the users the demo
created or who joined one of its networks, and the reference data the migrations create.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q

from barter.data.taxonomy import TAXONOMY
from barter.models import Business, Category, Listing, Network
from ledger.models import Account

from .context import DEFAULT_SEED, DEMO_GROUP, DEMO_NETWORK_SLUGS, DemoContext, DemoError
from .services import no_mail, seed_steps

NAMES_SHOWN = 10  # a refusal names this many users, networks… of each kind, then counts the rest


def demo_reset(*, seed: int = DEFAULT_SEED, stdout: TextIO | None = None) -> DemoContext:
    """Replace the database with a fresh one holding a new demo (see the module's docstring).

    Raises DemoError, changing nothing, when the database holds anything that is not the demo's.
    The returned context's `replaced` counts what the previous demo had.
    """
    foreign = demo_foreign_content()
    if foreign:
        raise DemoError(
            "--reset replaces the whole database, and this one holds what the demo did not "
            "create: " + "; ".join(foreign) + ". Nothing was changed. Seed the demo in another "
            "database (DATABASE_URL), or remove these first."
        )
    replaced = _demo_counts() if Network._meta.db_table in _tables() else {}
    with no_mail(), fresh_database(), transaction.atomic():
        context = seed_steps(seed=seed, stdout=stdout)
    context.replaced = replaced
    return context


def demo_foreign_content() -> list[str]:
    """What in this database is not the demo's, one phrase per kind; empty when a reset would
    lose nothing but the demo."""
    found = []
    tables = _tables()
    foreign_tables = sorted(tables - _platform_tables())
    if foreign_tables:
        found.append("tables that are not the platform's: " + _names(foreign_tables))
    if Network._meta.db_table not in tables:
        return found  # not migrated yet: nothing of the platform's to lose
    demo_networks = Network.objects.filter(slug__in=DEMO_NETWORK_SLUGS)
    if demo_networks.exists() and not Group.objects.filter(name=DEMO_GROUP).exists():
        found.append(
            "networks with the demo's slugs that the demo did not seed: "
            + _names(demo_networks.order_by("slug").values_list("name", flat=True))
        )
    others = Network.objects.exclude(slug__in=DEMO_NETWORK_SLUGS).order_by("slug")
    if others.exists():
        found.append("other networks: " + _names(others.values_list("name", flat=True)))
    User = get_user_model()
    demo_users = User.objects.filter(
        Q(groups__name=DEMO_GROUP)
        | Q(memberships__business__network__in=demo_networks)
        | Q(coordinated_networks__in=demo_networks)
        | Q(delegated_networks__in=demo_networks)
        | Q(partner_client__network__in=demo_networks)
    )
    users = User.objects.exclude(pk__in=demo_users.values("pk")).order_by("username")
    if users.exists():
        found.append(
            "users who belong to none of its networks: "
            + _names(users.values_list("username", flat=True))
        )
    groups = Group.objects.exclude(name=DEMO_GROUP).order_by("name")
    if groups.exists():
        found.append("user groups: " + _names(groups.values_list("name", flat=True)))
    slugs = [root for root, _, _, _ in TAXONOMY]
    slugs += [leaf for _, _, _, leaves in TAXONOMY for leaf, _, _ in leaves]
    categories = Category.objects.exclude(slug__in=slugs).order_by("slug")
    if categories.exists():
        found.append(
            "categories added by hand: " + _names(categories.values_list("slug", flat=True))
        )
    return found


def _names(values) -> str:
    values = list(values)
    shown = ", ".join(str(value) for value in values[:NAMES_SHOWN])
    rest = len(values) - NAMES_SHOWN
    return shown + (f" and {rest} more" if rest > 0 else "")


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor, include_views=True))


def _platform_tables() -> set[str]:
    return set(connection.introspection.django_table_names()) | {"django_migrations"}


def _demo_counts() -> dict[str, int]:
    networks = Network.objects.filter(slug__in=DEMO_NETWORK_SLUGS)
    return {
        "networks": networks.count(),
        "businesses": Business.objects.filter(network__in=networks).count(),
        "listings": Listing.objects.filter(business__network__in=networks).count(),
        "ledger accounts": Account.objects.filter(network__in=networks).count(),
        "users": get_user_model().objects.count(),
    }


@contextmanager
def fresh_database() -> Iterator[None]:
    """An empty, migrated database for the block, in place of the current one.

    PostgreSQL: the block runs in the transaction that recreated the schema, so a failure in it
    brings the previous schema back. SQLite file: a failure puts the previous file back. SQLite
    in memory: nothing is brought back.
    """
    if connection.vendor == "postgresql":
        with transaction.atomic(durable=True):
            _recreate_schema()
            _migrate()
            yield
    elif connection.is_in_memory_db():
        _drop_tables()
        _migrate()
        yield
    else:
        with _new_sqlite_file():
            _migrate()
            yield


def _recreate_schema() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        name = connection.ops.quote_name(schema)
        cursor.execute(f"DROP SCHEMA {name} CASCADE")
        cursor.execute(f"CREATE SCHEMA {name}")


@contextmanager
def _new_sqlite_file() -> Iterator[None]:
    path = Path(connection.settings_dict["NAME"])
    previous = path.with_name(path.name + ".replaced")
    connection.close()
    os.replace(path, previous)
    try:
        yield  # Django opens, and so creates, a new file at `path`
    except BaseException:
        connection.close()
        path.unlink(missing_ok=True)
        os.replace(previous, path)
        raise
    previous.unlink()


def _drop_tables() -> None:
    with connection.constraint_checks_disabled(), connection.cursor() as cursor:
        for table in connection.introspection.get_table_list(cursor):
            kind = "VIEW" if table.type == "v" else "TABLE"
            cursor.execute(f"DROP {kind} {connection.ops.quote_name(table.name)}")


def _migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    ContentType.objects.clear_cache()  # the content types were created again, with new ids
