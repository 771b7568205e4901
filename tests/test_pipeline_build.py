"""The whole pipeline on the bundled sample articles, checked through SPARQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset

from graph.pipeline import SAMPLE_CORPUS, BuildOptions, build
from graph.store import GRAPH_NQUADS, load_dataset

PREFIXES = """
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("out")
    result = build([SAMPLE_CORPUS], out, BuildOptions(link_mode="offline", maps=False))
    return result, load_dataset(out)


def test_pipeline_sample_build_counts(sample_build):
    result, dataset = sample_build
    assert result.documents >= 5
    counts = result.counts
    assert counts["people"] >= 5 and counts["organisations"] >= 5
    assert counts["events"] >= 2 and counts["cities"] >= 3
    assert counts["triples"] == len(dataset)


def test_pipeline_finds_head_of_department_through_sparql(sample_build):
    _, dataset = sample_build
    rows = dataset.query(
        PREFIXES
        + """
        SELECT DISTINCT ?name WHERE {
          ?pos a nkg:Position ; nkg:holder/rdfs:label ?name ;
               nkg:role/rdfs:label "Cục trưởng"@vi ;
               nkg:organisation/rdfs:label "Cục Hợp tác quốc tế"@vi .
        }"""
    )
    names = {str(r[0]) for r in rows}
    assert "Nguyễn Phương Hòa" in names or "Nguyễn Phương Hoà" in names


def test_pipeline_every_fact_has_reachable_provenance(sample_build):
    _, dataset = sample_build
    missing = dataset.query(
        PREFIXES
        + """
        SELECT (COUNT(?f) AS ?n) WHERE {
          { ?f a nkg:Position } UNION { ?f a nkg:Statement }
          FILTER NOT EXISTS { ?f nkg:evidence/nkg:sentence ?s }
        }"""
    )
    assert int(next(iter(missing))[0]) == 0
    rows = list(
        dataset.query(
            PREFIXES
            + """
            SELECT ?article ?sentence ?start ?end ?extractor WHERE {
              ?f nkg:evidence ?ev . ?ev nkg:article ?article ; nkg:sentence ?sentence ;
                 nkg:startOffset ?start ; nkg:endOffset ?end ; nkg:extractor ?extractor .
            } LIMIT 50"""
        )
    )
    assert rows
    for _article, sentence, start, end, extractor in rows:
        assert int(start) <= int(end) and str(sentence) and str(extractor)


def test_pipeline_output_conforms_to_shapes(sample_build):
    from graph.validate import validate

    _, dataset = sample_build
    report = validate(dataset)
    assert report.conforms, report.text


def test_pipeline_class_counts_equal_a_live_count(sample_build):
    """The VoID partitions the build writes (graph/stats.py) are what counts_by_type reads."""
    from rdflib import Graph, Literal, URIRef

    from graph import sparql
    from graph.stats import STATS_GRAPH, class_partitions_nquads
    from graph.validate import validate
    from graph.vocab import NKG
    from queries import get_query

    result, dataset = sample_build
    stated = {str(c): int(n) for c, n in dataset.graph(STATS_GRAPH).query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?c ?n WHERE { "
        "?d void:classPartition ?p . ?p void:class ?c ; void:entities ?n }")}
    live = {str(c): int(n) for c, n in dataset.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    assert stated == live and len(stated) >= 8
    assert stated[str(NKG.Person)] == result.counts["people"] >= 5
    on_store = sparql.run_query(sparql.open_store(result.out_dir), get_query("counts_by_type"))
    assert {str(t): int(n) for t, n in on_store.rows} == stated
    # the shapes check the partitions (the whole output is validated above)
    nquads = class_partitions_nquads({str(NKG.Person): range(3)})
    broken = Graph()
    broken += Dataset().parse(data=nquads, format="nquads").graph(STATS_GRAPH)
    part = next(broken.subjects(URIRef("http://rdfs.org/ns/void#class"), None))
    assert validate(broken).conforms
    broken.set((part, URIRef("http://rdfs.org/ns/void#entities"), Literal("3")))
    assert not validate(broken).conforms


def test_pipeline_mention_counts_equal_a_live_count(sample_build):
    """nkg:mentionCount (statistics graph) is what unlinked_entities ranks by."""
    from rdflib import Graph, Literal, URIRef

    from graph.stats import STATS_GRAPH, mention_counts_nquads
    from graph.validate import validate
    from graph.vocab import NKG

    _, dataset = sample_build
    stated = {str(e): int(n) for e, n in dataset.graph(STATS_GRAPH).subject_objects(NKG.mentionCount)}
    live = {str(e): int(n) for e, n in dataset.query(
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> "
        "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE { ?e nkg:mentionedIn ?a } GROUP BY ?e")}
    assert stated == live and len(stated) >= 20 and max(stated.values()) >= 2
    broken = Graph()
    broken += Dataset().parse(data=mention_counts_nquads({"https://example.org/e": 2}), format="nquads").graph(STATS_GRAPH)
    assert validate(broken).conforms
    broken.set((URIRef("https://example.org/e"), NKG.mentionCount, Literal("2")))  # a string, not an integer
    assert not validate(broken).conforms


def test_pipeline_iris_are_stable_across_builds(tmp_path: Path, sample_build):
    _, first = sample_build
    build([SAMPLE_CORPUS], tmp_path, BuildOptions(link_mode="offline", maps=False, incremental=False))
    second = load_dataset(tmp_path)
    subjects = lambda ds: {s for s in ds.subjects() if "/id/" in str(s)}  # noqa: E731
    assert subjects(first) == subjects(second)
    assert len(first) == len(second)


def _corpus_of_variants(folder: Path, copies: int) -> Path:
    """Many distinct articles (so the write takes a while) from the samples."""
    folder.mkdir()
    originals = sorted(SAMPLE_CORPUS.glob("*.txt"))
    for i in range(copies):
        src = originals[i % len(originals)]
        text = src.read_text(encoding="utf-8")
        (folder / f"variant_{i:04d}.txt").write_text(
            text.replace("UNESCO", f"UNESCO {i}", 1), encoding="utf-8"
        )
    return folder


def test_pipeline_sigkill_during_write_keeps_previous_graph(tmp_path: Path):
    out = tmp_path / "out"
    build([SAMPLE_CORPUS], out, BuildOptions(link_mode="off", maps=False, validate=False))
    before = (out / GRAPH_NQUADS).read_bytes()

    corpus = _corpus_of_variants(tmp_path / "big", 400)
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "build", str(corpus), "--out", str(out),
         "--link", "off", "--no-map", "--no-validate", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        caught = False
        while time.monotonic() < deadline and proc.poll() is None:
            if any(out.glob(".graph.*.tmp")):
                os.kill(proc.pid, signal.SIGKILL)
                caught = True
                break
            time.sleep(0.005)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert caught, "the build finished before it could be killed while writing"
    assert (out / GRAPH_NQUADS).read_bytes() == before
    reloaded = Dataset()
    reloaded.parse(out / GRAPH_NQUADS, format="nquads")
    assert len(reloaded) > 0
