"""The demo, seeded once for the package and committed outside the tests' transactions.

Tests that change it run inside their own rolled-back transaction; the reset tests replace it
with an identical one. At the end the database is made empty again the way the reset does it
(a fresh schema, or fresh tables, then the migrations): the ledger's rows are never deleted.
"""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from demo.reset import fresh_database


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    """The command's output and the number of e-mails it sent, with the demo in the database."""
    with django_db_blocker.unblock():
        mail.outbox = []
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield {"output": out.getvalue(), "mails": len(mail.outbox)}
        with fresh_database():
            pass
