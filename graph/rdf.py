"""Fact model -> RDF. The only module that mints IRIs and emits triples.

One named graph per article holds that article's entities, facts and their
evidence; the `links` graph holds Wikidata links with score and method; the
`wikidata` graph holds facts copied from linked items. The shape is described
in docs/ARCHITECTURE.md and checked by ontology/shapes.ttl.

IRIs are derived from content only (entity keys, fact arguments, offsets), so
two builds of the same corpus mint the same IRIs and the same entity in two
articles is one IRI.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, GEO
from rdflib.term import Node

from graph.model import (
    LITERAL_ARGS,
    ArticleFacts,
    Entity,
    EntityType,
    Evidence,
    Fact,
    Relation,
    WikidataItem,
)
from graph.text import match_key, search_key, slugify
from graph.vocab import (
    ID,
    LINKS_GRAPH,
    NKG,
    PROV,
    SCHEMA,
    WD,
    WDT,
    WIKIDATA_GRAPH,
    article_graph_iri,
)

__all__ = [
    "entity_iri",
    "article_iri",
    "role_iri",
    "to_dataset",
    "new_dataset",
    "write_articles",
    "write_cross_article",
    "article_triples",
    "RdfReport",
    "bind_prefixes",
]

_TYPE_SEGMENT = {
    EntityType.PERSON: "person",
    EntityType.ORGANISATION: "org",
    EntityType.EVENT: "event",
    EntityType.CITY: "city",
    EntityType.COUNTRY: "country",
}
_TYPE_CLASS = {
    EntityType.PERSON: NKG.Person,
    EntityType.ORGANISATION: NKG.Organisation,
    EntityType.EVENT: NKG.Event,
    EntityType.CITY: NKG.City,
    EntityType.COUNTRY: NKG.Country,
}
# Binary relations: (subject arg, predicate, object arg).
_BINARY = {
    Relation.PARTICIPATED_IN: ("agent", NKG.participatedIn, "event"),
    Relation.ORGANISED_BY: ("event", NKG.organisedBy, "org"),
    Relation.HELD_IN: ("event", NKG.heldIn, "place"),
    Relation.EVENT_DATE: ("event", NKG.date, "date"),
    Relation.LOCATED_IN: ("subject", NKG.locatedIn, "place"),
    Relation.PART_OF: ("org", NKG.partOf, "parent"),
    Relation.MEMBER_OF: ("member", NKG.memberOf, "org"),
}
_TONE_DIGITS = re.compile(r"(?<=[^\W\d_])\d+\b")
_DATE_FORMS = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^--\d{2}-\d{2}$"), XSD.gMonthDay),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
]


def _digest(*parts: object, length: int = 12) -> str:
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def entity_key(entity: Entity) -> str:
    """Cross-article identity; resolution sets `Entity.key`, else type + name."""
    return entity.key or f"{entity.type}:{match_key(entity.name)}"


def entity_iri(entity: Entity) -> URIRef:
    key = entity_key(entity)
    # The slug is for people reading IRIs; the digest makes them unique.
    label = key.split(":", 1)[1] if ":" in key else key
    # Resolved keys are "type:base|tone digits|…", match keys carry tones as
    # digits ("hoa2"): neither belongs in the readable part.
    label = _TONE_DIGITS.sub("", label.split("|", 1)[0])
    return ID[f"{_TYPE_SEGMENT[entity.type]}/{slugify(label, 40)}-{_digest(key, length=10)}"]


def article_iri(doc_id: str) -> URIRef:
    return ID[f"article/{quote(doc_id, safe='')}"]


def role_iri(role: str) -> URIRef:
    key = match_key(role)
    return ID[f"role/{slugify(key, 40)}-{_digest(key, length=8)}"]


def date_literal(value: str) -> Literal:
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(value):
            return Literal(value, datatype=datatype)
    raise ValueError(f"not a date value newskg writes: {value!r}")


def bind_prefixes(graph: Graph) -> None:
    for prefix, ns in [
        ("nkg", NKG._NS),
        ("id", ID),
        ("schema", SCHEMA),
        ("prov", PROV),
        ("wd", WD),
        ("wdt", WDT),
        ("skos", SKOS),
        ("dcterms", DCTERMS),
        ("geo", GEO),
    ]:
        graph.bind(prefix, ns, override=True)


@dataclass
class RdfReport:
    """What the writer could not turn into triples (extraction bugs, not user errors)."""

    skipped: list[str] = field(default_factory=list)


class _ArticleWriter:
    def __init__(self, graph: Graph, article: ArticleFacts, report: RdfReport) -> None:
        self.graph = graph
        self.article = article
        self.doc = article.document
        self.lang = self.doc.language or None
        self.report = report
        self.article_node = article_iri(self.doc.id)
        self.iris = {e.id: entity_iri(e) for e in article.entities}

    def text(self, value: str) -> Literal:
        return Literal(value, lang=self.lang)

    def write(self) -> None:
        self.write_article()
        for entity in self.article.entities:
            self.write_entity(entity)
        for fact in self.article.facts:
            self.write_fact(fact)

    def write_article(self) -> None:
        g, node, doc = self.graph, self.article_node, self.doc
        g.add((node, RDF.type, NKG.Article))
        g.add((node, NKG.kind, Literal(str(doc.kind))))
        g.add((node, DCTERMS.identifier, Literal(doc.id)))
        if doc.language:
            g.add((node, DCTERMS.language, Literal(doc.language)))
        if doc.title:
            g.add((node, SCHEMA.headline, self.text(doc.title)))
        if doc.url:
            g.add((node, SCHEMA.url, URIRef(doc.url)))
        if doc.site:
            g.add((node, NKG.site, Literal(doc.site)))
        if doc.published:
            g.add((node, SCHEMA.datePublished, Literal(doc.published, datatype=XSD.date)))
        if doc.source:
            g.add((node, NKG.sourceFile, Literal(doc.source)))
        if doc.parent_id:
            g.add((node, NKG.teaserOf, article_iri(doc.parent_id)))

    def write_entity(self, entity: Entity) -> None:
        g, node = self.graph, self.iris[entity.id]
        g.add((node, RDF.type, _TYPE_CLASS[entity.type]))
        g.add((node, RDFS.label, self.text(entity.name)))
        for alias in entity.aliases:
            if alias != entity.name:
                g.add((node, SKOS.altLabel, self.text(alias)))
        # One plain literal per distinct folded form (the graph dedupes): name
        # parameters of the canned queries look entities up through this index.
        for name in (entity.name, *entity.aliases):
            g.add((node, NKG.searchKey, Literal(search_key(name))))
        for honorific in entity.attributes.get("honorifics", []) or []:
            g.add((node, NKG.honorific, Literal(honorific)))
        g.add((node, NKG.mentionedIn, self.article_node))
        if entity.type is EntityType.EVENT:
            if entity.date:
                g.add((node, NKG.date, date_literal(entity.date)))
            if entity.place and entity.place in self.iris:
                g.add((node, NKG.heldIn, self.iris[entity.place]))

    def write_evidence(self, subject: URIRef, evidence: Iterable[Evidence], signature: str) -> None:
        g = self.graph
        for ev in evidence:
            node = ID[f"evidence/{_digest(ev.doc_id, ev.start, ev.end, ev.extractor, signature)}"]
            g.add((subject, NKG.evidence, node))
            g.add((node, RDF.type, NKG.Evidence))
            g.add((node, NKG.article, article_iri(ev.doc_id)))
            g.add((node, NKG.sentence, self.text(ev.sentence)))
            g.add((node, NKG.startOffset, Literal(ev.start)))
            g.add((node, NKG.endOffset, Literal(ev.end)))
            g.add((node, NKG.extractor, Literal(ev.extractor)))
            g.add((node, NKG.confidence, Literal(float(ev.confidence))))

    def entity_arg(self, fact: Fact, arg: str) -> URIRef | None:
        local_id = fact.args[arg]
        if local_id is None:
            return None
        iri = self.iris.get(local_id)
        if iri is None:
            self.report.skipped.append(
                f"{self.doc.id}: {fact.rel} names unknown entity {local_id!r} as {arg}"
            )
        return iri

    def write_fact(self, fact: Fact) -> None:
        if fact.rel is Relation.HOLDS_ROLE:
            self.write_position(fact)
            return
        subject_arg, predicate, object_arg = _BINARY[fact.rel]
        subject = self.entity_arg(fact, subject_arg)
        if (fact.rel, object_arg) in LITERAL_ARGS:
            value = fact.args[object_arg]
            try:
                obj = date_literal(value) if value else None
            except ValueError as exc:
                self.report.skipped.append(f"{self.doc.id}: {exc}")
                return
        else:
            obj = self.entity_arg(fact, object_arg)
        if subject is None or obj is None:
            return
        g = self.graph
        g.add((subject, predicate, obj))
        statement = ID[f"statement/{_digest(subject, predicate, obj)}"]
        g.add((statement, RDF.type, NKG.Statement))
        g.add((statement, RDF.subject, subject))
        g.add((statement, RDF.predicate, predicate))
        g.add((statement, RDF.object, obj))
        if fact.since is not None:
            g.add((statement, NKG.since, Literal(str(fact.since), datatype=XSD.gYear)))
        if fact.field:
            g.add((statement, NKG.field, self.text(fact.field)))
        self.write_evidence(statement, fact.evidence, f"{subject}|{predicate}|{obj}")

    def write_position(self, fact: Fact) -> None:
        holder = self.entity_arg(fact, "person")
        role_text = fact.args["role"]
        if holder is None or not role_text:
            return
        org = self.entity_arg(fact, "org") if fact.args["org"] else None
        role = role_iri(role_text)
        g = self.graph
        position = ID[f"position/{_digest(holder, role, org)}"]
        g.add((position, RDF.type, NKG.Position))
        g.add((position, NKG.holder, holder))
        g.add((position, NKG.role, role))
        g.add((role, RDF.type, NKG.Role))
        g.add((role, RDFS.label, self.text(role_text)))
        g.add((role, NKG.searchKey, Literal(search_key(role_text))))
        if org is not None:
            g.add((position, NKG.organisation, org))
        for alias in fact.role_aliases:
            g.add((position, NKG.roleText, self.text(alias)))
        if self.doc.published:
            g.add((position, NKG.statedOn, Literal(self.doc.published, datatype=XSD.date)))
        self.write_evidence(position, fact.evidence, f"{holder}|{role}|{org}")


def _write_links(dataset: Dataset, articles: Iterable[ArticleFacts]) -> None:
    graph = dataset.graph(LINKS_GRAPH)
    for article in articles:
        for entity in article.entities:
            link = entity.wikidata
            if link is None:
                continue
            node, item = entity_iri(entity), WD[link.qid]
            graph.add((node, SKOS.exactMatch, item))
            link_node = ID[f"link/{_digest(node, link.qid)}"]
            graph.add((link_node, RDF.type, NKG.WikidataLink))
            graph.add((link_node, NKG.linkedEntity, node))
            graph.add((link_node, NKG.wikidataItem, item))
            graph.add((link_node, NKG.linkScore, Literal(float(link.score))))
            graph.add((link_node, NKG.linkMethod, Literal(link.method)))


def _write_enrichment(dataset: Dataset, items: Iterable[WikidataItem]) -> None:
    graph = dataset.graph(WIKIDATA_GRAPH)
    for item in items:
        node = WD[item.qid]
        graph.add((node, PROV.wasDerivedFrom, URIRef("https://www.wikidata.org/")))
        graph.add((node, DCTERMS.source, Literal(item.source)))
        for lang, label in sorted(item.labels.items()):
            graph.add((node, RDFS.label, Literal(label, lang=lang)))
        if item.coordinates is not None:
            lat, lon = item.coordinates
            graph.add((node, WDT.P625, Literal(f"Point({lon} {lat})", datatype=GEO.wktLiteral)))
        if item.country:
            graph.add((node, WDT.P17, WD[item.country]))
        if item.geonames_id:
            graph.add((node, WDT.P1566, Literal(item.geonames_id)))


class _TripleSet:
    """What `_ArticleWriter` needs of a graph (`add`), without rdflib's store:
    adding to an rdflib graph costs ~50 us a triple, most of a page's render."""

    def __init__(self) -> None:
        self.triples: dict[tuple[Node, Node, Node], None] = {}  # insertion-ordered set

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.triples[triple] = None


