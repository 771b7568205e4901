"""JSON (de)serialisation of `ArticleFacts`, exact enough to round-trip.

Used by the extraction cache (`graph.cache`) and by the Dask engine's
hand-offs; `article_facts_from_json(article_facts_to_json(a)) == a` for every
`ArticleFacts` whose free-form values (`Document.metadata`,
`Entity.attributes`) hold JSON-like data, dates, tuples and sets.

Free-form values are written as plain JSON where that is unambiguous and as
one-key tagged objects (`{"$date": "2019-01-17"}`) where it is not, so a tuple
comes back a tuple and a date a date.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from graph.model import (
    ArticleFacts,
    Document,
    DocumentKind,
    Entity,
    EntityType,
    Evidence,
    Fact,
    Relation,
    WikidataLink,
)

__all__ = [
    "FORMAT_VERSION",
    "article_facts_to_dict",
    "article_facts_from_dict",
    "article_facts_to_json",
    "article_facts_from_json",
    "document_to_dict",
    "document_from_dict",
]

# Bump when the layout below changes: cached entries of another version are misses.
FORMAT_VERSION = 2  # 2: evidence sentences in a table per article

# Plain lookups: calling the enum (EntityType("person")) costs several times more.
_ENTITY_TYPES = {str(t): t for t in EntityType}
_RELATIONS = {str(r): r for r in Relation}

_TAGS = ("$date", "$datetime", "$tuple", "$set", "$frozenset", "$map")


_PLAIN = frozenset({type(None), bool, int, float, str})


def _encode(value: Any) -> Any:
    # Exact types first: a set lookup, where the isinstance chain below cost
    # most of the time to key a document (its metadata) and to cache a result.
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [_encode(v) for v in value]
    if kind is dict and not (len(value) == 1 and next(iter(value)) in _TAGS) and all(type(k) is str for k in value):
        return {k: _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    # datetime is a date subclass: test it first.
    if isinstance(value, dt.datetime):
        # fold disambiguates a repeated wall-clock hour; isoformat() drops it.
        return {"$datetime": [value.isoformat(), value.fold]}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, set | frozenset):
        # Sorted by their JSON text: a set's iteration order changes between
        # processes (string hashing), its serialisation must not.
        items = sorted((_encode(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return {"$frozenset" if isinstance(value, frozenset) else "$set": items}
    if isinstance(value, Mapping):
        if all(isinstance(k, str) for k in value) and not (len(value) == 1 and next(iter(value)) in _TAGS):
            return {k: _encode(v) for k, v in value.items()}
        return {"$map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot serialise {type(value).__name__}: {value!r}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (tag, inner), = value.items()
        if tag == "$date":
            return dt.date.fromisoformat(inner)
        if tag == "$datetime":
            iso, fold = inner
            return dt.datetime.fromisoformat(iso).replace(fold=fold)
        if tag == "$tuple":
            return tuple(_decode(v) for v in inner)
        if tag == "$set":
            return {_decode(v) for v in inner}
        if tag == "$frozenset":
            return frozenset(_decode(v) for v in inner)
        if tag == "$map":
            return {_decode(k): _decode(v) for k, v in inner}
    return {k: _decode(v) for k, v in value.items()}


def document_to_dict(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "text": doc.text,
        "title": doc.title,
        "language": doc.language,
        "kind": str(doc.kind),
        "source": doc.source,
        "url": doc.url,
        "site": doc.site,
        "published": doc.published.isoformat() if doc.published is not None else None,
        "parent_id": doc.parent_id,
        "metadata": _encode(dict(doc.metadata)),
    }


def document_from_dict(data: Mapping[str, Any]) -> Document:
    published = data["published"]
    return Document(
        id=data["id"],
        text=data["text"],
        title=data["title"],
        language=data["language"],
        kind=DocumentKind(data["kind"]),
        source=data["source"],
        url=data["url"],
        site=data["site"],
        published=dt.date.fromisoformat(published) if published is not None else None,
        parent_id=data["parent_id"],
        metadata=_decode(data["metadata"]),
    )


# An article's evidence sentences are written once, in a table
# (`"sentences"`), and evidence rows point into it: an entity's mention and its
# facts' evidence repeat the same few sentences, which made up more than half
# of a record and of the time to read it back.
Sentences = dict[str, int]  # sentence -> its index in the table, while encoding


def _evidence_to_list(ev: Evidence, sentences: Sentences) -> list[Any]:
    # Positional: evidence is the most repeated record, so keep it compact.
    index = sentences.setdefault(ev.sentence, len(sentences))
    return [ev.doc_id, index, ev.start, ev.end, ev.extractor, ev.confidence]


class _Decoder:
    """Evidence rows of one article back to objects. A third of the rows
    repeat (an entity's mention is also its facts' evidence); Evidence is
    immutable, so one object serves them all."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences
        self.shared: dict[tuple[Any, ...], Evidence] = {}

    def evidence(self, row: list[Any]) -> Evidence:
        key = (*row, type(row[-1]))  # confidence 1 and 1.0 are equal keys, not equal text
        found = self.shared.get(key)
        if found is None:
            doc_id, index, start, end, extractor, confidence = row
            found = self.shared[key] = Evidence(doc_id, self.sentences[index], start, end, extractor, confidence)
        return found


