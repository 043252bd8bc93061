import pytest
from django.core.exceptions import ValidationError

from barter.validators import normalize_siret, siret_is_valid, validate_postcode, validate_siret


@pytest.mark.parametrize(
    "value",
    [
        "732829320",  # SIREN
        "73282932000074",  # SIRET
        "732 829 320 00074",  # typed with spaces
        "552.100.554",  # typed with dots
        "35600000049837",  # La Poste: digit sum multiple of 5, not Luhn
    ],
)
def test_valid_siren_and_siret_are_accepted(value):
    assert siret_is_valid(value)
    validate_siret(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("73282932000075", "siret_checksum"),
        ("123456789", "siret_checksum"),
        ("7328293200007", "siret_length"),
        ("12345", "siret_length"),
        ("73282932O00074", "siret_digits"),
        ("", "siret_length"),
        ("٧٣٢٨٢٩٣٢٠", "siret_digits"),  # non-ASCII digits
    ],
)
def test_invalid_siret_is_refused_with_a_specific_code(value, code):
    assert not siret_is_valid(value)
    with pytest.raises(ValidationError) as exc:
        validate_siret(value)
    assert exc.value.code == code


def test_la_poste_siret_with_a_wrong_digit_sum_is_refused():
    assert not siret_is_valid("35600000049838")


def test_normalize_siret_strips_separators():
    assert normalize_siret(" 732 829-320.00074 ") == "73282932000074"


@pytest.mark.parametrize("value", ["9100", "910000", "91A00", "９１０００"])
def test_postcode_needs_five_ascii_digits(value):
    with pytest.raises(ValidationError):
        validate_postcode(value)


def test_postcode_accepts_five_digits():
    validate_postcode("77000")
