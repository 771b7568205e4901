"""SHACL shapes: a hand-built graph shaped like docs/ARCHITECTURE.md conforms,
and graphs broken in one place each fail with the message of the broken rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.validate import GraphValidationError, ValidationReport, ensure_valid, validate
from graph.vocab import ID, LINKS_GRAPH, NKG, SCHEMA, WD, article_graph_iri

ARTICLE = ID["article/001"]
OTHER_ARTICLE = ID["article/002"]
PERSON = ID["person/nguyen-phuong-hoa-1"]
ORG_CUC = ID["org/cuc-htqt-1"]
ORG_BO = ID["org/bo-vhttdl-1"]
CITY = ID["city/ha-long-1"]
COUNTRY = ID["country/viet-nam-1"]
EVENT = ID["event/buoi-lam-viec-1"]
ROLE = ID["role/cuc-truong-1"]
POSITION = ID["position/p1"]
STATEMENT = ID["statement/s1"]
EV_POSITION = ID["evidence/e1"]
EV_STATEMENT = ID["evidence/e2"]
LINK = ID["link/l1"]


def vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def add_evidence(g: Graph, node: URIRef, article: URIRef, start: int, end: int) -> None:
    g.add((node, RDF.type, NKG.Evidence))
    g.add((node, NKG.article, article))
    g.add((node, NKG.sentence, vi("Cục trưởng Nguyễn Phương Hòa làm việc tại Hạ Long.")))
    g.add((node, NKG.startOffset, Literal(start)))
    g.add((node, NKG.endOffset, Literal(end)))
    g.add((node, NKG.extractor, Literal("rules.holds_role.apposition")))
    g.add((node, NKG.confidence, Literal(0.9)))


def build_valid_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    g = ds.graph(article_graph_iri("001"))
    g.add((ARTICLE, RDF.type, NKG.Article))
    g.add((ARTICLE, SCHEMA.headline, vi("Hạ Long gia nhập mạng lưới UCCN")))
    g.add((ARTICLE, SCHEMA.url, URIRef("https://example.vn/bai-001.html")))
    g.add((ARTICLE, SCHEMA.datePublished, Literal("2023-08-10", datatype=XSD.date)))
    g.add((ARTICLE, NKG.site, Literal("example.vn")))
    g.add((ARTICLE, NKG.kind, Literal("story")))
    g.add((ARTICLE, NKG.sourceFile, Literal("data/corpus/001.txt")))
    g.add((ARTICLE, DCTERMS.language, Literal("vi")))

    for node, cls, label in [
        (PERSON, NKG.Person, "Nguyễn Phương Hòa"),
        (ORG_CUC, NKG.Organisation, "Cục Hợp tác quốc tế"),
        (ORG_BO, NKG.Organisation, "Bộ Văn hóa, Thể thao và Du lịch"),
        (CITY, NKG.City, "Hạ Long"),
        (COUNTRY, NKG.Country, "Việt Nam"),
        (EVENT, NKG.Event, "Buổi làm việc về hồ sơ Hạ Long gia nhập UCCN"),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, vi(label)))
        g.add((node, NKG.mentionedIn, ARTICLE))
    g.add((PERSON, SKOS.altLabel, vi("Nguyễn Phương Hoà")))
    g.add((PERSON, NKG.honorific, Literal("TS.")))

    g.add((ROLE, RDF.type, NKG.Role))
    g.add((ROLE, RDFS.label, vi("Cục trưởng")))
    g.add((POSITION, RDF.type, NKG.Position))
    g.add((POSITION, NKG.holder, PERSON))
    g.add((POSITION, NKG.role, ROLE))
    g.add((POSITION, NKG.organisation, ORG_CUC))
    g.add((POSITION, NKG.roleText, vi("Cục trưởng")))
    g.add((POSITION, NKG.statedOn, Literal("2023-08-10", datatype=XSD.date)))
    g.add((POSITION, NKG.evidence, EV_POSITION))
    add_evidence(g, EV_POSITION, ARTICLE, 0, 52)

    g.add((PERSON, NKG.participatedIn, EVENT))
    g.add((EVENT, NKG.organisedBy, ORG_CUC))
    g.add((EVENT, NKG.heldIn, CITY))
    g.add((EVENT, NKG.date, Literal("--08-09", datatype=XSD.gMonthDay)))
    g.add((ORG_CUC, NKG.partOf, ORG_BO))
    g.add((CITY, NKG.locatedIn, COUNTRY))
    g.add((CITY, NKG.memberOf, ORG_BO))
    g.add((STATEMENT, RDF.type, NKG.Statement))
    g.add((STATEMENT, RDF.subject, CITY))
    g.add((STATEMENT, RDF.predicate, NKG.memberOf))
    g.add((STATEMENT, RDF.object, ORG_BO))
    g.add((STATEMENT, NKG.since, Literal("2023", datatype=XSD.gYear)))
    g.add((STATEMENT, NKG.field, vi("Âm nhạc")))
    g.add((STATEMENT, NKG.evidence, EV_STATEMENT))
    add_evidence(g, EV_STATEMENT, ARTICLE, 60, 60)  # start == end is allowed

    # A second article (a teaser) mentions the same city with another spelling:
    # in the union the city has two labels and two mentions, which is valid.
    g2 = ds.graph(article_graph_iri("002"))
    g2.add((OTHER_ARTICLE, RDF.type, NKG.Article))
    g2.add((OTHER_ARTICLE, NKG.kind, Literal("teaser")))
    g2.add((OTHER_ARTICLE, NKG.teaserOf, ARTICLE))
    g2.add((CITY, RDF.type, NKG.City))
    g2.add((CITY, RDFS.label, vi("TP Hạ Long")))
    g2.add((CITY, NKG.mentionedIn, OTHER_ARTICLE))
    g2.add((COUNTRY, RDF.type, NKG.Country))
    g2.add((COUNTRY, RDFS.label, vi("Việt Nam")))
    g2.add((COUNTRY, NKG.mentionedIn, OTHER_ARTICLE))
    g2.add((COUNTRY, NKG.participatedIn, EVENT))

    links = ds.graph(LINKS_GRAPH)
    links.add((CITY, SKOS.exactMatch, WD.Q36077))
    links.add((LINK, RDF.type, NKG.WikidataLink))
    links.add((LINK, NKG.linkedEntity, CITY))
    links.add((LINK, NKG.wikidataItem, WD.Q36077))
    links.add((LINK, NKG.linkScore, Literal(0.97)))
    links.add((LINK, NKG.linkMethod, Literal("offline:label+geonames")))
    return ds


def article_graph(ds: Dataset) -> Graph:
    return ds.graph(article_graph_iri("001"))


def test_hand_built_graph_conforms() -> None:
    report = validate(build_valid_dataset())
    assert report.conforms, report.text
    assert report.violation_count == 0
    assert report.triples == len(set(build_valid_dataset().triples((None, None, None))))


def test_plain_graph_is_accepted_too() -> None:
    union = Graph()
    for s, p, o, _ in build_valid_dataset().quads((None, None, None, None)):
        union.add((s, p, o))
    assert validate(union).conforms


def test_ensure_valid_returns_the_report_for_a_valid_graph() -> None:
    assert isinstance(ensure_valid(build_valid_dataset()), ValidationReport)


def remove_holder(ds: Dataset) -> None:
    article_graph(ds).remove((POSITION, NKG.holder, None))


def remove_sentence(ds: Dataset) -> None:
    article_graph(ds).remove((EV_POSITION, NKG.sentence, None))


def date_as_plain_string(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((EVENT, NKG.date, None))
    g.add((EVENT, NKG.date, Literal("9/8")))


def date_as_datetime(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((EVENT, NKG.date, None))
    g.add((EVENT, NKG.date, Literal("2023-08-09T09:00:00", datatype=XSD.dateTime)))


def link_to_dbpedia(ds: Dataset) -> None:
    links = ds.graph(LINKS_GRAPH)
    links.remove((LINK, NKG.wikidataItem, None))
    links.add((LINK, NKG.wikidataItem, URIRef("http://dbpedia.org/resource/Ha_Long")))


def exact_match_to_wikipedia(ds: Dataset) -> None:
    ds.graph(LINKS_GRAPH).add(
        (CITY, SKOS.exactMatch, URIRef("https://vi.wikipedia.org/wiki/Hạ_Long"))
    )


def start_after_end(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((EV_STATEMENT, NKG.startOffset, None))
    g.add((EV_STATEMENT, NKG.startOffset, Literal(61)))


def negative_offset(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((EV_POSITION, NKG.startOffset, None))
    g.add((EV_POSITION, NKG.startOffset, Literal(-1)))


def confidence_above_one(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((EV_POSITION, NKG.confidence, None))
    g.add((EV_POSITION, NKG.confidence, Literal(1.5)))


def confidence_as_string(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((EV_POSITION, NKG.confidence, None))
    g.add((EV_POSITION, NKG.confidence, Literal("0.9")))


def link_score_above_one(ds: Dataset) -> None:
    links = ds.graph(LINKS_GRAPH)
    links.remove((LINK, NKG.linkScore, None))
    links.add((LINK, NKG.linkScore, Literal(1.2)))


def held_in_an_organisation(ds: Dataset) -> None:
    article_graph(ds).add((EVENT, NKG.heldIn, ORG_CUC))


def person_as_organiser(ds: Dataset) -> None:
    article_graph(ds).add((EVENT, NKG.organisedBy, PERSON))


def participant_is_an_event(ds: Dataset) -> None:
    article_graph(ds).add((EVENT, NKG.participatedIn, EVENT))


def statement_without_evidence(ds: Dataset) -> None:
    article_graph(ds).remove((STATEMENT, NKG.evidence, None))


def two_holders(ds: Dataset) -> None:
    article_graph(ds).add((POSITION, NKG.holder, ID["person/other"]))


def organisation_is_a_person(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((POSITION, NKG.organisation, None))
    g.add((POSITION, NKG.organisation, PERSON))


def person_without_label(ds: Dataset) -> None:
    article_graph(ds).remove((PERSON, RDFS.label, None))


def unknown_article_kind(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((ARTICLE, NKG.kind, None))
    g.add((ARTICLE, NKG.kind, Literal("opinion")))


def since_as_integer(ds: Dataset) -> None:
    g = article_graph(ds)
    g.remove((STATEMENT, NKG.since, None))
    g.add((STATEMENT, NKG.since, Literal(2023)))


BROKEN: list[tuple[Callable[[Dataset], None], URIRef, str]] = [
    (remove_holder, POSITION, "exactly one nkg:holder"),
    (two_holders, POSITION, "exactly one nkg:holder"),
    (organisation_is_a_person, POSITION, "at most one nkg:organisation"),
    (remove_sentence, EV_POSITION, "exactly one nkg:sentence"),
    (date_as_plain_string, EVENT, "nkg:date values are xsd:date"),
    (date_as_datetime, EVENT, "nkg:date values are xsd:date"),
    (link_to_dbpedia, LINK, "http://www.wikidata.org/entity/"),
    (exact_match_to_wikipedia, CITY, "point to Wikidata items"),
    (start_after_end, EV_STATEMENT, "not greater than nkg:endOffset"),
    (negative_offset, EV_POSITION, "nkg:startOffset, an xsd:integer >= 0"),
    (confidence_above_one, EV_POSITION, "nkg:confidence, an xsd:double from 0 to 1"),
    (confidence_as_string, EV_POSITION, "nkg:confidence, an xsd:double from 0 to 1"),
    (link_score_above_one, LINK, "nkg:linkScore, an xsd:double from 0 to 1"),
    (held_in_an_organisation, EVENT, "object of nkg:heldIn is a nkg:City or nkg:Country"),
    (person_as_organiser, EVENT, "object of nkg:organisedBy"),
    (participant_is_an_event, EVENT, "subject of nkg:participatedIn"),
    (statement_without_evidence, STATEMENT, "at least one nkg:evidence"),
    (person_without_label, PERSON, "at least one rdfs:label"),
    (unknown_article_kind, ARTICLE, '"story" or "teaser"'),
    (since_as_integer, STATEMENT, "nkg:since values are xsd:gYear"),
]


@pytest.mark.parametrize(
    ("breakage", "focus", "message"), BROKEN, ids=[b[0].__name__ for b in BROKEN]
)
def test_broken_graph_fails_with_the_rule_it_breaks(
    breakage: Callable[[Dataset], None], focus: URIRef, message: str
) -> None:
    ds = build_valid_dataset()
    breakage(ds)
    report = validate(ds)
    assert not report.conforms
    assert report.violation_count >= 1
    hits = [v for v in report.violations if v.focus_node == focus and message in v.message]
    assert hits, report.text
    assert message in report.text


def test_ensure_valid_raises_with_the_report_text() -> None:
    ds = build_valid_dataset()
    remove_holder(ds)
    with pytest.raises(GraphValidationError) as caught:
        ensure_valid(ds)
    assert "exactly one nkg:holder" in str(caught.value)
    assert caught.value.report.violation_count >= 1


def test_command_line_validates_a_trig_file(tmp_path, capsys) -> None:
    from graph.validate import main

    good = tmp_path / "good.trig"
    build_valid_dataset().serialize(good, format="trig")
    broken_ds = build_valid_dataset()
    start_after_end(broken_ds)
    broken = tmp_path / "broken.nq"
    broken_ds.serialize(broken, format="nquads")

    assert main([str(good)]) == 0
    assert main([str(broken)]) == 1
    out = capsys.readouterr().out
    assert "graph conforms" in out
    assert "not greater than nkg:endOffset" in out
