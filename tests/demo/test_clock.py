"""demo/clock.py: inside `on_day`, everything that reads Django's clock reads that day."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from barter.models import Listing
from demo.clock import on_day
from ledger.models import JournalTransaction

DAY = date(2025, 3, 14)


def test_the_clock_reads_the_day_at_eleven_and_ticks():
    with on_day(DAY):
        first = timezone.now()
        second = timezone.now()
        local = timezone.localtime()
        today = timezone.localdate()
    assert today == DAY
    assert local.date() == DAY and time(11, 0) <= local.time() < time(11, 1)
    assert first <= second < first + timedelta(minutes=1)


def test_model_defaults_and_auto_now_fields_read_the_day():
    with on_day(DAY):
        journal = JournalTransaction()  # created_at defaults to timezone.now
        listing = Listing()
        updated = Listing._meta.get_field("updated_at").pre_save(listing, add=True)  # auto_now
    assert timezone.localtime(journal.created_at).date() == DAY
    assert listing.valid_from == DAY  # defaults to timezone.localdate
    assert timezone.localtime(updated).date() == DAY


def test_every_datetime_is_still_a_datetime_inside_and_the_real_time_is_back_after():
    real = datetime.now(tz=timezone.get_current_timezone())
    with on_day(DAY):
        assert isinstance(real, timezone.datetime)
        assert not timezone.is_naive(timezone.now())
    assert timezone.datetime is datetime
    assert abs(timezone.now() - real) < timedelta(minutes=5)


def test_the_real_clock_is_back_when_the_block_fails():
    try:
        with on_day(DAY):
            raise RuntimeError
    except RuntimeError:
        pass
    assert timezone.localdate() != DAY
    assert timezone.datetime is datetime
