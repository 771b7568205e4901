"""Wikidata-shaped RDF from the offline extract.

Loads into any SPARQL store (e.g. `oxigraph serve`) so that a local endpoint
answers the very queries `graph.link.sparql` sends to the Wikidata Query
Service: `wd:`/`wdt:` IRIs, `rdfs:label` and `skos:altLabel` with language
tags, P31, P17, P625 (WKT literal) and P1566. Used by the live-path tests and
for trying the live path without internet.

Only verified entries are written. The extract has no P1566: for cities it is
taken from the GeoNames gazetteer when a gazetteer city of the same name lies
within `NEAR_KM` of the extract's coordinates (marked in the docstring of
`extract_triples`, not a Wikidata read).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.link.candidates import load_extract
from graph.link.gazetteer import NEAR_KM, distance_km, lookup_cities

__all__ = ["extract_triples", "write_ntriples"]

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def extract_triples(entries: list[dict[str, Any]] | None = None) -> Iterator[str]:
    """N-Triples lines for the verified entries (P1566 of cities: gazetteer-derived)."""
    for entry in entries if entries is not None else load_extract():
        qid = entry.get("qid")
        if not qid or entry.get("verified") is not True or not qid.startswith("Q"):
            continue
        s = f"<{WD}{qid}>"
        for lang in ("en", "vi"):
            if entry.get(f"label_{lang}"):
                yield f"{s} <{RDFS_LABEL}> {_lit(entry[f'label_{lang}'], lang)} ."
            for alias in entry.get("aliases", {}).get(lang, []):
                yield f"{s} <{SKOS_ALT}> {_lit(alias, lang)} ."
        for cls in entry.get("instance_of") or ():
            yield f"{s} <{WDT}P31> <{WD}{cls}> ."
        if entry.get("country"):
            yield f"{s} <{WDT}P17> <{WD}{entry['country']}> ."
        coords = entry.get("coordinates")
        if coords:
            point = f"Point({coords['lon']} {coords['lat']})"
            yield f"{s} <{WDT}P625> {_lit(point, datatype=WKT)} ."
            if entry.get("type") == "City":
                names = [entry.get("label_en") or "", *entry.get("surface_forms", [])]
                here = (float(coords["lat"]), float(coords["lon"]))
                for city in lookup_cities(n for n in names if n):
                    if distance_km(here, (city.latitude, city.longitude)) <= NEAR_KM:
                        yield f"{s} <{WDT}P1566> {_lit(city.geonames_id)} ."
                        break


def write_ntriples(path: Path, extra: list[str] | None = None) -> Path:
    """Write the extract (plus `extra` N-Triples lines) to `path`."""
    lines = list(extract_triples()) + list(extra or [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
