"""Distances between businesses, and placing a commune on the map from the offline gazetteer."""

import math
import unicodedata
from functools import cache

from django.db.models import F, FloatField, Func, Value
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin

from .data.communes import COMMUNES

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle; a cheap indexable pre-filter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(0.01, math.cos(math.radians(lat)))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def distance_expression(lat: float, lon: float, lat_field: str, lon_field: str) -> Func:
    """SQL expression (PostgreSQL and SQLite) of the great-circle distance in km to (lat, lon)."""
    cosine = Cos(Radians(Value(lat))) * Cos(Radians(F(lat_field))) * Cos(
        Radians(F(lon_field)) - Radians(Value(lon))
    ) + Sin(Radians(Value(lat))) * Sin(Radians(F(lat_field)))
    # Rounding can push the cosine a hair beyond [-1, 1], where ACOS is undefined.
    clamped = Greatest(Value(-1.0), Least(Value(1.0), cosine, output_field=FloatField()))
    return ACos(clamped, output_field=FloatField()) * Value(EARTH_RADIUS_KM)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().replace("-", " ").replace("'", " ").split())


@cache
def _gazetteer() -> dict[tuple[str, str], tuple[float, float]]:
    return {(pc, _fold(name)): (lat, lon) for pc, name, lat, lon in COMMUNES}


def commune_coordinates(postcode: str, commune: str) -> tuple[float, float] | None:
    """Coordinates of a commune known to the gazetteer (accents and case ignored), else None."""
    found = _gazetteer().get((postcode or "", _fold(commune)))
    if found:
        return found
    by_name = [v for (pc, name), v in _gazetteer().items() if name == _fold(commune)]
    return by_name[0] if len(by_name) == 1 else None


def commune_names() -> list[str]:
    """Commune names known to the gazetteer, for an input's suggestions."""
    return sorted({name for _, name, _, _ in COMMUNES})