def _link_to_dict(link: WikidataLink | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {"qid": link.qid, "score": link.score, "method": link.method, "label": link.label}


def _link_from_dict(data: Mapping[str, Any] | None) -> WikidataLink | None:
    if data is None:
        return None
    return WikidataLink(data["qid"], data["score"], data["method"], data["label"])


def _entity_to_dict(ent: Entity, sentences: Sentences) -> dict[str, Any]:
    return {
        "id": ent.id,
        "type": str(ent.type),
        "name": ent.name,
        "aliases": list(ent.aliases),
        "attributes": _encode(dict(ent.attributes)),
        "evidence": [_evidence_to_list(e, sentences) for e in ent.evidence],
        "date": ent.date,
        "place": ent.place,
        "key": ent.key,
        "wikidata": _link_to_dict(ent.wikidata),
        "optional": ent.optional,
    }


def _entity_from_dict(data: Mapping[str, Any], decoder: _Decoder) -> Entity:
    return Entity(
        id=data["id"],
        type=_ENTITY_TYPES[data["type"]],
        name=data["name"],
        aliases=list(data["aliases"]),
        attributes=_decode(data["attributes"]),
        evidence=[decoder.evidence(e) for e in data["evidence"]],
        date=data["date"],
        place=data["place"],
        key=data["key"],
        wikidata=_link_from_dict(data["wikidata"]),
        optional=data["optional"],
    )


def _fact_to_dict(fact: Fact, sentences: Sentences) -> dict[str, Any]:
    return {
        "rel": str(fact.rel),
        "args": dict(fact.args),
        "evidence": [_evidence_to_list(e, sentences) for e in fact.evidence],
        "role_aliases": list(fact.role_aliases),
        "optional": fact.optional,
        "since": fact.since,
        "field": fact.field,
    }


def _fact_from_dict(data: Mapping[str, Any], decoder: _Decoder) -> Fact:
    return Fact(
        rel=_RELATIONS[data["rel"]],
        args=dict(data["args"]),
        evidence=[decoder.evidence(e) for e in data["evidence"]],
        role_aliases=list(data["role_aliases"]),
        optional=data["optional"],
        since=data["since"],
        field=data["field"],
    )


def article_facts_to_dict(article: ArticleFacts, *, include_document: bool = True) -> dict[str, Any]:
    """`include_document=False` leaves the document out (the cache keys entries
    by the document's hash, so the caller already holds an equal document)."""
    sentences: Sentences = {}
    entities = [_entity_to_dict(e, sentences) for e in article.entities]
    facts = [_fact_to_dict(f, sentences) for f in article.facts]
    return {
        "format": FORMAT_VERSION,
        "document": document_to_dict(article.document) if include_document else None,
        "sentences": list(sentences),
        "entities": entities,
        "facts": facts,
    }


def article_facts_from_dict(data: Mapping[str, Any], *, document: Document | None = None) -> ArticleFacts:
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(f"unsupported ArticleFacts format {data.get('format')!r}")
    if document is None:
        if data["document"] is None:
            raise ValueError("the record has no document and none was given")
        document = document_from_dict(data["document"])
    decoder = _Decoder(data["sentences"])
    return ArticleFacts(
        document=document,
        entities=[_entity_from_dict(e, decoder) for e in data["entities"]],
        facts=[_fact_from_dict(f, decoder) for f in data["facts"]],
    )


def article_facts_to_json(article: ArticleFacts, *, include_document: bool = True) -> str:
    return json.dumps(
        article_facts_to_dict(article, include_document=include_document),
        ensure_ascii=False,
        separators=(",", ":"),
    )


def article_facts_from_json(text: str | bytes, *, document: Document | None = None) -> ArticleFacts:
    return article_facts_from_dict(json.loads(text), document=document)
