"""Namespaces and the closed term list of the newskg ontology.

`ontology/newskg.ttl` is the contract of the graph; this module names its
terms for Python code. `NKG` is closed: using a term the ontology does not
define raises AttributeError at import time of the caller, and a test checks
that this list and the Turtle file agree.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "NKG",
    "ID",
    "GRAPH",
    "WD",
    "WDT",
    "ORG",
    "SCHEMA",
    "PROV",
    "SEM",
    "article_graph_iri",
    "WIKIDATA_GRAPH",
    "LINKS_GRAPH",
    "ONTOLOGY_IRI",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")
ID = Namespace("https://w3id.org/newskg/id/")  # entities, positions, evidence, articles
GRAPH = Namespace("https://w3id.org/newskg/graph/")  # named graphs
WIKIDATA_GRAPH = GRAPH["wikidata"]  # enrichment copied from Wikidata
LINKS_GRAPH = GRAPH["links"]  # skos:exactMatch links to Wikidata with score and method

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")


def article_graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds the facts of one article."""
    return GRAPH[f"article/{doc_id}"]


class NKG(DefinedNamespace):
    """newskg ontology terms (https://w3id.org/newskg/ontology#)."""

    _NS = Namespace("https://w3id.org/newskg/ontology#")
    _fail = True

    # classes
    Agent: URIRef
    Person: URIRef
    Organisation: URIRef
    Role: URIRef
    Position: URIRef  # a person holding a role in an organisation (org:Membership)
    Event: URIRef
    Place: URIRef
    City: URIRef
    Country: URIRef
    Article: URIRef
    Evidence: URIRef  # where a fact was read: article, sentence, offsets, extractor
    Statement: URIRef  # a binary fact reified to carry evidence and qualifiers
    WikidataLink: URIRef

    # position (n-ary holds_role)
    holder: URIRef
    role: URIRef
    organisation: URIRef
    statedOn: URIRef

    # binary relations (the gold relations)
    participatedIn: URIRef
    organisedBy: URIRef
    heldIn: URIRef
    date: URIRef
    locatedIn: URIRef
    partOf: URIRef
    memberOf: URIRef

    # qualifiers of a Statement (member_of)
    since: URIRef
    field: URIRef

    # provenance
    evidence: URIRef
    article: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    extractor: URIRef
    confidence: URIRef
    mentionedIn: URIRef
    mentionCount: URIRef

    # entity attributes
    honorific: URIRef
    roleText: URIRef
    searchKey: URIRef  # graph.text.search_key of each distinct label, for indexed lookup

    # article metadata
    kind: URIRef
    site: URIRef
    teaserOf: URIRef
    sourceFile: URIRef

    # wikidata linking
    linkedEntity: URIRef
    wikidataItem: URIRef
    linkScore: URIRef
    linkMethod: URIRef
