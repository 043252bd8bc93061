"""Amounts of barter credit: integer cents, never floats.

One credit is valued one euro; amounts are stored and computed as integer cents. `Credits` is a
small value object that formats ("12,50 crédits"), parses user input and refuses to mix currencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEFAULT_CURRENCY = "CRD"


class CurrencyMismatch(TypeError):
    """Two amounts of different network currencies were combined."""


@dataclass(frozen=True, slots=True)
class Credits:
    cents: int
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        if not isinstance(self.cents, int) or isinstance(self.cents, bool):
            raise TypeError(f"Credits need integer cents, got {type(self.cents).__name__}")

    def _check(self, other: Credits) -> None:
        if not isinstance(other, Credits):
            raise TypeError("Credits combine only with Credits")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Credits) -> Credits:
        self._check(other)
        return Credits(self.cents + other.cents, self.currency)

    def __sub__(self, other: Credits) -> Credits:
        self._check(other)
        return Credits(self.cents - other.cents, self.currency)

    def __neg__(self) -> Credits:
        return Credits(-self.cents, self.currency)

    def __lt__(self, other: Credits) -> bool:
        self._check(other)
        return self.cents < other.cents

    def __le__(self, other: Credits) -> bool:
        self._check(other)
        return self.cents <= other.cents

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.cents) / 100

    def __str__(self) -> str:
        return format_credits(self.cents)


def format_credits(cents: int | None, *, with_unit: bool = True) -> str:
    """'1 234,50 crédits' in French, '1,234.50 credits' in English (active language)."""
    if cents is None:
        return ""
    amount = number_format(Decimal(cents) / 100, decimal_pos=2, force_grouping=True)
    if not with_unit:
        return amount
    # Plural form by the integer part: 1,50 crédit(s) follows the French rule (< 2 is singular).
    return ngettext("%(amount)s credit", "%(amount)s credits", abs(cents) // 100) % {
        "amount": amount
    }


def parse_credits(text: str | Decimal | int) -> int:
    """Parse '12,5', '12.50', '1 234,50' or a Decimal into integer cents.

    Raises ValueError with a translatable message on anything else, including more than two
    decimals (a credit is divisible in cents, no further).
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return text * 100
    if isinstance(text, Decimal):
        value = text
    else:
        cleaned = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValueError(_("Enter an amount of credits, for example 12,50.")) from exc
    if not value.is_finite():
        raise ValueError(_("Enter an amount of credits, for example 12,50."))
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(_("An amount has at most two decimals (cents)."))
    return int(cents.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percentage_of(amount: int, basis_points: int) -> int:
    """amount × basis_points / 10,000, rounded half up to the cent (amount >= 0)."""
    if amount < 0 or basis_points < 0:
        raise ValueError("percentage_of takes non-negative amounts and rates")
    return (amount * basis_points + 5_000) // 10_000


def line_amounts(*, unit_price: int, quantity: int, vat_rate: int) -> tuple[int, int, int]:
    """(total excl. VAT, VAT, total incl. VAT) in cents of `quantity` units at `unit_price`
    excl. VAT, with VAT at `vat_rate` basis points rounded half up to the cent."""
    total_ht = unit_price * quantity
    vat = percentage_of(total_ht, vat_rate)
    return total_ht, vat, total_ht + vat