def article_triples(article: ArticleFacts, report: RdfReport) -> list[tuple[Node, Node, Node]]:
    """The triples of one article's named graph, each once, in writing order."""
    sink = _TripleSet()
    _ArticleWriter(sink, article, report).write()  # type: ignore[arg-type]
    return list(sink.triples)


def new_dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    return dataset


def write_articles(dataset: Dataset, articles: Iterable[ArticleFacts], report: RdfReport) -> None:
    """Each article into its own named graph. An article graph depends only on
    that article's facts and its entities' resolved keys and aliases, which is
    what lets a build render, validate and cache it on its own (graph.pages)."""
    for article in articles:
        graph = dataset.graph(article_graph_iri(article.document.id))
        _ArticleWriter(graph, article, report).write()


def write_cross_article(
    dataset: Dataset, articles: Iterable[ArticleFacts], wikidata_items: Iterable[WikidataItem] = ()
) -> None:
    """The graphs that span articles: `links` (entity -> Wikidata) and `wikidata` (enrichment)."""
    _write_links(dataset, articles)
    _write_enrichment(dataset, wikidata_items)


def to_dataset(
    articles: Iterable[ArticleFacts],
    wikidata_items: Iterable[WikidataItem] = (),
    report: RdfReport | None = None,
) -> Dataset:
    """Write every article into its own named graph, plus links and enrichment."""
    report = report if report is not None else RdfReport()
    articles = list(articles)
    dataset = new_dataset()
    write_articles(dataset, articles, report)
    write_cross_article(dataset, articles, wikidata_items)
    return dataset
