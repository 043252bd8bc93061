"""Period boundaries (local time, Europe/Paris) and the period form."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from reports import selectors
from reports.forms import ReportForm
from reports.periods import (
    CUSTOM,
    LAST12,
    MONTH,
    QUARTER,
    YEAR,
    last_twelve_months,
    month_period,
    quarter_period,
    year_period,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def test_a_month_runs_from_local_midnight_to_local_midnight():
    march = month_period(2026, 3)
    assert (march.start, march.end) == (date(2026, 3, 1), date(2026, 3, 31))
    # Summer time starts on 29 March 2026: the month ends at 22:00 UTC.
    assert march.end_at == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert march.start_at == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert march.months() == [date(2026, 3, 1)]


def test_quarters_years_and_the_last_twelve_months():
    assert (quarter_period(2026, 4).start, quarter_period(2026, 4).end) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert len(year_period(2026).months()) == 12
    last = last_twelve_months(date(2026, 2, 10))
    assert (last.start, last.end) == (date(2025, 3, 1), date(2026, 2, 28))
    assert last.months()[0] == date(2025, 3, 1) and len(last.months()) == 12


def test_an_exchange_at_23_59_on_the_last_day_belongs_to_that_month(world, now_july):
    n1 = [world.network.pk]
    march = selectors.exchanges_report(n1, month_period(2026, 3))
    assert (march.total.purchases, march.total.volume, march.total.commission) == (1, 24_000, 200)
    # P2 settled on 1 April at 00:00 Paris, which is still 31 March in UTC.
    april = selectors.exchanges_report(n1, month_period(2026, 4))
    assert (april.total.purchases, april.total.volume) == (2, 17_000)
    q1 = selectors.exchanges_report(n1, quarter_period(2026, 1))
    assert [m.volume for m in q1.months] == [0, 0, 24_000]


def test_the_months_of_a_year_place_each_exchange_in_its_local_month(world, now_july):
    report = selectors.exchanges_report([world.network.pk], year_period(2026))
    volumes = {m.month.month: m.volume for m in report.months if m.volume}
    assert volumes == {3: 24_000, 4: 17_000, 5: 91_000}
    assert report.total.commission == 200 + 150 + 910


def form(data, today=date(2026, 7, 15)):
    f = ReportForm(data, today=today)
    return f, f.is_valid()


def test_the_form_defaults_to_the_last_twelve_months():
    f, valid = form({})
    assert valid and f.get_period().kind == LAST12
    assert f.get_period().end == date(2026, 7, 31)
    assert f.get_thresholds().dormant_days == 90


def test_the_form_builds_each_kind_of_period():
    f, valid = form({"period": MONTH, "year": "2026", "month": "2"})
    assert valid and (f.get_period().start, f.get_period().end) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
    )
    f, valid = form({"period": QUARTER, "year": "2025", "quarter": "4"})
    assert valid and f.get_period().start == date(2025, 10, 1)
    f, valid = form({"period": YEAR, "year": "2025"})
    assert valid and f.get_period().end == date(2025, 12, 31)
    f, valid = form({"period": CUSTOM, "start": "2026-01-15", "end": "2026-02-14"})
    assert valid and f.get_period().days == 31
    f, valid = form({"dormant_days": "30", "near_limit": "90", "large_balance": "1 250,50"})
    assert valid and f.get_thresholds().large_balance == 125_050
    assert f.get_thresholds().near_limit_percent == 90


def test_invalid_periods_are_form_errors():
    f, valid = form({"period": CUSTOM, "start": "2026-03-01", "end": "2026-02-01"})
    assert not valid and "end" in f.errors
    f, valid = form({"period": CUSTOM})
    assert not valid and {"start", "end"} <= set(f.errors)
    f, valid = form({"period": MONTH, "month": "13"})
    assert not valid and "month" in f.errors
    f, valid = form({"period": "decade"})
    assert not valid and "period" in f.errors
    f, valid = form({"period": CUSTOM, "start": "2020-01-01", "end": "2026-01-01"})
    assert not valid and "end" in f.errors
    f, valid = form({"year": "abc", "dormant_days": "0"})
    assert not valid and {"year", "dormant_days"} <= set(f.errors)
