"""Candidate sources: where Wikidata items for a mention come from.

Every source answers the same two questions (`CandidateSource`):
`candidates(names, etype)` -> the items whose label or alias could be one of
these names, and `item(qid)` -> the enrichment record of a linked item. The
linker scores candidates the same way whichever source produced them.

- `InMemorySource`: candidates given as objects (tests, custom lists).
- `OfflineExtractSource`: the verified offline extract shipped in
  `graph/data/wikidata/entities.json`; entries without a verified QID are
  never candidates.
- `graph.link.sparql.SparqlSource`: a live SPARQL endpoint (Wikidata Query Service).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from graph.link.names import keys_for
from graph.model import EntityType, WikidataItem

__all__ = [
    "Candidate",
    "CandidateSource",
    "SourceUnavailable",
    "InMemorySource",
    "OfflineExtractSource",
    "EXTRACT_PATH",
    "load_extract",
    "load_classes",
]

EXTRACT_PATH = Path(str(resources.files("graph") / "data" / "wikidata" / "entities.json"))
CLASSES_PATH = Path(str(resources.files("graph") / "data" / "wikidata" / "classes.json"))

# Entity types the linker links (events are not linked).
LINKED_TYPES = (EntityType.PERSON, EntityType.ORGANISATION, EntityType.CITY, EntityType.COUNTRY)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One Wikidata item that might be what a mention names."""

    qid: str
    label: str
    aliases: tuple[str, ...] = ()
    types: tuple[str, ...] = ()  # P31 values (QIDs)
    country: str | None = None  # P17 (QID)
    geonames_id: str | None = None  # P1566
    prior: float = 0.5  # source's confidence that the item is a real, verified one
    family: str | None = None  # newskg entity type the source knows the item has
    descriptions: tuple[str, ...] = ()  # descriptions / notes (article context check)
    coordinates: tuple[float, float] | None = None  # (lat, lon), P625
    roots: tuple[str, ...] = ()  # type roots reached through P31/P279* (live)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


class SourceUnavailable(RuntimeError):
    """The source could not answer (endpoint down, timeout, rate limit)."""


@runtime_checkable
class CandidateSource(Protocol):
    name: str  # "offline-extract", "live"

    def candidates(self, names: Sequence[str], etype: EntityType) -> list[Candidate]: ...

    def item(self, qid: str) -> WikidataItem | None: ...


@lru_cache(maxsize=4)
def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def load_extract(path: Path | None = None) -> list[dict[str, Any]]:
    """The offline extract (a list of entries, see its README)."""
    return list(_read_json(path or EXTRACT_PATH))


def load_classes(path: Path | None = None) -> dict[EntityType, dict[str, dict[str, str]]]:
    """Accepted Wikidata classes per entity type: {"roots": {...}, "classes": {...}}."""
    data = _read_json(path or CLASSES_PATH)
    return {EntityType(k): v for k, v in data.items() if not k.startswith("_")}


class InMemorySource:
    """Candidates held in memory, looked up by their loosest name key."""

    name = "in-memory"
    item_source = "wikidata-in-memory"

    def __init__(
        self, candidates: Iterable[Candidate], items: dict[str, WikidataItem] | None = None
    ) -> None:
        self._candidates = list(candidates)
        self._items = dict(items or {})
        self._index: dict[EntityType, dict[str, list[Candidate]]] = {}

    def _index_for(self, etype: EntityType) -> dict[str, list[Candidate]]:
        index = self._index.get(etype)
        if index is None:
            index = defaultdict(list)
            for cand in self._candidates:
                for name in cand.names:
                    key = keys_for(name, etype)["ascii"]
                    if key and cand not in index[key]:
                        index[key].append(cand)
            self._index[etype] = index
        return index

    def candidates(self, names: Sequence[str], etype: EntityType) -> list[Candidate]:
        index = self._index_for(etype)
        out: list[Candidate] = []
        for name in names:
            for cand in index.get(keys_for(name, etype)["ascii"], ()):
                if cand not in out:
                    out.append(cand)
        return out

    def item(self, qid: str) -> WikidataItem | None:
        item = self._items.get(qid)
        if item is not None:
            return item
        for cand in self._candidates:
            if cand.qid == qid:
                labels = {"en": cand.label}
                return WikidataItem(
                    qid=qid,
                    labels=labels,
                    coordinates=cand.coordinates,
                    country=cand.country,
                    geonames_id=cand.geonames_id,
                    source=self.item_source,
                )
        return None


def _entry_candidate(entry: dict[str, Any]) -> Candidate:
    aliases: list[str] = []
    for name in [
        entry.get("label_vi"),
        *entry.get("aliases", {}).get("vi", []),
        *entry.get("aliases", {}).get("en", []),
        *entry.get("surface_forms", []),
        entry.get("name_in_articles"),
    ]:
        if name and name != entry.get("label_en") and name not in aliases:
            aliases.append(name)
    coords = entry.get("coordinates")
    descriptions = tuple(str(entry[k]) for k in ("notes",) if entry.get(k))
    return Candidate(
        qid=entry["qid"],
        label=entry.get("label_en") or entry.get("label_vi") or entry["qid"],
        aliases=tuple(aliases),
        types=tuple(entry.get("instance_of") or ()),
        country=entry.get("country"),
        geonames_id=None,  # the extract does not carry P1566
        prior=1.0,
        family=entry["type"],
        descriptions=descriptions,
        coordinates=(float(coords["lat"]), float(coords["lon"])) if coords else None,
    )


def _entry_item(entry: dict[str, Any]) -> WikidataItem:
    labels = {lang: entry[f"label_{lang}"] for lang in ("en", "vi") if entry.get(f"label_{lang}")}
    coords = entry.get("coordinates")
    return WikidataItem(
        qid=entry["qid"],
        labels=labels,
        coordinates=(float(coords["lat"]), float(coords["lon"])) if coords else None,
        country=entry.get("country"),
        geonames_id=None,
        source="wikidata-offline-extract",
    )


def usable_entry(entry: dict[str, Any]) -> bool:
    """Verified, with a QID, of a type we link. Guesses are never usable."""
    return (
        bool(entry.get("qid"))
        and entry.get("verified") is True
        and entry.get("type") in {str(t) for t in LINKED_TYPES}
    )


class OfflineExtractSource(InMemorySource):
    """The verified offline extract (`graph/data/wikidata/entities.json`)."""

    name = "offline-extract"
    item_source = "wikidata-offline-extract"

    def __init__(self, path: Path | None = None) -> None:
        entries = [e for e in load_extract(path) if usable_entry(e)]
        super().__init__(
            (_entry_candidate(e) for e in entries),
            {e["qid"]: _entry_item(e) for e in entries},
        )
