"""Per-page RDF: validated where it is rendered, cached by content, and a
broken graph still fails the build loudly."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from graph.cache import PageCache
from graph.pipeline import SAMPLE_CORPUS, BuildOptions, StageError, build
from graph.store import GRAPH_NQUADS, GRAPH_TRIG
from graph.validate import GraphValidationError
from graph.vocab import NKG

OPTIONS = dict(jobs=1, link_mode="offline", maps=False, progress=False)


def test_a_page_that_breaks_its_shapes_fails_the_build_and_keeps_the_old_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import rdf

    out = tmp_path / "out"
    build([SAMPLE_CORPUS], out, BuildOptions(**OPTIONS, incremental=False))
    before = (out / GRAPH_NQUADS).read_bytes()
    trig_before = (out / GRAPH_TRIG).read_bytes()  # written alongside graph.nq, kept alike

    original = rdf._ArticleWriter.write_article

    def write_article(self: rdf._ArticleWriter) -> None:
        original(self)
        self.graph.add((self.article_node, NKG.kind, Literal("blog")))  # a second, invalid kind

    monkeypatch.setattr(rdf._ArticleWriter, "write_article", write_article)
    with pytest.raises(StageError) as caught:
        build([SAMPLE_CORPUS], out, BuildOptions(**OPTIONS, incremental=False))
    assert caught.value.stage == "validate"
    assert isinstance(caught.value.cause, GraphValidationError)
    assert "nkg:kind" in str(caught.value)
    assert (out / GRAPH_NQUADS).read_bytes() == before
    assert (out / GRAPH_TRIG).read_bytes() == trig_before
    assert not list(out.glob(".graph.*.tmp"))


def test_a_broken_links_graph_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph import rdf

    original = rdf._write_links

    def write_links(dataset, articles) -> None:  # type: ignore[no-untyped-def]
        original(dataset, articles)
        bogus = URIRef("https://w3id.org/newskg/id/link/bogus")
        dataset.graph(rdf.LINKS_GRAPH).add((bogus, RDF.type, NKG.WikidataLink))  # no entity, item, score

    monkeypatch.setattr(rdf, "_write_links", write_links)
    with pytest.raises(StageError) as caught:
        build([SAMPLE_CORPUS], tmp_path / "out", BuildOptions(**OPTIONS, incremental=False))
    assert caught.value.stage == "validate"
    assert "link/bogus" in str(caught.value)


def test_unchanged_pages_come_from_the_cache(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([SAMPLE_CORPUS], out, BuildOptions(**OPTIONS))
    assert first.rendered_pages > 0
    quads = sorted((out / GRAPH_NQUADS).read_text(encoding="utf-8").splitlines())
    second = build([SAMPLE_CORPUS], out, BuildOptions(**OPTIONS))
    assert second.rendered_pages == 0
    assert second.extracted == 0
    assert sorted((out / GRAPH_NQUADS).read_text(encoding="utf-8").splitlines()) == quads
    assert second.counts == first.counts


def test_page_cache_does_not_trust_unvalidated_pages(tmp_path: Path) -> None:
    from graph.pages import RenderedPage, with_parts

    page_a = with_parts(RenderedPage("<http://x/s> <http://x/p> <http://x/o> <http://x/g> .\n", ["note"]))
    with PageCache(tmp_path) as cache:
        cache.put_page("a", page_a, validated=False)
        cache.put_page("b", RenderedPage("<http://x/s> <http://x/p> <http://x/o2> <http://x/g> .\n"), validated=True)
        cache.commit()
        assert cache.get_page("a", validated=False) == page_a
        assert cache.get_page("a", validated=True) is None
        assert cache.has_pages(["a", "b", "c"], validated=True) == {"b"}
        assert cache.has_pages(["a", "b", "c"], validated=False) == {"a", "b"}
        assert cache.retain(["b"]) == 1
        assert len(cache) == 1
