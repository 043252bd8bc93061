"""What every report's reads share: the families of businesses, the small helpers of the raw SQL
(placeholders, parameters, fetching, sums), and the setting that keeps PostgreSQL's JIT off."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from django.db import connection, transaction

from barter.models import SOCIAL_ECONOMY_KINDS

from ..models import LineSource

ESS, CLASSIC = "ess", "classic"
ESS_KINDS = sorted(k.value for k in SOCIAL_ECONOMY_KINDS)
PAIRS = ((ESS, ESS), (ESS, CLASSIC), (CLASSIC, ESS), (CLASSIC, CLASSIC))


PURCHASE, LEG = LineSource.PURCHASE.value, LineSource.LEG.value  # `src` of an exchange line


@contextmanager
def analytic_queries():
    """Run the reports' queries with PostgreSQL's JIT compiler off. Their estimated costs are
    above its threshold, and compiling a statement with a few correlated subqueries took up to
    two seconds for a statement that runs in half a second. The setting is local to the
    transaction. Elsewhere (SQLite), nothing changes: no transaction is opened, which there
    would take the write lock."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def as_int(value) -> int:
    """Sums come back as Decimal on PostgreSQL (SUM of bigint is numeric) and None when empty."""
    return int(value or 0)


def ratio(part: int | float, whole: int | float) -> float | None:
    """part / whole, None when whole is 0."""
    return part / whole if whole else None


def db_datetime(value: datetime):
    """The datetime as the database driver takes it in a raw statement's parameters."""
    return connection.ops.adapt_datetimefield_value(value)


def placeholders(values) -> tuple[str, list]:
    """("%s, %s, %s", [the values]): an IN list of parameters."""
    values = list(values)
    return ", ".join(["%s"] * len(values)), values


def fetch_all(sql: str, params: list) -> list[tuple]:
    """The rows of a raw statement."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
