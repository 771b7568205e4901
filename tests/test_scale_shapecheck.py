"""The compiled shape check (graph.shapecheck) agrees with pyshacl: on a valid
graph, on every broken graph of test_ontology_shapes, and on generated pages
with one triple taken out or one value spoiled."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Literal

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from graph import shapecheck  # noqa: E402
from graph.validate import validate  # noqa: E402
from tests.test_ontology_shapes import BROKEN, build_valid_dataset  # noqa: E402


def _triples(ds: Dataset):  # type: ignore[no-untyped-def]
    return [(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))]


def test_the_ontology_shapes_compile() -> None:
    # If this fails, the shapes use a SHACL feature shapecheck lacks: builds
    # still validate (with pyshacl), only slower. Extend graph/shapecheck.py.
    assert shapecheck.checker() is not None


def test_valid_graph_conforms() -> None:
    ds = build_valid_dataset()
    assert validate(ds).conforms
    assert shapecheck.conforms(_triples(ds)) is True


@pytest.mark.parametrize("breakage", [b[0] for b in BROKEN], ids=[b[0].__name__ for b in BROKEN])
def test_every_broken_graph_is_caught(breakage) -> None:  # type: ignore[no-untyped-def]
    ds = build_valid_dataset()
    breakage(ds)
    assert shapecheck.conforms(_triples(ds)) is False


@pytest.fixture(scope="module")
def page() -> Dataset:
    from bench.generate import write_corpus
    from graph import rdf
    from graph.extract import extract
    from graph.ingest import ingest
    from graph.pages import page_units
    from graph.resolve import resolve

    import tempfile

    folder = Path(tempfile.mkdtemp()) / "corpus"
    write_corpus(4, folder, seed=11)
    articles = [extract(doc) for doc in ingest([str(folder)]).documents]
    resolve(articles)
    biggest = max(page_units(articles), key=lambda p: sum(len(a.facts) for a in p))
    ds = rdf.new_dataset()
    rdf.write_articles(ds, biggest, rdf.RdfReport())
    return ds


def test_generated_page_conforms(page: Dataset) -> None:
    assert validate(page).conforms
    assert shapecheck.conforms(_triples(page)) is True


def test_agrees_with_pyshacl_on_damaged_pages(page: Dataset) -> None:
    rng = random.Random(7)
    triples = _triples(page)
    spoilers = [Literal(-3), Literal("x", datatype=XSD.gYear), Literal(""), Literal(2.5)]
    disagreements = []
    verdicts = set()
    for n in range(60):
        damaged = list(triples)
        victim = rng.randrange(len(damaged))
        s, p, o = damaged.pop(victim)
        if n % 2:  # replace the value rather than drop the triple
            damaged.append((s, p, rng.choice(spoilers)))
        fast = shapecheck.conforms(damaged)
        graph = Dataset()
        for triple in damaged:
            graph.add(triple)
        reference = validate(graph).conforms
        verdicts.add(reference)
        if fast != reference:
            disagreements.append((n, s, p, o, fast, reference))
    assert verdicts == {True, False}  # the sample holds both kinds of damage
    assert not disagreements
