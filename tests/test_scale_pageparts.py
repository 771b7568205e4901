"""What a build makes per page beside its N-Quads, and caches with them (TriG,
counts, map index), adds up to what reading the whole graph gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import CorpusGenerator, write_article, write_corpus  # noqa: E402


def _dataset(path: Path, fmt: pyoxigraph.RdfFormat) -> set[pyoxigraph.Quad]:
    store = pyoxigraph.Store()
    store.bulk_load(path=str(path), format=fmt)
    return set(store)


def _by_graph(nquads: Path) -> list[str]:
    """graph.nq cut into its named graphs, in file order."""
    chunks: dict[str, list[str]] = {}
    for line in nquads.read_text(encoding="utf-8").splitlines(keepends=True):
        chunks.setdefault(line.rsplit(" ", 2)[-2], []).append(line)
    return ["".join(lines) for lines in chunks.values()]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A build, an incremental rebuild after edits (pages from the cache) and
    the map data each build drew from."""
    import viz.convert
    from graph.pipeline import BuildOptions, build

    tmp = tmp_path_factory.mktemp("parts")
    drawn: list[dict] = []
    real = viz.convert.graph_data_from_parts

    def recording(parts):  # type: ignore[no-untyped-def]
        drawn.append(real(parts))
        return drawn[-1]

    options = BuildOptions(jobs=1, link_mode="offline", validate=True, maps=True, entity_maps=2, event_maps=2)
    corpus, out = tmp / "corpus", tmp / "out"
    ids = write_corpus(12, corpus, seed=9)
    mp = pytest.MonkeyPatch()
    mp.setattr(viz.convert, "graph_data_from_parts", recording)
    try:
        first = build([str(corpus)], out, options)
        generator = CorpusGenerator(seed=9)
        write_article(generator.mutate(generator.article(4)), corpus)
        (corpus / f"{ids[8]}.txt").unlink()
        (corpus / f"{ids[8]}.meta.json").unlink()
        second = build([str(corpus)], out, options)
    finally:
        mp.undo()
    assert second.rendered_pages < first.rendered_pages // 2  # most pages came from the cache
    return {"out": out, "data": drawn[-1], "second": second}


def test_concatenated_page_trig_is_the_dataset_of_graph_nq(rebuilt: dict) -> None:
    out = rebuilt["out"]
    quads = _dataset(out / "graph.nq", pyoxigraph.RdfFormat.N_QUADS)
    assert len(quads) > 1000
    assert _dataset(out / "graph.trig", pyoxigraph.RdfFormat.TRIG) == quads
    assert (out / "graph.trig").read_text(encoding="utf-8").startswith("@prefix ")


def test_map_data_from_cached_parts_equals_map_data_of_graph_nq(rebuilt: dict) -> None:
    from viz.convert import graph_data_from_nquads

    data = rebuilt["data"]
    assert len(data["nodes"]) > 10 and len(data["edges"]) > 5 and data["articles"]
    assert data == graph_data_from_nquads(rebuilt["out"] / "graph.nq")


def _ordered(index) -> list:  # type: ignore[no-untyped-def]
    """The index with the order of every dict (first value met = `value()`)."""
    return [
        [(s, [(p, list(v)) for p, v in by_p.items()]) for s, by_p in index.sp.items()],
        [(c, list(m)) for c, m in index.typed.items()],
        [(p, list(m)) for p, m in index.relations.items()],
    ]


def test_merged_parts_are_the_index_of_the_whole_file_in_the_same_order(rebuilt: dict) -> None:
    from graph.mapindex import index_nquads, index_part, merge_parts

    path = rebuilt["out"] / "graph.nq"
    parts = [index_part(chunk) for chunk in _by_graph(path)]
    merged, whole = merge_parts(parts), index_nquads(path)
    # entities named by several articles: merging had to join their entries
    shared = [s for s in whole.sp if sum(s in merge_parts([p]).sp for p in parts[:40]) > 1]
    assert shared
    assert _ordered(merged) == _ordered(whole)


def test_counts_from_parts_equal_the_counts_of_the_loaded_graph(rebuilt: dict) -> None:
    from graph.pipeline import count_entities
    from graph.store import load_dataset

    counts = rebuilt["second"].counts
    assert counts["triples"] > 1000 and counts["people"] > 0
    assert counts == count_entities(load_dataset(rebuilt["out"]))


def test_count_parts_are_the_same_in_another_process() -> None:
    """Cached parts are merged with fresh ones: their digests must not depend on the process."""
    from graph.stats import stats_part

    text = '<http://x/s> <http://x/p> "é" <http://x/g> .\n<http://x/s> a <http://x/C> <http://x/g> .\n'
    code = f"import sys; from graph.stats import stats_part; sys.stdout.write(stats_part({text!r}).hex())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=REPO, env={"PYTHONPATH": str(REPO), "PYTHONHASHSEED": "12345"})
    assert other.stdout == stats_part(text).hex()


def test_map_index_of_a_pages_triples_equals_the_index_of_its_nquads() -> None:
    """Where a page is rendered its map index is made from the rdflib triples,
    not by parsing the N-Quads written from them: both must agree, in order."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS, XSD

    from graph.nquads import quad_lines
    from graph.vocab import NKG
    from graph.mapindex import MapIndex, index_part, index_part_of_triples

    person, event, ev = URIRef("http://x/p"), URIRef("http://x/e"), BNode("b1")
    triples = [
        (person, RDF.type, NKG.Person),
        (person, RDFS.label, Literal("Nguyễn \"A\"\nB", lang="vi")),
        (person, SKOS.altLabel, Literal("A")),
        (person, NKG.participatedIn, event),
        (event, NKG.date, Literal("2021-10-06", datatype=XSD.date)),
        (event, RDF.type, Literal("not a class")),
        (ev, NKG.sentence, Literal("Câu.", lang="vi")),
        (event, NKG.evidence, ev),
        (person, RDFS.label, Literal("Nguyễn \"A\"\nB", lang="vi")),  # a repeat is indexed once
        (person, URIRef("http://x/unread"), Literal("skipped")),
    ]
    from_triples = MapIndex.loads(index_part_of_triples(triples))
    from_nquads = MapIndex.loads(index_part(quad_lines(triples, URIRef("http://x/g"))))
    assert from_triples.sp[str(person)][str(RDFS.label)]  # the literal was read
    assert _ordered(from_triples) == _ordered(from_nquads)
