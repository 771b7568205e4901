"""Turn the built graph (an rdflib Dataset or Graph) into plain node/edge dicts.

The maps, the analytics and the exports all read these dicts, never RDF: the
converter is the only part of `viz/` that knows the graph shape of
`docs/ARCHITECTURE.md`. A `Position` (person - role - organisation) becomes one
edge from the person to the organisation labelled with the role; a binary
relation becomes one edge; each edge keeps the sentences and articles it was
read from (`nkg:evidence`).

Shape of the result (`GraphData`, a plain dict)::

    {"nodes": [{"id", "label", "type", "alt_labels", "honorifics", "roles",
                "wikidata", "articles", "date", "degree"}, ...],
     "edges": [{"id", "source", "target", "kind", "label", "qualifiers",
                "evidence": [{"sentence", "article"}]}, ...],
     "articles": {doc_id: {"title", "url", "date", "site"}}}

`articles` in nodes and `article` in evidence are article ids (doc ids).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.vocab import NKG, SCHEMA
from graph.mapindex import MapIndex, _Lit, evidence_of_parts, index_nquads, merge_parts

__all__ = [
    "NODE_TYPES",
    "EDGE_KINDS",
    "GraphData",
    "to_graph_data",
    "graph_data_from_nquads",
    "graph_data_from_parts",
    "deferred_graph_data_from_parts",
]

GraphData = dict[str, Any]

# rdf:type -> node type name, in priority order (an entity typed twice keeps the first).
NODE_TYPES: dict[URIRef, str] = {
    NKG.Person: "Person",
    NKG.Organisation: "Organisation",
    NKG.Event: "Event",
    NKG.City: "City",
    NKG.Country: "Country",
    NKG.Place: "Place",
}

# predicate -> (edge kind, human label shown in tooltips and the legend)
EDGE_KINDS: dict[str, str] = {
    "holds_role": "holds role in",
    "participated_in": "participated in",
    "organised_by": "organised by",
    "held_in": "held in",
    "located_in": "located in",
    "part_of": "part of",
    "member_of": "member of",
}
_PREDICATE_KIND: dict[URIRef, str] = {
    NKG.participatedIn: "participated_in",
    NKG.organisedBy: "organised_by",
    NKG.heldIn: "held_in",
    NKG.locatedIn: "located_in",
    NKG.partOf: "part_of",
    NKG.memberOf: "member_of",
}


def _rdflib_key(term: Any) -> Any:
    """A term as `graph.mapindex` keys it: a literal as (value, language, datatype)."""
    if isinstance(term, Literal):
        return (str(term), term.language, str(term.datatype or ""))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _index_rdflib(source: Graph) -> MapIndex:
    index = MapIndex()
    triples = (
        ((s, p, o) for s, p, o, _ctx in source.quads((None, None, None, None)))
        if hasattr(source, "quads")
        else source.triples((None, None, None))
    )
    for s, p, o in triples:
        index.add(_rdflib_key(s), str(p), _rdflib_key(o))
    return index


def _text(values: Iterable[Any], prefer_lang: str = "vi") -> str | None:
    """One literal's text, preferring the article language; deterministic."""
    literals = sorted((v for v in values if isinstance(v, (Literal, _Lit))), key=str)
    for lit in literals:
        if lit.language == prefer_lang:
            return str(lit)
    return str(literals[0]) if literals else None


def _doc_id(article: Any, g: Any) -> str:
    ident = g.value(article, DCTERMS.identifier)
    if ident is not None:
        return str(ident)
    return str(article).rsplit("/article/", 1)[-1]


def to_graph_data(source: Graph) -> GraphData:
    """Read the entities, positions and relations of a built graph into dicts."""
    return _graph_data(_index_rdflib(source))


def graph_data_from_nquads(path: Path | str) -> GraphData:
    """`to_graph_data` of the N-Quads file a build wrote, in one streamed pass
    (no rdflib graph, no store)."""
    return _graph_data(index_nquads(path))


def graph_data_from_parts(parts: Iterable[bytes]) -> GraphData:
    """`to_graph_data` of the pages whose map index parts (`graph.mapindex.index_part`)
    these are, in the order written."""
    return _graph_data(merge_parts(parts))


EvidenceFiller = Callable[[list[dict[str, Any]]], None]


def deferred_graph_data_from_parts(parts: Sequence[bytes]) -> tuple[GraphData, EvidenceFiller]:
    """`graph_data_from_parts` without the edges' evidence, and the function
    that fills in the evidence of the edges given to it: what the build's map
    stage uses. The maps draw a bounded set of edges, so reading the sentences
    of those only keeps the stage's memory bounded by what is drawn, not by
    the archive (the evidence nodes were most of the map index)."""
    g = merge_parts(parts, evidence=False)
    data, article_id = _graph_data_and_article_ids(g, fill_evidence=False)
    del g

    def fill(edges: list[dict[str, Any]]) -> None:
        pending = [e for e in edges if _EVIDENCE_REFS in e]
        wanted = {ref for e in pending for ref in e[_EVIDENCE_REFS]}
        _fill_evidence(pending, evidence_of_parts(parts, wanted), article_id)

    return data, fill


# Edge key holding its evidence nodes until `_fill_evidence` reads them.
_EVIDENCE_REFS = "_evidence_nodes"


def _fill_evidence(edges: Iterable[dict[str, Any]], g: MapIndex, article_id: Callable[[Any], str]) -> None:
    """Turn each edge's evidence nodes into its evidence: (article, sentence)
    items, each once, sorted."""
    for e in edges:
        items: dict[tuple[str | None, str], None] = {}
        for ev in e.pop(_EVIDENCE_REFS):
            art = g.value(ev, NKG.article)
            items[(article_id(art) if art is not None else None, _text(g.objects(ev, NKG.sentence)) or "")] = None
        e["evidence"] = [
            {"sentence": sentence, "article": article}
            for article, sentence in sorted(items, key=lambda x: (x[0] or "", x[1]))
        ]


