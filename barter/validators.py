"""Validators for French business identifiers and addresses."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share the SIREN 356 000 000; their SIRETs do not follow the Luhn
# rule but the sum of their digits is a multiple of 5 (INSEE rule).
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    """True when the string of digits passes the Luhn (mod 10) check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_siret(value: str) -> str:
    """Strip the spaces, dots and dashes people type in SIREN/SIRET numbers."""
    return "".join(ch for ch in (value or "") if ch not in " .-\u00a0\u202f")


def siret_is_valid(value: str) -> bool:
    """True for a well-formed SIREN (9 digits) or SIRET (14 digits) with a valid check digit."""
    digits = normalize_siret(value)
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (9, 14):
        return False
    if luhn_valid(digits):
        return True
    return (
        len(digits) == 14
        and digits.startswith(LA_POSTE_SIREN)
        and sum(int(c) for c in digits) % 5 == 0
    )


def validate_siret(value: str) -> None:
    """Django validator: a SIREN (9 digits) or SIRET (14 digits) with a valid Luhn key."""
    digits = normalize_siret(value)
    if digits and not (digits.isascii() and digits.isdigit()):
        raise ValidationError(
            _("A SIREN or SIRET number contains digits only."), code="siret_digits"
        )
    if len(digits) not in (9, 14):
        raise ValidationError(
            _("Enter a SIREN (9 digits) or a SIRET (14 digits); you entered %(count)d digits."),
            code="siret_length",
            params={"count": len(digits)},
        )
    if not siret_is_valid(digits):
        raise ValidationError(
            _("This SIREN/SIRET number is not valid (check digit mismatch): check for a typo."),
            code="siret_checksum",
        )


def validate_postcode(value: str) -> None:
    """A French postcode: five digits."""
    if not (len(value) == 5 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A French postcode has five digits."), code="postcode")
