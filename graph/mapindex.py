"""The triples the map data is read from, indexed by predicate and subject, built in parts.

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

__all__ = [
    "MapIndex", "READ_PREDICATES", "RELATION_PREDICATES", "READ_TYPES", "EVIDENCE_PREDICATES",
    "index_part", "index_part_of_triples", "merge_parts", "evidence_of_parts", "index_nquads",
]

# Bump when the layout of a part changes (parts are cached with a build's pages).
PART_FORMAT = 2

RELATION_PREDICATES = {
    str(p) for p in (NKG.participatedIn, NKG.organisedBy, NKG.heldIn, NKG.locatedIn, NKG.partOf, NKG.memberOf)
}
# What an evidence node says (its article and sentence): kept apart from the
# rest (`MapIndex.evidence`), because a build's maps need it only for the
# edges they draw, and it was most of the index (one node and one sentence per
# fact and mention: ~1M evidence nodes at 50,000 articles).
EVIDENCE_PREDICATES = {str(NKG.article), str(NKG.sentence)}
# The only predicates the converter reads; everything else is skipped while indexing.
READ_PREDICATES = {
    str(p)
    for p in (
        RDF.type, DCTERMS.identifier, SCHEMA.url, SCHEMA.datePublished, SCHEMA.headline, NKG.site,
        SKOS.exactMatch, NKG.date, RDFS.label, SKOS.altLabel, NKG.honorific, NKG.mentionedIn,
        NKG.evidence, NKG.holder, NKG.role, NKG.organisation,
        NKG.roleText, RDF.subject, RDF.predicate, RDF.object, NKG.since, NKG.field,
    )
} | RELATION_PREDICATES | EVIDENCE_PREDICATES
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
    """`po`: predicate -> subject -> value; `evidence`: the same for the
    `EVIDENCE_PREDICATES`; `typed`: class -> {subject: None}; `relations`:
    predicate -> {(subject, object): None}.

    A value is one object key, or a dict of them (used as an ordered set) when
    a subject has several for that predicate: a triple held by several named
    graphs is indexed once, and the first value met comes first. Predicate
    first and single values inline: most subjects have one value per
    predicate, and a dict per subject and per property was ~3x the memory."""

    def __init__(self) -> None:
        self.po: dict[str, dict[str, Any]] = {}
        self.evidence: dict[str, dict[str, Any]] = {}
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
        _put((self.evidence if p in EVIDENCE_PREDICATES else self.po).setdefault(p, {}), s, o_key)

    def merge(self, other: MapIndex) -> None:
        """Add `other`'s entries after this index's own (takes over its dicts)."""
        for mine, theirs in ((self.po, other.po), (self.evidence, other.evidence)):
            for p, by_s in theirs.items():
                have = mine.get(p)
                if have is None:
                    mine[p] = by_s
                    continue
                for s, value in by_s.items():
                    for key in value if type(value) is dict else (value,):
                        _put(have, s, key)
        for table, theirs_sets in ((self.typed, other.typed), (self.relations, other.relations)):
            for key, members in theirs_sets.items():
                have_set = table.get(key)
                if have_set is None:
                    table[key] = members
                else:
                    have_set.update(members)

    def merge_evidence(self, p: str, by_s: dict[str, Any]) -> None:
        have = self.evidence.setdefault(p, {})
        for s, value in by_s.items():
            for key in value if type(value) is dict else (value,):
                _put(have, s, key)

    # -- the part of rdflib's Graph API the converter uses --------------------

    def _keys(self, s: Any, p: Any) -> tuple[Any, ...] | dict[Any, None]:
        p = str(p)
        value = (self.evidence if p in EVIDENCE_PREDICATES else self.po).get(p, {}).get(str(s), _MISSING)
        if value is _MISSING:
            return ()
        return value if type(value) is dict else (value,)

    def objects(self, s: Any, p: Any) -> list[str]:
        return [_term(k) for k in self._keys(s, p)]

    def value(self, s: Any, p: Any) -> str | None:
        for key in self._keys(s, p):
            return _term(key)
        return None

    def subjects(self, p: Any, o: Any) -> list[str]:
        assert str(p) == RDF_TYPE, "only rdf:type is indexed by object"
        return list(self.typed.get(str(o), {}))

    def subject_objects(self, p: Any) -> list[tuple[str, str]]:
        return list(self.relations.get(str(p), {}))

    # -- parts ----------------------------------------------------------------

    def dumps(self) -> bytes:
        """Two blobs: the structure and the evidence, so that the evidence of
        a part can be read without decoding the rest, and the other way round."""
        structure = zlib.compress(marshal.dumps((self.po, self.typed, self.relations)), 1)
        evidence = zlib.compress(marshal.dumps(self.evidence), 1)
        return marshal.dumps((PART_FORMAT, structure, evidence))

    @classmethod
    def loads(cls, data: bytes, *, structure: bool = True, evidence: bool = True) -> MapIndex:
        _version, structure_blob, evidence_blob = _part_blobs(data)
        index = cls()
        if structure:
            index.po, index.typed, index.relations = marshal.loads(zlib.decompress(structure_blob))
        if evidence:
            index.evidence = marshal.loads(zlib.decompress(evidence_blob))
        return index


_MISSING = object()


def _put(by_s: dict[str, Any], s: str, key: Any) -> None:
    """Add `key` to the values of `s` (one value inline, several as an ordered set)."""
    have = by_s.get(s, _MISSING)
    if have is _MISSING:
        by_s[s] = key
    elif type(have) is dict:
        have[key] = None
    elif have != key:
        by_s[s] = {have: None, key: None}


def _part_blobs(data: bytes) -> tuple[int, bytes, bytes]:
    try:
        version, structure_blob, evidence_blob = marshal.loads(data)
    except (ValueError, EOFError, TypeError) as exc:
        raise ValueError("not a map index part") from exc
    if version != PART_FORMAT:
        raise ValueError(f"map index part of format {version}, expected {PART_FORMAT}")
    return version, structure_blob, evidence_blob


def _index_quads(quads: Iterable[Any], index: MapIndex) -> MapIndex:
    """Index pyoxigraph quads; `MapIndex.add` inlined (this loop may see every quad of a build)."""
    import pyoxigraph

    read, relation_predicates, read_types = READ_PREDICATES, RELATION_PREDICATES, READ_TYPES
    po, typed, relations, evidence = index.po, index.typed, index.relations, index.evidence
    evidence_predicates = EVIDENCE_PREDICATES
    intern = sys.intern  # one string object per IRI: see Interning above
    literal_cls, blank_cls = pyoxigraph.Literal, pyoxigraph.BlankNode
    missing = _MISSING
    for quad in quads:
        p = quad.predicate.value
        if p not in read:
            continue
        s_term, o_term = quad.subject, quad.object
        s = f"_:{s_term.value}" if type(s_term) is blank_cls else s_term.value
        s = intern(s)
        if type(o_term) is literal_cls:
            datatype = o_term.datatype.value
            o: Any = (o_term.value, o_term.language, intern(datatype))
        else:
            o = f"_:{o_term.value}" if type(o_term) is blank_cls else o_term.value
            if p == RDF_TYPE:
                if o in read_types:
                    typed.setdefault(o, {})[s] = None
                continue
            o = intern(o)
            if p in relation_predicates:
                relations.setdefault(p, {})[(s, o)] = None
        table = evidence if p in evidence_predicates else po
        by_s = table.get(p)
        if by_s is None:
            by_s = table[p] = {}
        have = by_s.get(s, missing)  # _put, inlined
        if have is missing:
            by_s[s] = o
        elif type(have) is dict:
            have[o] = None
        elif have != o:
            by_s[s] = {have: None, o: None}
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
    po, typed, relations, evidence = index.po, index.typed, index.relations, index.evidence
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
        _put((evidence if p in EVIDENCE_PREDICATES else po).setdefault(p, {}), s, o)
    return index.dumps()


def merge_parts(parts: Iterable[bytes], *, evidence: bool = True) -> MapIndex:
    """The index of the pages whose parts these are, in this order;
    `evidence=False` leaves the evidence nodes out (see `evidence_of_parts`)."""
    index = MapIndex()
    for part in parts:
        index.merge(MapIndex.loads(part, evidence=evidence))
    return index


def evidence_of_parts(parts: Iterable[bytes], wanted: set[str]) -> MapIndex:
    """An index of the `wanted` evidence nodes only, read from the parts'
    evidence blobs (the structure blobs are not decoded)."""
    index = MapIndex()
    for part in parts:
        for p, by_s in marshal.loads(zlib.decompress(_part_blobs(part)[2])).items():
            found = {node: value for node, value in by_s.items() if node in wanted}
            if found:
                index.merge_evidence(p, found)
    return index
