"""The triples the map data is read from, indexed by subject, built in parts.

`viz.convert` turns the built graph into map data by asking an in-memory
index of the few predicates the maps read (`_Index`). Reading that index
from all of graph.nq costs Python work per quad (~5 µs); on a rebuild where
1% of the articles changed, that pass over the whole graph was most of the
maps stage. So the index is also built *per page*, where the page is
rendered (`index_part`), kept in the page cache as bytes, and the build's
index is the merge of the parts (`merge_parts`): merging costs per subject,
not per quad, and unchanged pages are not parsed again.

Merging the parts of the pages in the order they are written to graph.nq
gives the index of graph.nq itself (same entries, same insertion order: the
first value of a property is the one met first), which
`tests/test_scale_mapparts.py` checks.

Terms are plain strings: IRIs as their value, blank nodes as `_:id`.
Object values are keyed as stored: an IRI or blank node by its string, a
literal by `(value, language, datatype)`; `objects`/`value` hand literals out
as `_Lit` (value + language), all the maps read of a literal.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS
from rdflib.namespace import DCTERMS

from graph.vocab import NKG, SCHEMA

__all__ = ["MapIndex", "READ_PREDICATES", "RELATION_PREDICATES", "READ_TYPES", "index_part", "index_part_of_triples", "merge_parts", "index_nquads"]

# Bump when the layout of a part changes (parts are cached with a build's pages).
PART_FORMAT = 1

RELATION_PREDICATES = {
    str(p) for p in (NKG.participatedIn, NKG.organisedBy, NKG.heldIn, NKG.locatedIn, NKG.partOf, NKG.memberOf)
}
# The only predicates the converter reads; everything else is skipped while indexing.
READ_PREDICATES = {
    str(p)
    for p in (
        RDF.type, DCTERMS.identifier, SCHEMA.url, SCHEMA.datePublished, SCHEMA.headline, NKG.site,
        SKOS.exactMatch, NKG.date, RDFS.label, SKOS.altLabel, NKG.honorific, NKG.mentionedIn,
        NKG.evidence, NKG.article, NKG.sentence, NKG.holder, NKG.role, NKG.organisation,
        NKG.roleText, RDF.subject, RDF.predicate, RDF.object, NKG.since, NKG.field,
    )
} | RELATION_PREDICATES
RDF_TYPE = str(RDF.type)
READ_TYPES = {
    str(c) for c in (NKG.Person, NKG.Organisation, NKG.Event, NKG.City, NKG.Country, NKG.Place,
                     NKG.Article, NKG.Position, NKG.Statement)
}


# Interning: IRIs (subjects and IRI objects) are interned strings. marshal
# keeps that flag and loading a part interns them again, so the merged index
# of all pages holds each IRI once, however many pages name it, rather than a
# copy per page and per mention.


class _Lit(str):
    """A literal's lexical form with its language tag (all the maps read of a literal)."""

    __slots__ = ("language",)

    def __new__(cls, value: str, language: str | None = None) -> _Lit:
        obj = super().__new__(cls, value)
        obj.language = language
        return obj


def _term(key: Any) -> str:
    return key if type(key) is str else _Lit(key[0], key[1])


class MapIndex:
    """`sp`: subject -> predicate -> {object key: None}; `typed`: class ->
    {subject: None}; `relations`: predicate -> {(subject, object): None}.
    Dicts used as ordered sets: a triple held by several named graphs is
    indexed once, in the order first met."""

    def __init__(self) -> None:
        self.sp: dict[str, dict[str, dict[Any, None]]] = {}
        self.typed: dict[str, dict[str, None]] = {}
        self.relations: dict[str, dict[tuple[str, str], None]] = {}

    def add(self, s: str, p: str, o_key: Any) -> None:
        """One triple (object keyed as above); predicates the maps do not read are skipped."""
        if p not in READ_PREDICATES:
            return
        if p == RDF_TYPE and type(o_key) is str:
            if o_key in READ_TYPES:
                self.typed.setdefault(o_key, {})[s] = None
            return
        if p in RELATION_PREDICATES and type(o_key) is str:
            self.relations.setdefault(p, {})[(s, o_key)] = None
        self.sp.setdefault(s, {}).setdefault(p, {})[o_key] = None

    def merge(self, other: MapIndex) -> None:
        """Add `other`'s entries after this index's own (takes over its dicts)."""
        sp = self.sp
        for s, by_p in other.sp.items():
            mine = sp.get(s)
            if mine is None:
                sp[s] = by_p
                continue
            for p, values in by_p.items():
                have = mine.get(p)
                if have is None:
                    mine[p] = values
                else:
                    have.update(values)
        for table, theirs in ((self.typed, other.typed), (self.relations, other.relations)):
            for key, members in theirs.items():
                have = table.get(key)
                if have is None:
                    table[key] = members
                else:
                    have.update(members)

    # -- the part of rdflib's Graph API the converter uses --------------------

    def objects(self, s: Any, p: Any) -> list[str]:
        by_p = self.sp.get(str(s))
        if not by_p:
            return []
        return [_term(k) for k in by_p.get(str(p), ())]

    def value(self, s: Any, p: Any) -> str | None:
        by_p = self.sp.get(str(s))
        if not by_p:
            return None
        values = by_p.get(str(p))
        return _term(next(iter(values))) if values else None

    def subjects(self, p: Any, o: Any) -> list[str]:
        assert str(p) == RDF_TYPE, "only rdf:type is indexed by object"
        return list(self.typed.get(str(o), {}))

    def subject_objects(self, p: Any) -> list[tuple[str, str]]:
        return list(self.relations.get(str(p), {}))

    # -- parts ----------------------------------------------------------------

    def dumps(self) -> bytes:
        return zlib.compress(marshal.dumps((PART_FORMAT, self.sp, self.typed, self.relations)), 1)

    @classmethod
    def loads(cls, data: bytes) -> MapIndex:
        version, sp, typed, relations = marshal.loads(zlib.decompress(data))
        if version != PART_FORMAT:
            raise ValueError(f"map index part of format {version}, expected {PART_FORMAT}")
        index = cls()
        index.sp, index.typed, index.relations = sp, typed, relations
        return index


