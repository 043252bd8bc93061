"""The seeding clock: how the demo writes eleven months of history through the services.

Every timestamp the platform writes comes from Django's clock, `django.utils.timezone.now()`: the
services call it, model fields default to it, `auto_now` fields and `timezone.localdate()` read
it, and the ledger stamps its journal with it. Inside `on_day(day)` that clock reads 11:00 on
`day` and ticks on with real time, so a purchase settled in the block carries that day's dates
everywhere (purchase, hold, journal transaction, invoice, the reports' read model), written by
the same services and checked by the same database rules as any other purchase. Nothing is
back-dated afterwards and no trigger or constraint is touched: the ledger's rows are inserted
once, already dated.

How: `timezone.now()` asks the `datetime` class that `django.utils.timezone` imported for the
current time; inside the block that module's `datetime` is a subclass whose `now()` answers the
history's moment (its metaclass keeps Django's `isinstance(value, datetime)` checks true for
every datetime). Nothing else changes: the database server's clock, `time.time()` and every other
module see the real time. The seeding command is single-threaded; the platform's requests and
Celery workers never enter this block.
"""

from __future__ import annotations

import time as _time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone

HISTORY_TIME = time(11, 0)  # the moment of the day a history block starts at


class _AnyDatetime(type):
    def __instancecheck__(cls, value) -> bool:
        return isinstance(value, datetime)


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """Run the block as if on `day` at 11:00, Django's clock ticking from there."""
    start = timezone.make_aware(datetime.combine(day, HISTORY_TIME))
    began = _time.monotonic()

    class HistoryDatetime(datetime, metaclass=_AnyDatetime):
        @classmethod
        def now(cls, tz=None):
            moment = start + timedelta(seconds=_time.monotonic() - began)
            return moment.astimezone(tz) if tz is not None else timezone.make_naive(moment)

    real = timezone.datetime
    timezone.datetime = HistoryDatetime
    try:
        yield
    finally:
        timezone.datetime = real
