"""Run extraction over many documents: serially, on a local process pool, or
on a Dask distributed cluster, with the same result in every case.

Extraction is a pure function of one document (`graph.extract.extract`), so
the documents are cut into batches, each batch is extracted wherever the
engine runs it, and the results are put back in input order. Nothing but the
`ArticleFacts` comes back, so `extract_all(docs, jobs=4)` equals
`[extract(d) for d in docs]`, ids and order included.

With a cache (`graph.cache.ExtractionCache`) only the documents whose key
(content + extractor version) is not cached are sent out; results are written
back as they arrive.
"""

from __future__ import annotations

import dataclasses

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from graph.model import ArticleFacts, Document

if TYPE_CHECKING:
    from graph.cache import ExtractionCache

__all__ = ["ENGINES", "extract_all", "extract_batch", "resolve_jobs", "run_batches"]

ENGINES = ("local", "dask")

# Documents per task: large enough that pickling and scheduling cost little next
# to extraction, small enough that the progress bar moves and the cores stay
# evenly loaded at the end of a run.
MAX_BATCH = 32
# Below this many items a run stays in this process: starting a pool (fork
# server, imports of the extractor or of rdflib/pyshacl) costs 1-3 s, more
# than extracting or validating a few dozen documents (an incremental build).
SMALL_RUN = 64

T = TypeVar("T")


def extract_batch(docs: Sequence[Document]) -> list[ArticleFacts]:
    """The unit of work shipped to a worker process or a Dask worker."""
    from graph.extract import extract

    return [extract(doc) for doc in docs]


def resolve_jobs(jobs: int | None) -> int:
    """`None` or 0 means one process per core."""
    if not jobs:
        return os.cpu_count() or 1
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, not {jobs}")
    return jobs


