"""Worker processes that run queries, so a slow query can be stopped.

Oxigraph evaluates a query inside one call that Python cannot interrupt; the
only reliable time limit is to run it in another process and kill that process
when time is up. Each worker opens the store read-only, runs one query at a
time and sends back the serialised answer. A killed worker is replaced.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["Answer", "WorkerPool"]


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    truncated: bool = False


def _negotiate(kind: str, accept: str, fmt: str | None) -> tuple[str, str] | None:
    """(format, media type) for a result kind and an Accept header / format name."""
    from graph.sparql import GRAPH_FORMATS

    if kind == "graph":
        table = {"text/turtle": "turtle", "application/x-turtle": "turtle",
                 "application/n-triples": "nt", "text/plain": "nt",
                 "application/ld+json": "json-ld", "application/x-json+ld": "json-ld",
                 "application/json": "json-ld", "application/rdf+xml": "xml",
                 "application/xml": "xml", "text/xml": "xml"}
        media = dict(GRAPH_FORMATS)
        default = "turtle"
    else:
        table = {"application/sparql-results+json": "json", "application/json": "json",
                 "text/javascript": "json", "application/javascript": "json",
                 "application/sparql-results+xml": "xml", "application/xml": "xml",
                 "text/xml": "xml", "text/csv": "csv", "text/tab-separated-values": "tsv"}
        media = {"json": "application/sparql-results+json",
                 "xml": "application/sparql-results+xml", "csv": "text/csv",
                 "tsv": "text/tab-separated-values"}
        default = "json"
    aliases = {"ttl": "turtle", "n-triples": "nt", "ntriples": "nt", "jsonld": "json-ld",
               "rdfxml": "xml"}
    if fmt:
        fmt = aliases.get(fmt, fmt)
        if fmt in media:
            return fmt, media[fmt]
        mapped = table.get(fmt)
        return (mapped, media[mapped]) if mapped else None
    if not accept.strip():
        return default, media[default]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, bits[0].lower()))
    for _, _, mtype in sorted(ranked):
        if mtype in table:
            f = table[mtype]
            return f, media[f]
        if mtype in ("*/*", "application/*", "text/*"):
            return default, media[default]
    return None


def _worker_main(store_path: str, conn: Any) -> None:
    import pyoxigraph as ox

    from graph.sparql import QueryError, run_query

    store = ox.Store.read_only(store_path)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        text, accept, fmt, max_results = job
        try:
            result = run_query(store, text, max_results=max_results)
            chosen = _negotiate(result.kind, accept, fmt)
            if chosen is None:
                answer = Answer(406, "text/plain; charset=utf-8",
                                f"cannot serve a {result.kind} result as {fmt or accept}"
                                .encode())
            else:
                body = result.serialize(chosen[0])
                ctype = chosen[1] + "; charset=utf-8"
                answer = Answer(200, ctype, body, result.truncated)
        except QueryError as exc:
            answer = Answer(400, "text/plain; charset=utf-8", str(exc).encode())
        except Exception as exc:  # report, keep serving
            answer = Answer(500, "text/plain; charset=utf-8",
                            f"{type(exc).__name__}: {exc}".encode())
        conn.send(answer)


class _Worker:
    def __init__(self, ctx: Any, store_path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(store_path, child), daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """N worker processes over one read-only store; `run` enforces the time limit."""

    def __init__(self, store_path: str, size: int = 2, timeout: float = 30.0) -> None:
        self.store_path = store_path
        self.timeout = timeout
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(max(1, size)):
            self._add()

    def _add(self) -> None:
        w = _Worker(self._ctx, self.store_path)
        with self._lock:
            self._all.add(w)
        self._idle.put(w)

    def run(self, text: str, accept: str, fmt: str | None, max_results: int | None) -> Answer:
        start = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, "text/plain; charset=utf-8",
                          b"all query workers are busy; try again later")
        remaining = max(0.1, self.timeout - (time.monotonic() - start))
        try:
            worker.conn.send((text, accept, fmt, max_results))
            if worker.conn.poll(remaining):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
            message = f"query time limit exceeded ({self.timeout:g} s); the query was stopped"
            status = 503
        except (EOFError, OSError, BrokenPipeError) as exc:
            message, status = f"query worker failed: {exc}", 500
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        threading.Thread(target=self._add, daemon=True).start()
        return Answer(status, "text/plain; charset=utf-8", message.encode())

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
