"""The typed fact model: the only thing that crosses from extraction to RDF.

Ingestion produces `Document`s; extraction turns each into `ArticleFacts`
(entities + facts, every fact carrying its `Evidence`); resolution and linking
enrich them; `graph.rdf` is the only module that turns them into triples.

The shapes mirror the gold JSON of `shared/gold/README.md` so that scoring,
`newskg facts` output and the RDF writer all read the same objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "EntityType",
    "Relation",
    "RELATION_ARGS",
    "DocumentKind",
    "Document",
    "Evidence",
    "Entity",
    "Fact",
    "ArticleFacts",
    "WikidataLink",
    "WikidataItem",
]


class EntityType(StrEnum):
    PERSON = "Person"
    ORGANISATION = "Organisation"
    EVENT = "Event"
    CITY = "City"
    COUNTRY = "Country"


class Relation(StrEnum):
    HOLDS_ROLE = "holds_role"
    PARTICIPATED_IN = "participated_in"
    ORGANISED_BY = "organised_by"
    HELD_IN = "held_in"
    EVENT_DATE = "event_date"
    LOCATED_IN = "located_in"
    PART_OF = "part_of"
    MEMBER_OF = "member_of"


# Argument names of each relation, in the gold JSON order. Arguments that name
# entities hold entity ids; `role` and `date` hold text; `org` of holds_role may
# be None (a post with no organisation stated).
RELATION_ARGS: Mapping[Relation, tuple[str, ...]] = {
    Relation.HOLDS_ROLE: ("person", "role", "org"),
    Relation.PARTICIPATED_IN: ("agent", "event"),
    Relation.ORGANISED_BY: ("event", "org"),
    Relation.HELD_IN: ("event", "place"),
    Relation.EVENT_DATE: ("event", "date"),
    Relation.LOCATED_IN: ("subject", "place"),
    Relation.PART_OF: ("org", "parent"),
    Relation.MEMBER_OF: ("member", "org"),
}

# Arguments whose value is a literal, not an entity id.
LITERAL_ARGS: frozenset[tuple[Relation, str]] = frozenset(
    {(Relation.HOLDS_ROLE, "role"), (Relation.EVENT_DATE, "date")}
)


class DocumentKind(StrEnum):
    STORY = "story"  # the main article of a page
    TEASER = "teaser"  # headline + lead of another story shown on the page


@dataclass(frozen=True, slots=True)
class Document:
    """Clean story text with its metadata, as ingestion hands it to extraction.

    `text` is the original text (NFC, for display and provenance); every offset
    in the pipeline points into it.
    """

    id: str
    text: str
    title: str | None = None
    language: str = "vi"
    kind: DocumentKind = DocumentKind.STORY
    source: str | None = None  # file path or URL the document came from
    url: str | None = None
    site: str | None = None
    published: dt.date | None = None
    parent_id: str | None = None  # for teasers: the page (story) they were shown on
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact or mention was read: reachable from SPARQL as provenance."""

    doc_id: str
    sentence: str
    start: int  # character offsets of `sentence` in Document.text
    end: int
    extractor: str  # rule or component name, e.g. "rules.holds_role.apposition"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class WikidataLink:
    qid: str  # "Q1858"
    score: float
    method: str  # e.g. "offline-extract:label", "live:label+type"
    label: str | None = None


@dataclass(frozen=True, slots=True)
class WikidataItem:
    """Facts copied from a linked Wikidata item (the enrichment graph)."""

    qid: str
    labels: Mapping[str, str] = field(default_factory=dict)  # language -> label
    coordinates: tuple[float, float] | None = None  # (latitude, longitude), P625
    country: str | None = None  # QID of P17
    geonames_id: str | None = None  # P1566
    source: str = "wikidata"  # "wikidata-live" or "wikidata-offline-extract"


@dataclass(slots=True)
class Entity:
    """One entity of one article (after within-article resolution).

    `id` is local to the article ("p1", "o3"); `key` is the cross-article
    identity filled in by resolution and used to mint the IRI.
    """

    id: str
    type: EntityType
    name: str
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)  # honorifics, titles…
    evidence: list[Evidence] = field(default_factory=list)  # mentions
    date: str | None = None  # events: YYYY-MM-DD or --MM-DD
    place: str | None = None  # events: entity id of the place
    key: str | None = None
    wikidata: WikidataLink | None = None
    optional: bool = False

    def to_gold(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": str(self.type),
            "name": self.name,
            "aliases": list(self.aliases),
            "wikidata": self.wikidata.qid if self.wikidata else None,
        }
        if self.type is EntityType.EVENT:
            out["date"] = self.date
            out["place"] = self.place
        return out


@dataclass(slots=True)
class Fact:
    """One relation instance; `args` keys follow RELATION_ARGS[rel]."""

    rel: Relation
    args: dict[str, str | None]
    evidence: list[Evidence] = field(default_factory=list)
    role_aliases: list[str] = field(default_factory=list)  # holds_role
    optional: bool = False
    since: int | None = None  # member_of
    # Last: inside the class body this name shadows dataclasses.field.
    field: str | None = None  # member_of

    def __post_init__(self) -> None:
        expected = set(RELATION_ARGS[self.rel])
        if set(self.args) != expected:
            raise ValueError(
                f"fact {self.rel}: arguments {sorted(self.args)} != {sorted(expected)}"
            )

    def to_gold(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rel": str(self.rel), **self.args}
        if self.since is not None:
            out["since"] = self.since
        if self.field is not None:
            out["field"] = self.field
        if self.role_aliases:
            out["role_aliases"] = list(self.role_aliases)
        return out


@dataclass(slots=True)
class ArticleFacts:
    """Everything extracted from one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def entity(self, entity_id: str) -> Entity:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        raise KeyError(entity_id)

    def to_gold(self) -> dict[str, Any]:
        return {
            "article": self.document.id,
            "language": self.document.language,
            "entities": [e.to_gold() for e in self.entities],
            "facts": [f.to_gold() for f in self.facts],
        }