def _graph_data(g: MapIndex) -> GraphData:
    return _graph_data_and_article_ids(g, fill_evidence=True)[0]


def _graph_data_and_article_ids(g: MapIndex, *, fill_evidence: bool) -> tuple[GraphData, Callable[[Any], str]]:

    articles: dict[str, dict[str, Any]] = {}
    article_ids: dict[URIRef, str] = {}
    for art in g.subjects(RDF.type, NKG.Article):
        doc_id = _doc_id(art, g)
        article_ids[art] = doc_id
        url = g.value(art, SCHEMA.url)
        date = g.value(art, SCHEMA.datePublished)
        articles[doc_id] = {
            "title": _text(g.objects(art, SCHEMA.headline)),
            "url": str(url) if url is not None else None,
            "date": str(date) if date is not None else None,
            "site": _text(g.objects(art, NKG.site)),
        }

    def article_id(node: Any) -> str:
        return article_ids.get(node) or str(node).rsplit("/article/", 1)[-1]

    nodes: dict[str, dict[str, Any]] = {}
    for cls, type_name in NODE_TYPES.items():
        for ent in sorted(set(g.subjects(RDF.type, cls)), key=str):
            key = str(ent)
            if key in nodes:
                continue
            match = sorted(str(o) for o in g.objects(ent, SKOS.exactMatch))
            date = g.value(ent, NKG.date)
            label = _text(g.objects(ent, RDFS.label)) or key.rsplit("/", 1)[-1]
            nodes[key] = {
                "id": key,
                "label": label,
                "type": type_name,
                "alt_labels": sorted(
                    {str(o) for o in g.objects(ent, SKOS.altLabel)} - {label}
                ),
                "honorifics": sorted({str(o) for o in g.objects(ent, NKG.honorific)}),
                "roles": [],
                "wikidata": match[0] if match else None,
                "articles": sorted({article_id(a) for a in g.objects(ent, NKG.mentionedIn)}),
                "date": str(date) if date is not None else None,
                "degree": 0,
            }

    def evidence_of(subject: Any) -> list[str]:
        return [str(ev) for ev in g.objects(subject, NKG.evidence)]

    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def edge(source_id: str, target_id: str, kind: str) -> dict[str, Any]:
        key = (source_id, target_id, kind)
        if key not in edges:
            edges[key] = {
                # From what the edge joins, not from a counter: an edit elsewhere
                # then leaves this edge's id, and the maps showing it, unchanged.
                "id": "e" + hashlib.sha1("\0".join(key).encode("utf-8")).hexdigest()[:16],
                "source": source_id,
                "target": target_id,
                "kind": kind,
                "label": "",
                "labels": [],
                "qualifiers": {},
                "evidence": [],
                _EVIDENCE_REFS: {},
            }
        return edges[key]

    def add_evidence(e: dict[str, Any], nodes: list[str]) -> None:
        e[_EVIDENCE_REFS].update(dict.fromkeys(nodes))

    # Positions: person -> organisation, labelled with the role.
    for pos in sorted(set(g.subjects(RDF.type, NKG.Position)), key=str):
        holder = g.value(pos, NKG.holder)
        role = g.value(pos, NKG.role)
        org = g.value(pos, NKG.organisation)
        role_label = (
            _text(g.objects(role, RDFS.label)) if role is not None else None
        ) or _text(g.objects(pos, NKG.roleText)) or "?"
        if holder is None or str(holder) not in nodes:
            continue
        person = nodes[str(holder)]
        if org is not None and str(org) in nodes:
            org_label = nodes[str(org)]["label"]
            role_desc = f"{role_label}, {org_label}"
            e = edge(str(holder), str(org), "holds_role")
            if role_label not in e["labels"]:
                e["labels"].append(role_label)
            add_evidence(e, evidence_of(pos))
        else:
            role_desc = role_label
        if role_desc not in person["roles"]:
            person["roles"].append(role_desc)

    # Binary relations, with the evidence and qualifiers of their Statement.
    statements: dict[tuple[Any, Any, Any], list[Any]] = defaultdict(list)
    for st in g.subjects(RDF.type, NKG.Statement):
        key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
        statements[key].append(st)
    for predicate, kind in _PREDICATE_KIND.items():
        for s, o in sorted(g.subject_objects(predicate), key=lambda so: (str(so[0]), str(so[1]))):
            if str(s) not in nodes or str(o) not in nodes or s == o:
                continue
            e = edge(str(s), str(o), kind)
            for st in statements.get((s, str(predicate), o), []):
                add_evidence(e, evidence_of(st))
                since = g.value(st, NKG.since)
                field = _text(g.objects(st, NKG.field))
                if since is not None:
                    e["qualifiers"]["since"] = str(since)
                if field:
                    e["qualifiers"]["field"] = field

    edge_list = []
    for e in edges.values():
        e["label"] = " / ".join(e.pop("labels")) if e["kind"] == "holds_role" else ""
        e[_EVIDENCE_REFS] = list(e[_EVIDENCE_REFS])
        nodes[e["source"]]["degree"] += 1
        nodes[e["target"]]["degree"] += 1
        edge_list.append(e)
    if fill_evidence:
        _fill_evidence(edge_list, g, article_id)
    for n in nodes.values():
        n["roles"].sort()
    return {"nodes": list(nodes.values()), "edges": edge_list, "articles": articles}, article_id
