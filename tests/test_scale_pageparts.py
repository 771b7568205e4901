"""What a build makes per page beside its N-Quads, and caches with them (TriG,
counts, map index), adds up to what reading the whole graph gives."""

from __future__ import annotations

import html
import re
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
    drawn: list[tuple] = []
    real = viz.convert.deferred_graph_data_from_parts

    def recording(parts):  # type: ignore[no-untyped-def]
        # A copy of the parts: the build lets go of its list once the maps are drawn.
        drawn.append(real(list(parts)))
        return drawn[-1]

    options = BuildOptions(jobs=1, link_mode="offline", validate=True, maps=True, entity_maps=2, event_maps=2)
    corpus, out = tmp / "corpus", tmp / "out"
    ids = write_corpus(12, corpus, seed=9)
    mp = pytest.MonkeyPatch()
    mp.setattr(viz.convert, "deferred_graph_data_from_parts", recording)
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

    data, fill_evidence = rebuilt["data"]
    assert len(data["nodes"]) > 10 and len(data["edges"]) > 5 and data["articles"]
    fill_evidence(data["edges"])  # the rest of the edges, beyond those the maps drew
    assert data == graph_data_from_nquads(rebuilt["out"] / "graph.nq")


def test_the_build_reads_the_evidence_of_drawn_edges_only(tmp_path: Path) -> None:
    import viz.convert
    from graph.pipeline import BuildOptions, build

    recorded: list[tuple] = []
    wanted: list[set[str]] = []
    real, real_evidence = viz.convert.deferred_graph_data_from_parts, viz.convert.evidence_of_parts

    def recording(parts):  # type: ignore[no-untyped-def]
        recorded.append((*real(list(parts)), list(parts)))
        return recorded[-1][:2]

    def reading(parts, nodes):  # type: ignore[no-untyped-def]
        wanted.append(set(nodes))
        return real_evidence(parts, nodes)

    write_corpus(30, tmp_path / "corpus", seed=4)
    mp = pytest.MonkeyPatch()
    mp.setattr(viz.convert, "deferred_graph_data_from_parts", recording)
    mp.setattr(viz.convert, "evidence_of_parts", reading)
    mp.setattr("viz.maps.OVERVIEW_MAX_NODES", 10)
    try:
        # Small caps so that the maps draw a few edges of many.
        build([str(tmp_path / "corpus")], tmp_path / "out",
              BuildOptions(jobs=1, link_mode="offline", entity_maps=1, event_maps=1, incremental=False))
    finally:
        mp.undo()
    data, _fill, parts = recorded[-1]
    every_node = {ref for e in data["edges"] for ref in e["_evidence_nodes"]}
    assert len(wanted) == 1 and wanted[0] and wanted[0] < every_node  # one pass, for fewer edges than there are
    assert all(not e["evidence"] for e in data["edges"])  # the whole graph's edges were not filled in
    # What was read is what the overview shows.
    read = real_evidence(parts, wanted[0])
    sentences = {str(read.value(node, "https://w3id.org/newskg/ontology#sentence")) for node in wanted[0]}
    out = tmp_path / "out"
    pages = [out / "map.html", *sorted((out / "maps").glob("e*.html"))]
    drawn = html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)),
                                 "".join(p.read_text(encoding="utf-8") for p in pages)))
    # Tooltips show the first few sentences of each edge.
    assert sentences and [s for s in sentences if s in drawn]


def _ordered(index) -> list:  # type: ignore[no-untyped-def]
    """The index with the order of every dict (first value met = `value()`)."""
    return [
        [(p, [(s, list(v) if type(v) is dict else [v]) for s, v in by_s.items()]) for p, by_s in table.items()]
        for table in (index.po, index.evidence)
    ] + [
        [(c, list(m)) for c, m in index.typed.items()],
        [(p, list(m)) for p, m in index.relations.items()],
    ]


def test_merged_parts_are_the_index_of_the_whole_file_in_the_same_order(rebuilt: dict) -> None:
    from graph.mapindex import index_nquads, index_part, merge_parts

    path = rebuilt["out"] / "graph.nq"
    parts = [index_part(chunk) for chunk in _by_graph(path)]
    merged, whole = merge_parts(parts), index_nquads(path)
    # entities named by several articles: merging had to join their entries
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    shared = [s for s in whole.po[label] if sum(s in merge_parts([p]).po.get(label, {}) for p in parts[:40]) > 1]
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
    assert from_triples.po[str(RDFS.label)][str(person)]  # the literal was read
    assert from_triples.evidence[str(NKG.sentence)]["_:b1"]  # kept apart, with the evidence
    assert _ordered(from_triples) == _ordered(from_nquads)