def _index_quads(quads: Iterable[Any], index: MapIndex) -> MapIndex:
    """Index pyoxigraph quads; `MapIndex.add` inlined (this loop may see every quad of a build)."""
    import pyoxigraph

    read, relation_predicates, read_types = READ_PREDICATES, RELATION_PREDICATES, READ_TYPES
    sp, typed, relations = index.sp, index.typed, index.relations
    intern = sys.intern  # one string object per IRI: see Interning above
    literal_cls, blank_cls = pyoxigraph.Literal, pyoxigraph.BlankNode
    for quad in quads:
        p = quad.predicate.value
        if p not in read:
            continue
        s_term, o_term = quad.subject, quad.object
        s = f"_:{s_term.value}" if type(s_term) is blank_cls else s_term.value
        s = intern(s)
        if type(o_term) is literal_cls:
            o: Any = (o_term.value, o_term.language, o_term.datatype.value)
        else:
            o = f"_:{o_term.value}" if type(o_term) is blank_cls else o_term.value
            if p == RDF_TYPE:
                if o in read_types:
                    typed.setdefault(o, {})[s] = None
                continue
            o = intern(o)
            if p in relation_predicates:
                relations.setdefault(p, {})[(s, o)] = None
        by_p = sp.get(s)
        if by_p is None:
            by_p = sp[s] = {}
        values = by_p.get(p)
        if values is None:
            values = by_p[p] = {}
        values[o] = None
    return index


def index_nquads(path: Path | str) -> MapIndex:
    """The index of an N-Quads file (a build's graph.nq), streamed by pyoxigraph."""
    import pyoxigraph

    with open(path, "rb") as handle:
        return _index_quads(pyoxigraph.parse(handle, pyoxigraph.RdfFormat.N_QUADS), MapIndex())


def index_part(nquads: str) -> bytes:
    """The index of one page's N-Quads, as bytes to cache and merge later."""
    import pyoxigraph

    quads = pyoxigraph.parse(nquads.encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
    return _index_quads(quads, MapIndex()).dumps()


_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def index_part_of_triples(triples: Iterable[tuple[Any, Any, Any]]) -> bytes:
    """`index_part` of the N-Quads these rdflib triples are written as
    (`graph.nquads.quad_lines`, in this order), without writing and parsing
    them: where a page is rendered, its triples are at hand. Terms are keyed
    as pyoxigraph reads them back (a plain literal's datatype is xsd:string,
    a tagged one's rdf:langString), so parts made either way merge alike."""
    from rdflib import BNode, Literal

    index = MapIndex()
    read, relation_predicates, read_types = READ_PREDICATES, RELATION_PREDICATES, READ_TYPES
    sp, typed, relations = index.sp, index.typed, index.relations
    intern = sys.intern  # see Interning above
    for s_term, p_term, o_term in triples:
        p = str(p_term)  # (rdflib terms do not hash as their string)
        if p not in read:
            continue
        s = intern(f"_:{s_term}" if isinstance(s_term, BNode) else str(s_term))
        if isinstance(o_term, Literal):
            language = o_term.language
            datatype = o_term.datatype
            o: Any = (str(o_term), language, _LANG_STRING if language else str(datatype) if datatype else _XSD_STRING)
        else:
            o = intern(f"_:{o_term}" if isinstance(o_term, BNode) else str(o_term))
            if p == RDF_TYPE:
                if o in read_types:
                    typed.setdefault(o, {})[s] = None
                continue
            if p in relation_predicates:
                relations.setdefault(p, {})[(s, o)] = None
        sp.setdefault(s, {}).setdefault(p, {})[o] = None
    return index.dumps()


def merge_parts(parts: Iterable[bytes]) -> MapIndex:
    """The index of the pages whose parts these are, in this order."""
    index = MapIndex()
    for part in parts:
        index.merge(MapIndex.loads(part))
    return index
