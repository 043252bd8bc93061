"""Report periods: a month, a quarter, a year, the last twelve months or custom dates.

Dates are local (Europe/Paris): a period runs from its first day at 00:00 to the day after its
last day at 00:00, local time, so an exchange at 23:59 on the last day belongs to it and one at
00:00 the next day does not, whatever the UTC offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR, LAST12, CUSTOM = "month", "quarter", "year", "last12", "custom"

FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def local_midnight(day: date) -> datetime:
    """00:00 local time (the current time zone) on `day`, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Period:
    kind: str
    start: date  # first day, inclusive
    end: date  # last day, inclusive

    @property
    def start_at(self) -> datetime:
        return local_midnight(self.start)

    @property
    def end_at(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        return local_midnight(self.end + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        first = self.start.replace(day=1)
        result = []
        while first <= self.end:
            result.append(first)
            first = add_months(first, 1)
        return result

    @property
    def reference_at(self) -> datetime:
        """The instant the period's state is read at: its end, or now if it is not over."""
        return min(self.end_at, timezone.now())

    @property
    def is_over(self) -> bool:
        return self.end_at <= timezone.now()

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return formats.date_format(self.start, "F Y")
        if self.kind == QUARTER:
            quarter = (self.start.month - 1) // 3 + 1
            return _("Q%(q)d %(year)d") % {"q": quarter, "year": self.start.year}
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == LAST12:
            return _("last 12 months (%(start)s to %(end)s)") % {
                "start": formats.date_format(self.start, "F Y"),
                "end": formats.date_format(self.end, "F Y"),
            }
        return _("%(start)s to %(end)s") % {
            "start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        }

    @property
    def label_fr(self) -> str:
        """The period in French words, for the PDF report."""
        if self.kind == MONTH:
            return f"{FRENCH_MONTHS[self.start.month - 1]} {self.start.year}"
        if self.kind == QUARTER:
            q = (self.start.month - 1) // 3 + 1
            return f"{q}{'er' if q == 1 else 'e'} trimestre {self.start.year}"
        if self.kind == YEAR:
            return f"année {self.start.year}"
        if self.kind == LAST12:
            first = f"{FRENCH_MONTHS[self.start.month - 1]} {self.start.year}"
            last = f"{FRENCH_MONTHS[self.end.month - 1]} {self.end.year}"
            return f"12 derniers mois ({first} à {last})"
        return f"du {french_date(self.start)} au {french_date(self.end)}"

    @property
    def slug(self) -> str:
        """For file names: 2026-05, 2026-T2, 2026, 2026-01-15_2026-03-31."""
        if self.kind == MONTH:
            return self.start.strftime("%Y-%m")
        if self.kind == QUARTER:
            return f"{self.start.year}-T{(self.start.month - 1) // 3 + 1}"
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == LAST12:
            return f"{self.start.strftime('%Y-%m')}_{self.end.strftime('%Y-%m')}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def french_date(day: date) -> str:
    """15 janvier 2026 (1er for the first day)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    return Period(MONTH, start, add_months(start, 1) - timedelta(days=1))


def quarter_period(year: int, quarter: int) -> Period:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    return Period(QUARTER, start, add_months(start, 3) - timedelta(days=1))


def year_period(year: int) -> Period:
    return Period(YEAR, date(year, 1, 1), date(year, 12, 31))


def last_twelve_months(today: date | None = None) -> Period:
    """The twelve calendar months ending with the current one."""
    today = today or timezone.localdate()
    first = add_months(today.replace(day=1), -11)
    return Period(LAST12, first, add_months(today.replace(day=1), 1) - timedelta(days=1))


def custom_period(start: date, end: date) -> Period:
    return Period(CUSTOM, start, end)
