"""The RDF writer on hand-built fact models (no extraction involved)."""

from __future__ import annotations

import datetime as dt

from rdflib import XSD, Literal

from graph.model import (
    ArticleFacts,
    Document,
    Entity,
    EntityType,
    Evidence,
    Fact,
    Relation,
    WikidataItem,
    WikidataLink,
)
from graph.rdf import entity_iri, to_dataset
from graph.vocab import NKG, article_graph_iri


def _ev(doc_id: str, sentence: str = "Ông Trần Văn An, Giám đốc Sở Y tế.") -> Evidence:
    return Evidence(doc_id, sentence, 0, len(sentence), "test.rule", 0.9)


def _article(doc_id: str, person_name: str = "Trần Văn An") -> ArticleFacts:
    doc = Document(id=doc_id, text="…", title="Tin <b>thử</b>", published=dt.date(2024, 3, 5))
    ev = _ev(doc_id)
    entities = [
        Entity("p1", EntityType.PERSON, person_name, attributes={"honorifics": ["ông"]}),
        Entity("o1", EntityType.ORGANISATION, "Sở Y tế Đà Nẵng", aliases=["Sở Y tế"]),
        Entity("c1", EntityType.CITY, "Đà Nẵng", wikidata=WikidataLink("Q25282", 0.95, "test")),
        Entity("e1", EntityType.EVENT, "Hội nghị y tế", date="2024-03-04", place="c1"),
        Entity("n1", EntityType.COUNTRY, "Việt Nam"),
    ]
    facts = [
        Fact(Relation.HOLDS_ROLE, {"person": "p1", "role": "Giám đốc", "org": "o1"}, [ev]),
        Fact(Relation.PARTICIPATED_IN, {"agent": "p1", "event": "e1"}, [ev]),
        Fact(Relation.HELD_IN, {"event": "e1", "place": "c1"}, [ev]),
        Fact(Relation.EVENT_DATE, {"event": "e1", "date": "--03-04"}, [ev]),
        Fact(Relation.LOCATED_IN, {"subject": "c1", "place": "n1"}, [ev]),
        Fact(Relation.MEMBER_OF, {"member": "c1", "org": "o1"}, [ev], since=2021, field="Ẩm thực"),
    ]
    return ArticleFacts(doc, entities, facts)


def test_rdf_one_named_graph_per_article_and_shared_entity_iris():
    ds = to_dataset([_article("a1"), _article("a2")])
    graphs = {g.identifier for g in ds.graphs()}
    assert article_graph_iri("a1") in graphs and article_graph_iri("a2") in graphs
    person = entity_iri(_article("a1").entities[0])
    # the same person in two articles is one IRI, mentioned in both
    assert len(list(ds.objects(person, NKG.mentionedIn))) == 2


def test_rdf_tone_variants_share_an_iri():
    a = _article("a1", "Nguyễn Thị Hòa").entities[0]
    b = _article("a2", "Nguyễn Thị Hoà").entities[0]
    assert entity_iri(a) == entity_iri(b)


def test_rdf_position_and_provenance_reachable_by_sparql():
    ds = to_dataset([_article("a1")])
    rows = list(
        ds.query(
            """
            PREFIX nkg: <https://w3id.org/newskg/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?name ?role ?org ?sentence ?start ?extractor WHERE {
              ?pos a nkg:Position ; nkg:holder/rdfs:label ?name ; nkg:role/rdfs:label ?role ;
                   nkg:organisation/rdfs:label ?org ; nkg:evidence ?ev .
              ?ev nkg:sentence ?sentence ; nkg:startOffset ?start ; nkg:extractor ?extractor .
            }"""
        )
    )
    assert len(rows) == 1
    name, role, org, sentence, start, extractor = rows[0]
    assert (str(name), str(role), str(org)) == ("Trần Văn An", "Giám đốc", "Sở Y tế Đà Nẵng")
    assert str(sentence).startswith("Ông Trần Văn An") and int(start) == 0
    assert str(extractor) == "test.rule"


def test_rdf_dates_typed_and_member_of_qualified():
    ds = to_dataset([_article("a1")])
    dates = set(ds.objects(None, NKG.date))
    assert Literal("2024-03-04", datatype=XSD.date) in dates
    assert Literal("--03-04", datatype=XSD.gMonthDay) in dates
    since = list(ds.objects(None, NKG.since))
    assert since == [Literal("2021", datatype=XSD.gYear)]


def test_rdf_links_and_enrichment_graphs():
    item = WikidataItem("Q25282", {"vi": "Đà Nẵng", "en": "Da Nang"}, (16.05, 108.2), "Q881")
    ds = to_dataset([_article("a1")], [item])
    rows = list(
        ds.query(
            """
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            PREFIX wdt: <http://www.wikidata.org/prop/direct/>
            SELECT ?item ?country WHERE { ?city skos:exactMatch ?item . ?item wdt:P17 ?country }"""
        )
    )
    assert [(str(i), str(c)) for i, c in rows] == [
        ("http://www.wikidata.org/entity/Q25282", "http://www.wikidata.org/entity/Q881")
    ]


def test_rdf_unknown_entity_reference_is_reported_not_written():
    article = _article("a1")
    article.facts.append(Fact(Relation.PART_OF, {"org": "o1", "parent": "o99"}, [_ev("a1")]))
    from graph.rdf import RdfReport

    report = RdfReport()
    ds = to_dataset([article], report=report)
    assert any("o99" in line for line in report.skipped)
    assert not list(ds.triples((None, NKG.partOf, None)))


def test_rdf_search_keys_one_per_distinct_folded_label():
    from graph.text import search_key

    ds = to_dataset([_article("a1", "Nguyễn Thị Hòa"), _article("a2", "NGUYỄN THỊ HOÀ")])
    person = entity_iri(_article("a1", "Nguyễn Thị Hòa").entities[0])
    # two spellings, one key; the query side binds search_key(user input)
    assert set(ds.objects(person, NKG.searchKey)) == {Literal("nguyên thi hoa")}
    assert search_key("nguyễn thị hoà") == "nguyên thi hoa"
    org = entity_iri(_article("a1").entities[1])
    assert set(ds.objects(org, NKG.searchKey)) == {Literal("sơ y tê đa năng"),
                                                    Literal("sơ y tê")}  # name + alias
    role_keys = {str(k) for r in ds.objects(None, NKG.role) for k in ds.objects(r, NKG.searchKey)}
    assert role_keys == {"giam đôc"}
