"""Form fields for money: an amount typed in credits, cleaned to integer cents.

Every app's forms take amounts through these (barter, ledger, matching, reports)."""

from decimal import Decimal

from django import forms

from .money import parse_credits

MAX_CREDITS = Decimal("10000000")  # ten million credits: beyond is a typo, not a listing


class CreditAmountField(forms.DecimalField):
    """An amount typed in credits ("12,50", "2 000,50"), cleaned to integer cents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", MAX_CREDITS)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        # People type thousands separated by spaces: "2 000,50" (narrow no-break ones too).
        if isinstance(value, str):
            value = "".join(value.split())
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value) / 100
        return super().prepare_value(value)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else parse_credits(amount)
