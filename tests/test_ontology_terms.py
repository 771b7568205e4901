"""The ontology file parses and defines exactly the closed term list graph.vocab.NKG."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from graph.vocab import NKG, ONTOLOGY_IRI, ORG, PROV, SCHEMA, SEM
from ontology import ONTOLOGY_TTL, SHAPES_TTL, load_ontology, load_shapes

NS = str(NKG._NS)
TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def defined_terms(graph: Graph) -> set[str]:
    return {
        str(s)[len(NS) :]
        for s, _, kind in graph.triples((None, RDF.type, None))
        if kind in TERM_TYPES and isinstance(s, URIRef) and str(s).startswith(NS)
    }


def test_files_ship_inside_the_package() -> None:
    assert ONTOLOGY_TTL.is_file() and SHAPES_TTL.is_file()
    assert len(load_shapes()) > 100


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None


def test_defined_terms_equal_the_vocab_module(ontology: Graph) -> None:
    in_vocab = set(NKG.__annotations__)
    in_ontology = defined_terms(ontology)
    assert in_vocab - in_ontology == set(), "named in graph/vocab.py but not defined in newskg.ttl"
    assert in_ontology - in_vocab == set(), "defined in newskg.ttl but missing from graph/vocab.py"


def test_no_nkg_term_used_without_definition(ontology: Graph) -> None:
    used = {
        str(node)[len(NS) :]
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(NS)
    }
    assert used <= set(NKG.__annotations__)


@pytest.mark.parametrize("term", sorted(NKG.__annotations__))
def test_every_term_has_label_and_comment_in_english_and_vietnamese(
    ontology: Graph, term: str
) -> None:
    iri = NKG._NS[term]
    for prop in (RDFS.label, RDFS.comment):
        langs = {o.language for o in ontology.objects(iri, prop) if isinstance(o, Literal)}
        assert {"en", "vi"} <= langs, f"{term} {prop} languages: {langs}"


def test_properties_have_a_kind_and_classes_are_classes(ontology: Graph) -> None:
    for term in NKG.__annotations__:
        kinds = set(ontology.objects(NKG._NS[term], RDF.type)) & TERM_TYPES
        assert len(kinds) == 1, f"{term} is {kinds}"
        assert (OWL.Class in kinds) == term[0].isupper(), term


@pytest.mark.parametrize(
    ("term", "relation", "target"),
    [
        (NKG.Position, RDFS.subClassOf, ORG.Membership),
        (NKG.Role, RDFS.subClassOf, ORG.Role),
        (NKG.Organisation, RDFS.subClassOf, ORG.Organization),
        (NKG.Organisation, RDFS.subClassOf, SCHEMA.Organization),
        (NKG.Person, RDFS.subClassOf, SCHEMA.Person),
        (NKG.Event, RDFS.subClassOf, SEM.Event),
        (NKG.Event, RDFS.subClassOf, SCHEMA.Event),
        (NKG.City, RDFS.subClassOf, SCHEMA.City),
        (NKG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (NKG.Evidence, RDFS.subClassOf, PROV.Entity),
        (NKG.Statement, RDFS.subClassOf, RDF.Statement),
        (NKG.holder, RDFS.subPropertyOf, ORG.member),
        (NKG.role, RDFS.subPropertyOf, ORG.role),
        (NKG.organisation, RDFS.subPropertyOf, ORG.organization),
        (NKG.memberOf, RDFS.subPropertyOf, ORG.memberOf),
        (NKG.partOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
        (NKG.organisedBy, RDFS.subPropertyOf, SCHEMA.organizer),
        (NKG.heldIn, RDFS.subPropertyOf, SEM.hasPlace),
        (NKG.locatedIn, RDFS.subPropertyOf, SCHEMA.containedInPlace),
        (NKG.date, RDFS.subPropertyOf, SEM.hasTimeStamp),
    ],
)
def test_alignment(ontology: Graph, term: URIRef, relation: URIRef, target: URIRef) -> None:
    assert (term, relation, target) in ontology


def test_participated_in_is_the_inverse_of_sem_has_actor(ontology: Graph) -> None:
    supers = list(ontology.objects(NKG.participatedIn, RDFS.subPropertyOf))
    assert any((s, OWL.inverseOf, SEM.hasActor) in ontology for s in supers)
