"""The build: run the stages in order and say which one failed.

ingest -> extract -> resolve -> link -> rdf -> validate -> write -> maps

Each stage is one call into its own module; this runner only times them,
checks what they return and turns their exceptions into a `StageError` that
names the stage, so a user sees "extract failed on …" rather than a bare
traceback from deep inside a rule.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
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
    skipped_inputs: list[str] = field(default_factory=list)  # one line per unreadable input
    warnings: list[str] = field(default_factory=list)
    link_path: str | None = None
    extracted: int = 0  # documents extracted this run (the rest came from the cache)

    def summary(self) -> dict[str, Any]:
        return {
            "version": __version__,
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "documents": self.documents,
            "extracted": self.extracted,
            "counts": self.counts,
            "files": {k: str(v) for k, v in self.files.items()},
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
            "skipped_inputs": self.skipped_inputs,
            "warnings": self.warnings,
            "wikidata_path": self.link_path,
        }


def _run(result: BuildResult, stage: str, func: Callable[[], T]) -> T:
    start = time.perf_counter()
    try:
        value = func()
    except StageError:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised with the stage named
        raise StageError(stage, exc) from exc
    finally:
        result.timings[stage] = result.timings.get(stage, 0.0) + time.perf_counter() - start
    return value


def _ingest(inputs: Sequence[str | Path], options: BuildOptions, result: BuildResult) -> list[Document]:
    from graph.ingest import ingest

    ingested = ingest(list(inputs), options=options.ingest_options)
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
    )
    result.extracted = cache.misses if cache is not None else len(docs)
    return articles


def count_entities(dataset: Any) -> dict[str, int]:
    """Counts by type over the union graph, as the build summary prints them."""
    from graph.vocab import NKG

    query = """
        SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type
    """
    by_class = {str(row[0]): int(row[1]) for row in dataset.query(query)}
    names = {
        "people": NKG.Person,
        "organisations": NKG.Organisation,
        "roles": NKG.Role,
        "positions": NKG.Position,
        "events": NKG.Event,
        "cities": NKG.City,
        "countries": NKG.Country,
        "articles": NKG.Article,
    }
    counts = {name: by_class.get(str(iri), 0) for name, iri in names.items()}
    counts["triples"] = len(dataset)
    return counts


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path = "out",
    options: BuildOptions | None = None,
) -> BuildResult:
    """Build the graph of `inputs` into `out_dir`; the previous graph stays until the new one is whole."""
    from graph import rdf, store

    options = options or BuildOptions()
    out_dir = Path(out_dir)
    result = BuildResult(out_dir=out_dir)

    docs = _run(result, "ingest", lambda: _ingest(inputs, options, result))
    result.documents = len(docs)
    if not docs:
        raise StageError("ingest", ValueError("no document to build from: " + "; ".join(result.skipped_inputs or ["no input"])))

    articles = _run(result, "extract", lambda: _extract(docs, out_dir, options, result))

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

    report = rdf.RdfReport()
    dataset = _run(result, "rdf", lambda: rdf.to_dataset(articles, items, report))
    result.warnings.extend(report.skipped)

    if options.validate:
        from graph.validate import ensure_valid

        _run(result, "validate", lambda: ensure_valid(dataset))

    result.files.update(_run(result, "write", lambda: store.write_dataset(dataset, out_dir)))
    result.counts = count_entities(dataset)

    if options.maps:
        import viz

        maps = _run(result, "maps", lambda: viz.write_maps(dataset, out_dir))
        if maps:
            result.files["map"] = maps[0]

    result.files["manifest"] = store.write_manifest(out_dir, result.summary())
    return result
