"""`seed_demo --reset`: a fresh database (schema or file) holding a new, identical demo; refused,
changing nothing, when the database holds anything the demo did not create. It never switches
the ledger's triggers off and never deletes or truncates a ledger row."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from barter.models import Business, Category, Listing, Network
from demo import context as demo
from demo.context import DemoError
from demo.services import demo_seed
from ledger.models import Posting
from reports.services import exchange_lines_differences


def snapshot():
    """The demo's data in creation order (not its ids: sequences differ between databases)."""
    businesses = Business.objects.filter(network__slug__in=demo.DEMO_NETWORK_SLUGS)
    return (
        list(businesses.order_by("pk").values_list("legal_name", "siret", "status")),
        list(
            Listing.objects.filter(business__in=businesses)
            .order_by("pk")
            .values_list("business__legal_name", "title", "value", "status")
        ),
        list(
            get_user_model()
            .objects.filter(groups__name=demo.DEMO_GROUP)
            .order_by("pk")
            .values_list("username", "email", "last_name")
        ),
        list(
            Posting.objects.order_by("pk").values_list(
                "account__business__legal_name", "amount", "balance_after"
            )
        ),
    )


class Statements:
    """Every SQL statement the connection executes, however many (an execute wrapper)."""

    def __init__(self):
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


@pytest.fixture(scope="package")
def reset(seeded, django_db_blocker):
    """`seed_demo --reset` on the seeded demo, outside the tests' transactions, as the command
    runs: the new demo is committed, so the ledger's deferred checks run at that commit too.
    (A fixture, so that it runs among the package's database tests: pytest-django orders the
    tests without a database mark after the transactional ones, which empty the tables.)"""
    with django_db_blocker.unblock():
        before = snapshot()
        out = StringIO()
        statements = Statements()
        with connection.execute_wrapper(statements):
            call_command("seed_demo", "--reset", stdout=out)
        return {
            "before": before,
            "after": snapshot(),
            "output": out.getvalue(),
            "statements": statements.sql,
            "lines_differences": exchange_lines_differences(),
        }


@pytest.mark.django_db
def test_reset_replaces_the_demo_with_the_same_data_without_deleting_a_ledger_row(reset):
    assert reset["after"] == reset["before"]
    assert "Replaced the previous demo, which had 2 networks, 170 businesses" in reset["output"]
    statements = reset["statements"]
    assert any(re.match(r"DROP (SCHEMA|TABLE)", sql) for sql in statements)
    assert not [sql for sql in statements if "session_replication_role" in sql.lower()]
    erasing = re.compile(r"\s*(DELETE|TRUNCATE)\b.*\bledger_", re.IGNORECASE | re.DOTALL)
    assert not [sql for sql in statements if erasing.match(sql)]
    # The reports' read model holds the new demo's exchanges, as its sources say.
    assert reset["lines_differences"] == (0, 0)


@pytest.mark.postgres
@pytest.mark.django_db
def test_after_a_reset_the_ledger_still_refuses_to_change_a_posting(reset):
    """The schema was created again by the migrations, append-only triggers included."""
    assert Posting.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        Posting.objects.update(amount=0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda: get_user_model().objects.create_user("camille.externe"), "camille.externe"),
        (
            lambda: get_user_model().objects.create_superuser("root", "root@example.org"),
            "users who belong to none of its networks: root",
        ),
        (
            lambda: Network.objects.create(name="France Active Val-d'Oise", slug="val-d-oise"),
            "other networks: France Active Val-d'Oise",
        ),
        (lambda: Group.objects.create(name="Comptables"), "user groups: Comptables"),
        (
            lambda: Category.objects.create(
                slug="cryptomonnaies", name_fr="Cryptomonnaies", name_en="Cryptocurrencies"
            ),
            "categories added by hand: cryptomonnaies",
        ),
        (
            lambda: connection.cursor().execute("CREATE TABLE carnet_adresses (id integer)"),
            "tables that are not the platform's: carnet_adresses",
        ),
    ],
    ids=["user", "superuser", "network", "group", "category", "table"],
)
def test_reset_is_refused_naming_what_the_demo_did_not_create(seeded, make, named):
    make()
    before = snapshot()
    with pytest.raises(CommandError, match="Nothing was changed") as refused:
        call_command("seed_demo", "--reset", stdout=StringIO())
    assert named in str(refused.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_user_who_joined_a_demo_network_does_not_stop_the_reset(seeded):
    from demo.reset import demo_foreign_content

    member = get_user_model().objects.create_user("nouvelle.adherente")
    business = Business.objects.get(legal_name=demo.DEMO_BUSINESS_NAME)
    business.memberships.create(user=member)
    assert demo_foreign_content() == []


@pytest.mark.django_db
def test_networks_with_the_demo_slugs_the_demo_did_not_seed_are_refused(seeded):
    Group.objects.filter(name=demo.DEMO_GROUP).delete()
    with pytest.raises(CommandError, match="networks with the demo's slugs"):
        call_command("seed_demo", "--reset", stdout=StringIO())
    with pytest.raises(DemoError, match="already exist"):
        demo_seed(stdout=StringIO())
    assert Network.objects.filter(slug="essonne").exists()
