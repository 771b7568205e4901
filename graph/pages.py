"""Per-page RDF: render each page's named graphs to N-Quads and validate them
where they are produced, in parallel, cached by content.

A *page* is a story and its teasers (documents sharing a root: `parent_id`,
else their own id). It is the smallest unit whose graphs can be checked
against the shapes on their own: a teaser's `nkg:teaserOf` points at its
story's `nkg:Article`, which lives in the story's graph.

Why a page can be rendered and validated alone, and the result reused:
- An article graph depends only on that article's facts and on the keys and
  aliases resolution gave its entities (`graph.rdf.write_articles`); IRIs are
  minted from entity keys, never from counters or build order. So the page
  key below (rendering code + shapes + the resolved facts of the page) says
  everything the N-Quads depend on. When an edit elsewhere merges two people
  or adds an alias, the affected pages' facts change, so their keys change.
- The shapes (ontology/shapes.ttl) describe the union of all graphs, but
  every property they bound from above belongs to a node minted inside one
  article graph (Evidence, Article) or whose IRI is a digest of its values
  (Position, Statement); entity properties are "at least one". So checking
  pages one by one finds what checking the union finds. Only the graphs that
  span articles (links, wikidata) are checked once more, in the pipeline
  (`graph.validate.validate_cross_article`).

The work runs on the build's engine (`graph.engine.run_batches`): a process
pool, or a Dask cluster.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.model import ArticleFacts
from graph.serialize import article_facts_to_dict

if TYPE_CHECKING:
    from graph.cache import PageCache
    from graph.validate import ValidationReport

__all__ = ["Page", "RenderedPage", "page_units", "page_key", "render_batch", "render_pages", "rdf_version", "with_parts"]

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
# What a page's N-Quads and its validation depend on, beside its facts.
_RDF_SOURCES = (
    PACKAGE_DIR / "rdf.py",
    PACKAGE_DIR / "vocab.py",
    PACKAGE_DIR / "text.py",
    PACKAGE_DIR / "model.py",
    PACKAGE_DIR / "serialize.py",
    PACKAGE_DIR / "validate.py",
    PACKAGE_DIR / "shapecheck.py",
    PACKAGE_DIR / "nquads.py",
    PACKAGE_DIR / "pages.py",
    # the page's TriG, counts and map index are cached with its N-Quads
    PACKAGE_DIR / "store.py",
    PACKAGE_DIR / "stats.py",
    PACKAGE_DIR / "mapindex.py",
    REPO_DIR / "ontology" / "shapes.ttl",
)


@lru_cache(maxsize=1)
def rdf_version() -> str:
    # marshal (counts, map index) may change format between Python versions
    digest = hashlib.sha256(f"newskg-pages-2:marshal-{marshal.version}".encode())
    for path in _RDF_SOURCES:
        digest.update(path.name.encode() + b"\0")
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


Page = list[ArticleFacts]


@dataclass
class RenderedPage:
    nquads: str
    skipped: list[str] = field(default_factory=list)  # graph.rdf.RdfReport notes
    # Made from the N-Quads where the page is rendered, cached with them, so a
    # rebuild does not re-read unchanged pages for them:
    trig: str = ""  # graph.store.trig_chunk
    stats: bytes = b""  # graph.stats.stats_part
    map_index: bytes = b""  # graph.mapindex.index_part
    report: ValidationReport | None = None  # set when the page does not conform


def page_units(articles: Sequence[ArticleFacts]) -> list[Page]:
    """Articles grouped by page, pages in order of their first article."""
    pages: dict[str, Page] = {}
    for article in articles:
        doc = article.document
        pages.setdefault(doc.parent_id or doc.id, []).append(article)
    return list(pages.values())


def _fingerprint(article: ArticleFacts) -> dict[str, Any]:
    data = article_facts_to_dict(article, include_document=True)
    # Wikidata links are written to the `links` graph, not the article graph;
    # leaving them out keeps a change of linking from re-rendering pages.
    for entity in data.get("entities", []):
        entity.pop("wikidata", None)
    return data


def page_key(page: Page) -> str:
    digest = hashlib.sha256(rdf_version().encode())
    for article in page:
        digest.update(b"\0")
        digest.update(json.dumps(_fingerprint(article), ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def _render(page: Page, validate: bool) -> RenderedPage:
    from graph import rdf
    from graph.nquads import quad_lines
    from graph.vocab import article_graph_iri

    report = rdf.RdfReport()
    graphs = [(article_graph_iri(a.document.id), rdf.article_triples(a, report)) for a in page]
    rendered = with_parts(
        RenderedPage(nquads="".join(quad_lines(triples, name) for name, triples in graphs), skipped=report.skipped),
        triples=[t for _name, triples in graphs for t in triples],
    )
    if validate:
        from graph import shapecheck

        # The compiled shapes answer "conforms?" ~10x faster than pyshacl;
        # pyshacl, the reference, runs when they say no (for the report) or
        # cannot tell (shapes outside what they implement).
        if shapecheck.conforms(t for _name, triples in graphs for t in triples) is not True:
            from graph.validate import validate as shacl_validate

            dataset = rdf.new_dataset()
            rdf.write_articles(dataset, page, rdf.RdfReport())
            result = shacl_validate(dataset)
            if not result.conforms:
                rendered.report = result
    return rendered


def with_parts(page: RenderedPage, triples: list[tuple[Any, Any, Any]] | None = None) -> RenderedPage:
    """Fill in what is made from a page's N-Quads: its TriG, counts, map index.
    `triples`: the rdflib triples the N-Quads were written from, in order, if
    at hand (the map index is then made from them, not by parsing)."""
    from graph.stats import stats_part
    from graph.store import trig_chunk
    from graph.mapindex import index_part, index_part_of_triples

    page.trig = trig_chunk(page.nquads)
    page.stats = stats_part(page.nquads)
    page.map_index = index_part(page.nquads) if triples is None else index_part_of_triples(triples)
    return page


def render_batch(batch: tuple[list[Page], bool]) -> list[RenderedPage]:
    """The unit of work shipped to a worker: (pages, validate?)."""
    pages, validate = batch
    return [_render(page, validate) for page in pages]


def render_pages(
    pages: Sequence[Page],
    sink: Callable[[RenderedPage], None],
    *,
    validate: bool,
    cache: PageCache | None = None,
    run: Callable[..., None] | None = None,
    workers: int = 1,
) -> int:
    """Render (and validate) every page and hand each to `sink`, in input
    order, one at a time: cached pages are read when their turn comes and
    rendered ones are passed on as soon as the pages before them are, so the
    build never holds the whole graph. Returns how many pages were rendered
    (the rest came from the cache).

    `run(func, batches, on_batch)` runs the batches (the build passes its
    engine); by default they run here, serially."""
    from graph.engine import SMALL_RUN, batches_of

    keys = [page_key(page) for page in pages] if cache is not None else []
    cached = cache.has_pages(keys, validated=validate) if cache is not None else set()
    pending = [i for i in range(len(pages)) if cache is None or keys[i] not in cached]

    ready: dict[int, RenderedPage] = {}  # rendered, waiting for earlier pages
    next_index = 0

    def flush() -> None:
        nonlocal next_index
        while next_index < len(pages):
            page = ready.pop(next_index, None)
            if page is None and cache is not None and keys[next_index] in cached:
                page = cache.get_page(keys[next_index], validated=validate)
                if page is None:  # vanished or unreadable since has_pages: render it here
                    page = render_batch(([pages[next_index]], validate))[0]
            if page is None:
                return
            sink(page)
            # Written: drop the text now, whoever else still holds the page
            # (its batch's result list): the graph's N-Quads and TriG held
            # until the end of the stage were ~4 GB at 10k articles.
            page.nquads = page.trig = ""
            page.stats = page.map_index = b""
            next_index += 1

    batches = batches_of([pages[i] for i in pending], workers)
    starts = [0]
    for batch in batches:
        starts.append(starts[-1] + len(batch))

    def on_batch(batch_index: int, rendered: list[RenderedPage]) -> None:
        for offset, page in enumerate(rendered):
            index = pending[starts[batch_index] + offset]
            ready[index] = page
            # Only pages that passed (or were not asked to pass) are reused.
            if cache is not None and page.report is None:
                cache.put_page(keys[index], page, validated=validate)
        flush()

    flush()
    tasks = [(batch, validate) for batch in batches]
    if len(pending) < SMALL_RUN:
        run = None  # see graph.engine.SMALL_RUN
    if run is None:
        for index, task in enumerate(tasks):
            on_batch(index, render_batch(task))
    else:
        run(render_batch, tasks, on_batch)
    flush()
    if next_index != len(pages):  # would mean a lost batch: never write a partial graph
        raise RuntimeError(f"rendering returned no result for {len(pages) - next_index} pages")
    if cache is not None:
        cache.retain(keys)
        cache.commit()
    return len(pending)
