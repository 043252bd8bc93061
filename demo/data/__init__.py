"""The demo's literal data, read from the YAML files beside this module.

Each file opens with a comment saying what it holds and what its fields mean:

- `networks.yaml` — the two networks, their coordinators and how many businesses each gets;
- `entrepreneur.yaml` — the business of the `demo` login;
- `profiles.yaml` — kinds of business (names, descriptions, what they offer and want);
- `legal_forms.yaml` — staff ranges and description sentences per legal form, suspension reasons;
- `people.yaml`, `places.yaml` — names, streets, localities, phone prefixes;
- `listings.yaml` — offer and want templates per leaf category;
- `listing_rules.yaml` — radii, remote shares, VAT rates, idle assets, closing sentences.

This module turns them into typed, read-only values and checks the choices they name (legal
forms, sectors, natures, units) against the models, so a typo in a file fails at import with
the file's name instead of deep inside a seeding step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from barter.models import BusinessKind, ListingNature, ListingUnit, Sector

DATA_DIR = Path(__file__).resolve().parent


def load(name: str) -> Any:
    """The content of one data file (YAML, UTF-8)."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _choice(enum, value, source: str):
    try:
        return enum(value)
    except ValueError:
        raise ValueError(f"{source}: {value!r} is not a {enum.__name__} value") from None


def _sector(name, source: str) -> Sector:
    """A Sector by its member's name (PROFESSIONAL), as the files write it."""
    if isinstance(name, Sector):
        return name
    try:
        return Sector[name]
    except KeyError:
        raise ValueError(f"{source}: {name!r} is not a Sector name") from None


def _range(pair, source: str) -> tuple[int, int]:
    low, high = pair
    if low > high:
        raise ValueError(f"{source}: the range {pair} is empty")
    return low, high


@dataclass(frozen=True)
class NetworkSpec:
    """A demo network (networks.yaml)."""

    slug: str
    name: str
    departements: tuple[str, ...]
    description: str
    credit_limit: int  # cents
    commission: int  # basis points
    coordinator_username: str
    coordinator_name: tuple[str, str]  # first, last
    businesses: int
    pending: int
    suspended: int
    cycles3: int
    cycles4: int
    terroirs: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """A kind of business: how it is named and described, what it offers and what it needs.

    Names use {nom}, {prenom} (the owner's), {terroir}, {ville}, {de_ville} and {lieu};
    descriptions use {a_ville}, {de_ville}, {ville}, {terroir} and {annee}. Offers and wants are
    leaf category slugs, the most typical first.
    """

    key: str
    family: str  # "ess" (social and solidarity economy) or "classic"
    weight: int
    kinds: tuple[tuple[BusinessKind, int], ...]
    sector: Sector
    names: tuple[str, ...]
    descriptions: tuple[str, ...]
    offers: tuple[str, ...]
    wants: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """An offer or a want of a leaf category; values in credits per unit (1 credit = 100 cents).

    Titles and descriptions use {n} (drawn from `n`), {ville}, {a_ville} and {terroir}.
    `vat` overrides the category's rate for an offer.
    """

    title: str
    description: str
    nature: ListingNature
    unit: ListingUnit
    low: int
    high: int
    quantity: tuple[int, int] = (1, 1)
    n: tuple[int, int] | None = None
    vat: int | None = None


def _network(raw: dict) -> NetworkSpec:
    coordinator = raw["coordinator"]
    return NetworkSpec(
        slug=raw["slug"],
        name=raw["name"],
        departements=tuple(raw["departements"]),
        description=raw["description"],
        credit_limit=raw["credit_limit"],
        commission=raw["commission"],
        coordinator_username=coordinator["username"],
        coordinator_name=(coordinator["first_name"], coordinator["last_name"]),
        businesses=raw["businesses"],
        pending=raw["pending"],
        suspended=raw["suspended"],
        cycles3=raw["cycles3"],
        cycles4=raw["cycles4"],
        terroirs=tuple(raw["terroirs"]),
    )


def _profile(raw: dict, source: str, **fixed) -> Profile:
    fields = {**raw, **fixed}
    source = f"{source} ({fields['key']})"
    return Profile(
        key=fields["key"],
        family=fields["family"],
        weight=fields["weight"],
        kinds=tuple(
            (_choice(BusinessKind, kind, source), weight)
            for kind, weight in fields["kinds"].items()
        ),
        sector=_sector(fields["sector"], source),
        names=tuple(fields["names"]),
        descriptions=tuple(fields["descriptions"]),
        offers=tuple(fields["offers"]),
        wants=tuple(fields["wants"]),
    )


