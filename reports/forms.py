"""The reports' period and threshold selector (GET). It parses input; reports/selectors.py reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.fields import CreditAmountField

from . import periods
from .periods import Period

LONGEST_CUSTOM_PERIOD_DAYS = 5 * 366

PERIOD_CHOICES = [
    (periods.LAST12, _("Last 12 months")),
    (periods.MONTH, _("Month")),
    (periods.QUARTER, _("Quarter")),
    (periods.YEAR, _("Year")),
    (periods.CUSTOM, _("Custom dates")),
]
MONTH_CHOICES = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]
QUARTER_CHOICES = [(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]

DEFAULT_DORMANT_DAYS = 90
DEFAULT_NEAR_LIMIT_PERCENT = 80
DEFAULT_LARGE_BALANCE_RATIO = 0.5  # of the network's default credit limit


@dataclass(frozen=True, slots=True)
class Thresholds:
    """What counts as dormant, near the limit and a large balance."""

    dormant_days: int = DEFAULT_DORMANT_DAYS
    near_limit_percent: int = DEFAULT_NEAR_LIMIT_PERCENT
    large_balance: int | None = None  # cents; None: half the network's default credit limit


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    """Which period to report on, and the thresholds of the "where it goes wrong" measures."""

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"), choices=MONTH_CHOICES, coerce=int, required=False
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int, required=False
    )
    start = forms.DateField(label=_("From"), required=False, widget=_date_widget())
    end = forms.DateField(label=_("To"), required=False, widget=_date_widget())
    dormant_days = forms.IntegerField(
        label=_("Dormant after (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("An active member with no settled exchange for this many days is dormant."),
    )
    near_limit = forms.IntegerField(
        label=_("Near the limit from (%)"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Share of the credit limit used from which an account is listed."),
    )
    large_balance = CreditAmountField(
        label=_("Large balance from (credits)"),
        required=False,
        help_text=_("Empty: half of the network's default credit limit."),
    )

    def __init__(self, data=None, *, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(data, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-control form-control-sm")
            else:
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            field.widget.attrs.setdefault("data-field", name)

    def clean(self):
        data = super().clean()
        kind = data.get("period") or periods.LAST12
        data["period"] = kind
        year = data.get("year") or self.today.year
        data["year"] = year
        if kind == periods.MONTH:
            data["month"] = data.get("month") or self.today.month
        elif kind == periods.QUARTER:
            data["quarter"] = data.get("quarter") or (self.today.month - 1) // 3 + 1
        elif kind == periods.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start and "start" not in self.errors:
                self.add_error("start", _("Give the first day of the period."))
            if not end and "end" not in self.errors:
                self.add_error("end", _("Give the last day of the period."))
            if start and end:
                if end < start:
                    self.add_error("end", _("The end of the period comes before its start."))
                elif end - start > timedelta(days=LONGEST_CUSTOM_PERIOD_DAYS):
                    self.add_error("end", _("A period lasts five years at most."))
        return data

    def get_period(self) -> Period:
        """The chosen period; call after is_valid()."""
        data = self.cleaned_data
        kind = data["period"]
        if kind == periods.MONTH:
            return periods.month_period(data["year"], data["month"])
        if kind == periods.QUARTER:
            return periods.quarter_period(data["year"], data["quarter"])
        if kind == periods.YEAR:
            return periods.year_period(data["year"])
        if kind == periods.CUSTOM:
            return periods.custom_period(data["start"], data["end"])
        return periods.last_twelve_months(self.today)

    def get_thresholds(self) -> Thresholds:
        data = self.cleaned_data
        return Thresholds(
            dormant_days=data.get("dormant_days") or DEFAULT_DORMANT_DAYS,
            near_limit_percent=data.get("near_limit") or DEFAULT_NEAR_LIMIT_PERCENT,
            large_balance=data.get("large_balance"),
        )