def batches_of(docs: Sequence[T], workers: int) -> list[list[T]]:
    # About four batches per worker, so that a slow batch does not hold up the end.
    size = max(1, min(MAX_BATCH, len(docs) // (workers * 4) or 1))
    return [list(docs[i : i + size]) for i in range(0, len(docs), size)]


@contextmanager
def _progress_bar(total: int, initial: int, enabled: bool, desc: str) -> Iterator[Any]:
    from tqdm import tqdm

    # disable=None: tqdm turns itself off when stderr is not a terminal; `delay`
    # keeps short builds quiet; rate and ETA come with the default format.
    bar = tqdm(
        total=total,
        initial=initial,
        unit="article",
        desc=desc,
        disable=None if enabled else True,
        delay=2.0,
        dynamic_ncols=True,
        file=sys.stderr,
    )
    try:
        yield bar
    finally:
        bar.close()


def _pool_context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean server process that has already
    # imported the task's modules (lexicons, tables, shapes), rather than
    # forking a parent that may hold threads (tqdm, Dask) and a large corpus.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")


def _run_local(
    func: Callable[[Any], list[Any]],
    batches: Sequence[Any],
    jobs: int,
    on_batch: Callable[[int, list[Any]], None],
    preload: Sequence[str],
) -> None:
    if jobs == 1 or len(batches) == 1:
        for index, batch in enumerate(batches):
            on_batch(index, func(batch))
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=_pool_context(preload)) as pool:
        futures: list[Future[list[Any]] | None] = [pool.submit(func, b) for b in batches]
        for index, future in enumerate(futures):
            assert future is not None
            on_batch(index, future.result())
            # A done future keeps its result: holding every one until the pool
            # closes kept the whole rendered graph in memory (~0.5 GB at 10k articles).
            futures[index] = None


def _run_dask(
    func: Callable[[Any], list[Any]],
    batches: Sequence[Any],
    scheduler: Any,
    on_batch: Callable[[int, list[Any]], None],
) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("engine 'dask' needs dask[distributed]: pip install 'newskg[cluster]'") from exc
    if scheduler is None:
        raise ValueError("engine 'dask' needs a scheduler address (e.g. tcp://10.0.0.5:8786)")
    own_client = not isinstance(scheduler, Client)
    client = Client(scheduler) if own_client else scheduler
    try:
        # pure=False: two equal batches are still two tasks (and the key does
        # not hash every document's text on the client).
        futures = client.map(func, batches, pure=False)
        position = {future.key: index for index, future in enumerate(futures)}
        for future in as_completed(futures):
            on_batch(position[future.key], future.result())
            future.release()
    finally:
        if own_client:
            client.close()


def run_batches(
    func: Callable[[Any], list[Any]],
    batches: Sequence[Any],
    on_batch: Callable[[int, list[Any]], None],
    *,
    jobs: int | None = 1,
    engine: str = "local",
    scheduler: Any = None,
    preload: Sequence[str] = ("graph.extract",),
) -> None:
    """Run `func(batch)` for every batch on the chosen engine; `on_batch(index,
    result)` is called in this process for each one. `func` must be a
    module-level function (it is pickled by reference) and pure, so where it
    runs cannot change the result."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if not batches:
        return
    if engine == "dask":
        _run_dask(func, batches, scheduler, on_batch)
    else:
        _run_local(func, batches, resolve_jobs(jobs), on_batch, preload)


def extract_all(
    docs: Sequence[Document],
    *,
    jobs: int | None = 1,
    engine: str = "local",
    scheduler: Any = None,
    progress: bool = True,
    cache: ExtractionCache | None = None,
    release_text: bool = False,
) -> list[ArticleFacts]:
    """Extract every document; the result lists one `ArticleFacts` per document, in order.

    - `engine="local"`: `jobs=1` runs in this process; `jobs=N` uses N worker
      processes (`0`/`None`: one per core).
    - `engine="dask"`: tasks run on the Dask cluster at `scheduler` (an address
      such as "tcp://10.0.0.5:8786", or a `distributed.Client`).
    - `cache`: reuse results of unchanged documents and store the new ones;
      entries of documents not in `docs` are dropped at the end.
    - `progress`: a bar with rate and ETA on stderr, shown only on a terminal
      and only once a build has run for a couple of seconds.
    - `release_text`: the results carry their documents without text and
      ingestion metadata, and each entry of `docs` is replaced by that slim
      document as soon as its result is in, so the texts are freed while the
      results arrive (the build hands its list over: nothing after
      extraction reads a text, and all of them at once were ~1 GB at 50,000
      articles).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    workers = resolve_jobs(jobs)
    results: list[ArticleFacts | None] = [None] * len(docs)

    def done(index: int, article: ArticleFacts) -> None:
        if release_text:
            if docs[index].text or docs[index].metadata:
                docs[index] = dataclasses.replace(docs[index], text="", metadata={})  # type: ignore[index]
        # Ours, not the copy a worker sent back: one document object, not two.
        article.document = docs[index]
        results[index] = article

    keys: list[str] = []
    pending: list[int] = []
    if cache is not None:
        keys = [cache.key(doc) for doc in docs]
        for index, (key, doc) in enumerate(zip(keys, docs, strict=True)):
            cached = cache.get(key, doc)
            if cached is None:
                pending.append(index)
            else:
                done(index, cached)
    else:
        pending = list(range(len(docs)))

    pending_docs = [docs[i] for i in pending]
    if engine == "local" and len(pending_docs) < SMALL_RUN:
        workers = 1
    batches: list[list[Document] | None] = list(batches_of(pending_docs, workers if engine == "local" else max(workers, 8)))
    del pending_docs
    batch_starts = [0]
    for batch in batches:
        batch_starts.append(batch_starts[-1] + len(batch or ()))

    with _progress_bar(len(docs), len(docs) - len(pending), progress, "extract") as bar:

        def on_batch(batch_index: int, extracted: list[ArticleFacts]) -> None:
            start = batch_starts[batch_index]
            for offset, article in enumerate(extracted):
                index = pending[start + offset]
                if cache is not None:
                    cache.put(keys[index], article)
                done(index, article)
            batches[batch_index] = None  # its documents are done with
            bar.update(len(extracted))

        run_batches(extract_batch, batches, on_batch, jobs=workers, engine=engine, scheduler=scheduler)

    if cache is not None:
        cache.retain(keys)
        cache.commit()
    missing = [docs[i].id for i, article in enumerate(results) if article is None]
    if missing:  # would mean a lost batch: never hand back a partial corpus
        raise RuntimeError(f"extraction returned no result for {len(missing)} documents, e.g. {missing[0]}")
    return results  # type: ignore[return-value]