def _template(raw: dict, source: str) -> Template:
    source = f"{source} ({raw['title']})"
    low, high = _range(raw["credits"], source)
    return Template(
        title=raw["title"],
        description=raw["description"],
        nature=_choice(ListingNature, raw["nature"], source),
        unit=_choice(ListingUnit, raw["unit"], source),
        low=low,
        high=high,
        quantity=_range(raw.get("quantity", (1, 1)), source),
        n=_range(raw["n"], source) if "n" in raw else None,
        vat=raw.get("vat"),
    )


NETWORKS: tuple[NetworkSpec, ...] = tuple(_network(raw) for raw in load("networks.yaml"))

PROFILES: tuple[Profile, ...] = tuple(
    _profile(raw, "profiles.yaml") for raw in load("profiles.yaml")
)

_entrepreneur = load("entrepreneur.yaml")
ENTREPRENEUR_SECTOR = _sector(_entrepreneur["sector"], "entrepreneur.yaml")
ENTREPRENEUR_PROFILE = _profile(
    _entrepreneur["profile"],
    "entrepreneur.yaml",
    sector=ENTREPRENEUR_SECTOR,
    names=[_entrepreneur["legal_name"]],
    descriptions=[],
)
# The entrepreneur's registration, in the form the businesses step drafts every business.
ENTREPRENEUR = {
    "username": _entrepreneur["username"],
    "first": _entrepreneur["first_name"],
    "last": _entrepreneur["last_name"],
    "legal_name": _entrepreneur["legal_name"],
    "kind": _choice(BusinessKind, _entrepreneur["kind"], "entrepreneur.yaml"),
    "profile": ENTREPRENEUR_PROFILE,
    "sector": ENTREPRENEUR_SECTOR,
    "description": _entrepreneur["description"],
    "postcode": _entrepreneur["postcode"],
    "commune": _entrepreneur["commune"],
    "mobile": _entrepreneur["mobile"],
    "website": _entrepreneur["website"],
}

_legal_forms = load("legal_forms.yaml")
STAFF: dict[BusinessKind, tuple[int, int]] = {
    _choice(BusinessKind, kind, "legal_forms.yaml"): _range(staff, "legal_forms.yaml")
    for kind, staff in _legal_forms["staff"].items()
}
KIND_SENTENCES: dict[BusinessKind, str] = {
    _choice(BusinessKind, kind, "legal_forms.yaml"): sentence
    for kind, sentence in _legal_forms["sentences"].items()
}
SUSPENSION_REASONS: tuple[str, ...] = tuple(_legal_forms["suspension_reasons"])

_people = load("people.yaml")
FIRST_NAMES: tuple[str, ...] = tuple(_people["first_names"])
LAST_NAMES: tuple[str, ...] = tuple(_people["last_names"])

_places = load("places.yaml")
STREETS: tuple[str, ...] = tuple(_places["streets"])
LIEUX: tuple[str, ...] = tuple(_places["lieux"])
LANDLINE_PREFIXES: dict[str, tuple[str, ...]] = {
    departement: tuple(prefixes) for departement, prefixes in _places["landline_prefixes"].items()
}

# slug: (offers, wants). Every leaf category of barter/data/taxonomy.py has both.
LISTING_TEMPLATES: dict[str, tuple[tuple[Template, ...], tuple[Template, ...]]] = {
    slug: (
        tuple(_template(raw, f"listings.yaml {slug} offers") for raw in both["offers"]),
        tuple(_template(raw, f"listings.yaml {slug} wants") for raw in both["wants"]),
    )
    for slug, both in load("listings.yaml").items()
}

_rules = load("listing_rules.yaml")
RADII_KM: tuple[int, ...] = tuple(_rules["radii_km"])
REMOTE_SHARE: dict[str, float] = _rules["remote_share"]
CATEGORY_VAT: dict[str, int] = _rules["category_vat"]
IDLE_ASSET_CATEGORIES: tuple[str, ...] = tuple(_rules["idle_asset_categories"])
OFFER_CLOSINGS: tuple[str, ...] = tuple(_rules["offer_closings"])
WANT_CLOSINGS: tuple[str, ...] = tuple(_rules["want_closings"])
