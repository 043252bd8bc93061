"""Fictitious but plausible identities: people, SIRETs, phones, web domains, places, prices.

Pure functions of their arguments and of the random generator they are given; the French
helpers (`de`, `a`) put the right preposition before a commune's name.
"""

from __future__ import annotations

import math
import random
import unicodedata
from datetime import date, datetime, time

from django.utils import timezone

from barter.validators import LA_POSTE_SIREN, luhn_valid

from .data import FIRST_NAMES, LANDLINE_PREFIXES, LAST_NAMES

DOMAIN_STOP_WORDS = ("a", "au", "aux", "d", "de", "des", "du", "et", "l", "la", "le", "les")


def weighted(rng: random.Random, choices):
    """One item of `choices`, a sequence of (item, weight) pairs."""
    items = [item for item, _ in choices]
    return rng.choices(items, weights=[weight for _, weight in choices])[0]


def moment(rng: random.Random, day: date) -> datetime:
    """An office-hours moment of the day, aware in the current time zone."""
    clock = time(rng.randint(8, 18), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, clock))


def nine_am(day: date) -> datetime:
    """A fixed moment for the staff accounts, which must not consume the random generator:
    whether the admin account is created or kept, the rest of the data stays the same."""
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ascii_slug(text: str, separator: str = "-") -> str:
    """Lower-case ASCII words: "Imprimerie Lefèvre & Fils" gives "imprimerie-lefevre-fils"."""
    words = "".join(c if c.isalnum() else " " for c in fold(text).lower()).split()
    return separator.join(words)


def domain(legal_name: str) -> str:
    """A fictitious web domain for the business, under the reserved .example top-level domain."""
    words = [w for w in ascii_slug(legal_name).split("-") if w not in DOMAIN_STOP_WORDS]
    kept = words[:1]
    for word in words[1:]:
        if len("-".join([*kept, word])) > 40:
            break
        kept.append(word)
    return "-".join(kept) + ".example"


def unique(candidate: str, taken: list[str], separator: str = "-") -> str:
    """The candidate, or the candidate numbered 2, 3… when it is taken."""
    if candidate not in taken:
        return candidate
    number = 2
    while f"{candidate}{separator}{number}" in taken:
        number += 1
    return f"{candidate}{separator}{number}"


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def de(place: str) -> str:
    """French "of" before a commune's name: "de Massy", "d'Évry", "du Mée", "des Ulis"."""
    if place.startswith("Le "):
        return "du " + place[3:]
    if place.startswith("Les "):
        return "des " + place[4:]
    if fold(place[0]).upper() in "AEIOUYH":
        return "d'" + place
    return "de " + place


def a(place: str) -> str:
    """French "in" before a commune's name: "à Massy", "au Mée-sur-Seine", "aux Ulis"."""
    if place.startswith("Le "):
        return "au " + place[3:]
    if place.startswith("Les "):
        return "aux " + place[4:]
    return "à " + place


def siret(rng: random.Random, taken: list[str]) -> str:
    """A fictitious SIRET: a Luhn-valid SIREN, then an establishment number making the 14 digits
    Luhn-valid too (as INSEE's are). Never La Poste's SIREN, whose rule differs."""
    while True:
        siren_body = str(rng.randint(3, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        siren = _with_check_digit(siren_body)
        nic_body = "000" + str(rng.randint(1, 9))
        number = _with_check_digit(siren + nic_body)
        if siren != LA_POSTE_SIREN and number not in taken:
            taken.append(number)
            return number


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def jitter(rng: random.Random, latitude: float, longitude: float) -> tuple[float, float]:
    """A point at most 1.4 km from the given one, so neighbours do not sit on one pin."""
    distance = 1.4 * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(bearing) / 111.2
    dlon = distance * math.sin(bearing) / (111.2 * math.cos(math.radians(latitude)))
    return round(latitude + dlat, 5), round(longitude + dlon, 5)


def phone(rng: random.Random, departement: str, mobile: bool) -> str:
    if mobile:
        prefix = rng.choice(["06", "07"]) + f" {rng.randint(10, 99)}"
    else:
        prefix = "01 " + rng.choice(LANDLINE_PREFIXES[departement])
    return prefix + "".join(f" {rng.randint(0, 99):02d}" for _ in range(3))


def round_credits(credits: float) -> int:
    """A value in cents, rounded the way people price: whole credits, or 5 and 10 above 100."""
    step = 1 if credits < 100 else 5 if credits < 1000 else 10
    return max(1, round(credits / step)) * step * 100
