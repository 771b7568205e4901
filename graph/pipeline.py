"""The build: run the stages in order and say which one failed.

ingest -> extract -> resolve -> link -> rdf -> validate -> write -> maps

Each stage is one call into its own module; this runner only times them,
checks what they return and turns their exceptions into a `StageError` that
names the stage, so a user sees "extract failed on …" rather than a bare
traceback from deep inside a rule.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from graph import __version__
from graph.model import ArticleFacts, Document

__all__ = ["BuildOptions", "BuildResult", "StageError", "build", "count_entities", "SAMPLE_CORPUS"]

SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

T = TypeVar("T")


class StageError(RuntimeError):
    """A pipeline stage failed; `stage` names it."""

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(f"stage '{stage}' failed: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause


@dataclass
class BuildOptions:
    jobs: int = 1
    engine: str = "local"  # "local" (serial / process pool) or "dask"
    scheduler: str | None = None  # dask scheduler address
    link_mode: str = "auto"  # "auto", "offline", "live", "off"
    wikidata_endpoint: str | None = None
    validate: bool = True
    maps: bool = True
    entity_maps: int | None = None  # ego maps written (most connected entities); None: viz.maps.TOP_EGO
    event_maps: int | None = None  # event maps written (most connected events); None: viz.maps.MAX_EVENTS
    incremental: bool = True  # reuse cached extraction results by content hash
    progress: bool = False
    ingest_options: Any = None


@dataclass
class BuildResult:
    out_dir: Path
    documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    # High-water mark of this process's RSS (MB) at the end of each stage:
    # says which stage set the peak (worker processes are not included).
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    skipped_inputs: list[str] = field(default_factory=list)  # one line per unreadable input
    warnings: list[str] = field(default_factory=list)
    link_path: str | None = None
    extracted: int = 0  # documents extracted this run (the rest came from the cache)
    rendered_pages: int = 0  # pages rendered (and validated) this run (the rest came from the cache)

    def summary(self) -> dict[str, Any]:
        return {
            "version": __version__,
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "documents": self.documents,
            "extracted": self.extracted,
            "rendered_pages": self.rendered_pages,
            "counts": self.counts,
            "files": {k: str(v) for k, v in self.files.items()},
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
            "peak_rss_mb": {k: round(v, 1) for k, v in self.peak_rss_mb.items()},
            "skipped_inputs": self.skipped_inputs,
            "warnings": self.warnings,
            "wikidata_path": self.link_path,
        }


_COLLECTED_STAGES = frozenset({"rdf", "write"})  # see _collector_paused


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Run a stage without Python's cyclic garbage collector.

    A stage makes hundreds of thousands of long-lived objects (documents,
    facts, map index); each is traversed again by every collection the
    allocations trigger, and a full collection runs each time the heap has
    grown by a quarter. Measured: decoding the 3,498 cached extraction results
    of the 1k benchmark took 1.3-1.7 s with the collector and 0.75-0.85 s
    without. The objects are freed by reference counting as usual; what
    waits is only reference cycles a stage drops, collected once it is over
    (the collector runs again on the next allocations, and the caller's
    setting comes back).

    Not for the rdf and write stages, which stream the graph's text through
    the process: no gain was measured there to weigh against keeping what a
    dropped cycle might hold until the stage ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run(result: BuildResult, stage: str, func: Callable[[], T]) -> T:
    start = time.perf_counter()
    try:
        with _collector_paused() if stage not in _COLLECTED_STAGES else contextlib.nullcontext():
            value = func()
    except StageError:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised with the stage named
        raise StageError(stage, exc) from exc
    finally:
        result.timings[stage] = result.timings.get(stage, 0.0) + time.perf_counter() - start
        result.peak_rss_mb[stage] = _peak_rss_mb()
    return value


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _ingest(inputs: Sequence[str | Path], out_dir: Path, options: BuildOptions, result: BuildResult) -> list[Document]:
    from graph.ingest import ingest

    cache_dir = out_dir / "cache" if options.incremental else None
    ingested = ingest(list(inputs), options=options.ingest_options, cache_dir=cache_dir)
    result.skipped_inputs.extend(f"{err.source}: {err.message}" for err in ingested.errors)
    return list(ingested.documents)


def _extract(docs: list[Document], out_dir: Path, options: BuildOptions, result: BuildResult) -> list[ArticleFacts]:
    try:
        from graph.engine import extract_all
    except ImportError:  # engine not installed in this tree: plain serial loop
        from graph.extract import extract

        result.extracted = len(docs)
        return [extract(doc) for doc in docs]
    cache = None
    if options.incremental:
        from graph.cache import ExtractionCache

        cache = ExtractionCache(out_dir / "cache")
    articles = extract_all(
        docs,
        jobs=options.jobs,
        engine=options.engine,
        scheduler=options.scheduler,
        progress=options.progress,
        cache=cache,
        # Nothing after extraction reads a text (the graph keeps evidence
        # sentences), and every later stage holds all articles at once.
        release_text=True,
    )
    result.extracted = cache.misses if cache is not None else len(docs)
    return articles


def summary_classes() -> dict[str, Any]:
    """The classes the build summary counts, under the names it prints."""
    from graph.vocab import NKG

    return {
        "people": NKG.Person,
        "organisations": NKG.Organisation,
        "roles": NKG.Role,
        "positions": NKG.Position,
        "events": NKG.Event,
        "cities": NKG.City,
        "countries": NKG.Country,
        "articles": NKG.Article,
    }


def count_entities(dataset: Any) -> dict[str, int]:
    """Counts by type over the union graph, as the build summary prints them."""
    query = """
        SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type
    """
    by_class = {str(row[0]): int(row[1]) for row in dataset.query(query)}
    counts = {name: by_class.get(str(iri), 0) for name, iri in summary_classes().items()}
    counts["triples"] = len(dataset)
    return counts


def _render_pages(articles: list[ArticleFacts], out_dir: Path, options: BuildOptions, sink: Callable[[Any], None]) -> int:
    from graph.engine import resolve_jobs, run_batches
    from graph.pages import page_units, render_pages

    cache = None
    if options.incremental:
        from graph.cache import PageCache

        cache = PageCache(out_dir / "cache")

    def run(func: Callable[[Any], list[Any]], batches: list[Any], on_batch: Callable[[int, list[Any]], None]) -> None:
        run_batches(func, batches, on_batch, jobs=options.jobs, engine=options.engine,
                    scheduler=options.scheduler, preload=("graph.pages", "graph.validate", "graph.rdf", "graph.store", "graph.stats", "graph.mapindex"))

    workers = resolve_jobs(options.jobs) if options.engine == "local" else max(resolve_jobs(options.jobs), 8)
    try:
        return render_pages(page_units(articles), sink, validate=options.validate, cache=cache, run=run, workers=workers)
    finally:
        if cache is not None:
            cache.close()


def _check(page_reports: list[Any], cross: Any, articles: list[ArticleFacts]) -> None:
    """Fail the build if any page or the cross-article graphs break the shapes."""
    from graph.rdf import _TYPE_CLASS, entity_iri
    from graph.validate import GraphValidationError, merge_reports, validate_cross_article

    linked = {
        (entity_iri(entity), _TYPE_CLASS[entity.type])
        for article in articles
        for entity in article.entities
        if entity.wikidata is not None
    }
    report = merge_reports([*page_reports, validate_cross_article(cross, linked)])
    if not report.conforms:
        raise GraphValidationError(report)


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path = "out",
    options: BuildOptions | None = None,
) -> BuildResult:
    """Build the graph of `inputs` into `out_dir`; the previous graph stays until the new one is whole.

    After extraction, resolution and linking (over all articles: they are
    global), each page's named graphs are rendered to N-Quads and validated
    in the workers, or taken from the cache when the page's resolved facts
    are unchanged (`graph.pages`), and streamed to graph.nq and graph.trig
    with their TriG, counts and map index, made or cached with them; the
    graphs that span articles (links, wikidata) are rendered and validated
    here. The maps are then drawn from the merged map indexes."""
    from graph import rdf, store

    options = options or BuildOptions()
    out_dir = Path(out_dir)
    result = BuildResult(out_dir=out_dir)

    docs = _run(result, "ingest", lambda: _ingest(inputs, out_dir, options, result))
    result.documents = len(docs)
    if not docs:
        raise StageError("ingest", ValueError("no document to build from: " + "; ".join(result.skipped_inputs or ["no input"])))

    articles = _run(result, "extract", lambda: _extract(docs, out_dir, options, result))
    del docs  # the articles hold their documents

    from graph.resolve import resolve

    _run(result, "resolve", lambda: resolve(articles))

    items: list[Any] = []
    if options.link_mode != "off":
        from graph.link import link

        linked = _run(
            result,
            "link",
            lambda: link(articles, mode=options.link_mode, endpoint=options.wikidata_endpoint, cache_dir=out_dir / "cache" / "wikidata"),
        )
        result.link_path = linked.path
        result.warnings.extend(linked.warnings)
        items = list(linked.items.values())

    from graph.pages import RenderedPage, with_parts
    from graph.stats import GraphStats, statistics_nquads

    stats = GraphStats(summary_classes())
    page_reports: list[Any] = []
    map_parts: list[bytes] = []  # each page's map index (graph.mapindex), in the order written
    with contextlib.ExitStack() as files:
        write = files.enter_context(store.graph_and_trig_writer(out_dir))

        def sink(page: RenderedPage) -> None:
            result.warnings.extend(page.skipped)
            if page.report is not None:
                page_reports.append(page.report)
            stats.add_part(page.stats)
            if options.maps:
                map_parts.append(page.map_index)
            write(page.nquads, page.trig)

        # rdf: render + validate pages (in the workers) + stream them to graph.nq and graph.trig
        result.rendered_pages = _run(result, "rdf", lambda: _render_pages(articles, out_dir, options, sink))
        cross = rdf.new_dataset()
        _run(result, "rdf", lambda: rdf.write_cross_article(cross, articles, items))
        if options.validate:
            # Raising here, inside the writer, leaves the previous graph files in place.
            _run(result, "validate", lambda: _check(page_reports, cross, articles))
        cross_nquads = "".join(f"{line}\n" for line in cross.serialize(format="nquads").splitlines() if line)
        del cross
        sink(_run(result, "rdf", lambda: with_parts(RenderedPage(nquads=cross_nquads))))
        # Last: the statistics graph (class counts, mention counts) of everything above.
        sink(_run(result, "rdf", lambda: with_parts(RenderedPage(nquads=statistics_nquads(stats)))))
        # write: finish both files (flush to disk, move them over the old ones)
        _run(result, "write", files.close)
    result.files["nquads"] = out_dir / store.GRAPH_NQUADS
    result.files["trig"] = out_dir / store.GRAPH_TRIG
    result.counts = stats.counts()
    del stats

    del articles, items  # free the fact model before the maps

    if options.maps:
        maps = _run(result, "maps", lambda: _write_maps(map_parts, out_dir, options))
        if maps:
            result.files["map"] = maps[0]

    result.files["manifest"] = store.write_manifest(out_dir, result.summary())
    return result


def _write_maps(map_parts: list[bytes], out_dir: Path, options: BuildOptions) -> list[Path]:
    """The maps, from the union of the written graph: the map data is the
    merge of the pages' map indexes, made where each page was rendered and
    cached with it (`viz.convert.deferred_graph_data_from_parts`; equal to
    reading graph.nq, without parsing unchanged pages again), then the capped
    set of maps is drawn (`viz.maps.write_maps`), reading the evidence of the
    drawn edges only."""
    import viz
    from viz.convert import deferred_graph_data_from_parts

    data, fill_evidence = deferred_graph_data_from_parts(map_parts)
    paths = viz.write_maps(
        data, out_dir, entity_maps=options.entity_maps, event_maps=options.event_maps, fill_evidence=fill_evidence
    )
    map_parts.clear()
    return paths
