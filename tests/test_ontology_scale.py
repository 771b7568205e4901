"""A synthetic graph shaped like docs/ARCHITECTURE.md, for validation at scale.

The tests check that the generated graph conforms (so the timing below measures
a realistic, valid graph). Run this file to time validation of ~100k triples:

    python tests/test_ontology_scale.py --triples 100000
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef

if __name__ == "__main__":  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.validate import validate
from graph.vocab import ID, LINKS_GRAPH, NKG, SCHEMA, WD, article_graph_iri

_BINARY = [NKG.participatedIn, NKG.organisedBy, NKG.heldIn, NKG.locatedIn, NKG.partOf, NKG.memberOf]
_TRIPLES_PER_ARTICLE = 150  # about what synthetic_dataset writes per article, measured


def add_evidence(
    g: Graph, subject: URIRef, article: URIRef, node: URIRef, rng: random.Random
) -> None:
    start = rng.randrange(0, 2000)
    g.add((subject, NKG.evidence, node))
    g.add((node, RDF.type, NKG.Evidence))
    g.add((node, NKG.article, article))
    g.add((node, NKG.sentence, Literal("Một câu văn làm bằng chứng.", lang="vi")))
    g.add((node, NKG.startOffset, Literal(start)))
    g.add((node, NKG.endOffset, Literal(start + rng.randrange(0, 300))))
    g.add((node, NKG.extractor, Literal("rules.synthetic")))
    g.add((node, NKG.confidence, Literal(rng.random())))


def synthetic_dataset(n_triples: int, seed: int = 7) -> Dataset:
    """A valid dataset of about `n_triples` triples: articles sharing a pool of entities."""
    rng = random.Random(seed)
    n_articles = max(1, n_triples // _TRIPLES_PER_ARTICLE)
    pool = max(10, n_articles)
    people = [ID[f"person/p{i}"] for i in range(pool)]
    orgs = [ID[f"org/o{i}"] for i in range(pool)]
    events = [ID[f"event/e{i}"] for i in range(pool)]
    cities = [ID[f"city/c{i}"] for i in range(max(5, pool // 10))]
    countries = [ID[f"country/k{i}"] for i in range(20)]
    roles = [ID[f"role/r{i}"] for i in range(50)]
    ds = Dataset(default_union=True)
    evidence_ids = itertools.count()

    for a in range(n_articles):
        g = ds.graph(article_graph_iri(f"a{a}"))
        article = ID[f"article/a{a}"]
        g.add((article, RDF.type, NKG.Article))
        g.add((article, NKG.kind, Literal("story")))
        g.add((article, SCHEMA.headline, Literal(f"Tin số {a}", lang="vi")))
        g.add((article, SCHEMA.url, URIRef(f"https://example.vn/{a}.html")))
        g.add((article, SCHEMA.datePublished, Literal("2024-01-17", datatype=XSD.date)))
        g.add((article, NKG.site, Literal("example.vn")))
        g.add((article, NKG.sourceFile, Literal(f"corpus/{a}.txt")))

        chosen = {
            NKG.Person: rng.sample(people, 3),
            NKG.Organisation: rng.sample(orgs, 3),
            NKG.Event: rng.sample(events, 2),
            NKG.City: rng.sample(cities, 2),
            NKG.Country: rng.sample(countries, 1),
        }
        for cls, nodes in chosen.items():
            for node in nodes:
                g.add((node, RDF.type, cls))
                g.add((node, RDFS.label, Literal(f"Tên {node.rsplit('/', 1)[-1]}", lang="vi")))
                g.add((node, SKOS.altLabel, Literal(f"tên {node.rsplit('/', 1)[-1]}", lang="vi")))
                g.add((node, NKG.mentionedIn, article))

        def evidence(subject: URIRef, g: Graph = g, article: URIRef = article) -> None:
            add_evidence(g, subject, article, ID[f"evidence/x{next(evidence_ids)}"], rng)

        for i, person in enumerate(chosen[NKG.Person]):
            role = rng.choice(roles)
            org = chosen[NKG.Organisation][i]
            position = ID[f"position/{person.rsplit('/', 1)[-1]}-{role.rsplit('/', 1)[-1]}-{a}"]
            g.add((position, RDF.type, NKG.Position))
            g.add((position, NKG.holder, person))
            g.add((position, NKG.role, role))
            g.add((position, NKG.organisation, org))
            g.add((position, NKG.roleText, Literal("PCT", lang="vi")))
            g.add((position, NKG.statedOn, Literal("2024-01-17", datatype=XSD.date)))
            g.add((role, RDF.type, NKG.Role))
            g.add((role, RDFS.label, Literal(f"Chức danh {role.rsplit('/', 1)[-1]}", lang="vi")))
            evidence(position)

        event = chosen[NKG.Event][0]
        g.add((event, NKG.date, Literal("--08-09", datatype=XSD.gMonthDay)))
        facts = [
            (chosen[NKG.Person][0], NKG.participatedIn, event),
            (event, NKG.organisedBy, chosen[NKG.Organisation][0]),
            (event, NKG.heldIn, chosen[NKG.City][0]),
            (chosen[NKG.Organisation][0], NKG.locatedIn, chosen[NKG.City][0]),
            (chosen[NKG.Organisation][1], NKG.partOf, chosen[NKG.Organisation][2]),
            (chosen[NKG.City][1], NKG.memberOf, chosen[NKG.Organisation][2]),
        ]
        for n, (s, p, o) in enumerate(facts):
            g.add((s, p, o))
            statement = ID[f"statement/{a}-{n}"]
            g.add((statement, RDF.type, NKG.Statement))
            g.add((statement, RDF.subject, s))
            g.add((statement, RDF.predicate, p))
            g.add((statement, RDF.object, o))
            if p == NKG.memberOf:
                g.add((statement, NKG.since, Literal("2023", datatype=XSD.gYear)))
            evidence(statement)

    links = ds.graph(LINKS_GRAPH)
    for i, city in enumerate(cities):
        item = WD[f"Q{1000 + i}"]
        link = ID[f"link/c{i}"]
        links.add((city, SKOS.exactMatch, item))
        links.add((link, RDF.type, NKG.WikidataLink))
        links.add((link, NKG.linkedEntity, city))
        links.add((link, NKG.wikidataItem, item))
        links.add((link, NKG.linkScore, Literal(0.9)))
        links.add((link, NKG.linkMethod, Literal("offline:label")))
    return ds


def test_synthetic_graph_conforms() -> None:
    ds = synthetic_dataset(3000)
    report = validate(ds)
    assert report.conforms, report.text
    assert report.triples > 2000


def test_one_bad_offset_in_a_synthetic_graph_is_found() -> None:
    ds = synthetic_dataset(3000)
    graph = ds.graph(article_graph_iri("a3"))
    node = next(graph.subjects(RDF.type, NKG.Evidence))
    graph.remove((node, NKG.endOffset, None))
    graph.add((node, NKG.endOffset, Literal(-5)))
    report = validate(ds)
    assert not report.conforms
    assert {v.focus_node for v in report.violations} == {node}


def main() -> None:
    parser = argparse.ArgumentParser(
        description="time SHACL validation of a synthetic newskg graph"
    )
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    ds = synthetic_dataset(args.triples)
    print(f"built synthetic dataset in {time.perf_counter() - started:.1f} s")
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        report = validate(ds)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(
            f"{report.triples} triples, conforms={report.conforms}, "
            f"{report.violation_count} violations, validate() took {elapsed:.1f} s "
            f"wall, {cpu:.1f} s CPU"
        )


if __name__ == "__main__":
    main()
