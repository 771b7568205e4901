"""The HTTP side of `newskg serve`: SPARQL 1.1 Protocol at /sparql, YASGUI at /.

A stdlib `ThreadingHTTPServer`: each request thread checks the query
(`guard.check_query`) and hands it to a `WorkerPool` process that runs it on
the read-only Oxigraph store with the time limit and result cap.
"""

from __future__ import annotations

import json
import mimetypes
import os
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from graph.server.guard import DEFAULT_ALLOWED_SERVICES, Refused, check_query
from graph.server.workers import WorkerPool

__all__ = ["ServerConfig", "SparqlServer", "make_server"]

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 1 << 20  # a query text larger than 1 MiB is refused


@dataclass
class ServerConfig:
    graph_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_results: int = 10000
    allow_services: tuple[str, ...] = DEFAULT_ALLOWED_SERVICES
    workers: int = field(default_factory=lambda: min(4, os.cpu_count() or 2))


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, config: ServerConfig, pool: WorkerPool) -> None:
        self.config = config
        self.pool = pool
        super().__init__((config.host, config.port), Handler)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def _canned_json() -> bytes:
    from queries import load_queries

    return json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                        "params": [p.to_dict() for p in q.params], "text": q.text}
                       for q in load_queries()], ensure_ascii=False).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "newskg"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if os.environ.get("NEWSKG_SERVE_LOG"):
            super().log_message(format, *args)

    # ------------------------------------------------------------------ replies
    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None
              ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"),
                   "text/plain; charset=utf-8")

    # ------------------------------------------------------------------ routes
    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(204, b"", "text/plain", {
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept"})

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path == "/sparql":
            params = parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                return self._text(403, "this endpoint is read-only: SPARQL Update is refused")
            if "query" not in params:
                return self._text(400, "missing 'query' parameter (SPARQL 1.1 Protocol)")
            return self._query(params["query"][0], params)
        if url.path in ("/", "/index.html"):
            return self._file(STATIC / "index.html")
        if url.path == "/queries.json":
            return self._send(200, _canned_json(), "application/json; charset=utf-8")
        if url.path.startswith("/static/"):
            target = (STATIC / url.path[len("/static/"):]).resolve()
            if STATIC in target.parents and target.is_file():
                return self._file(target)
        self._text(404, f"not found: {url.path}")

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            return self._text(413, f"request body larger than {MAX_BODY} bytes")
        body = self.rfile.read(length) if length else b""
        if url.path != "/sparql":
            return self._text(404, f"not found: {url.path}")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            return self._text(403, "this endpoint is read-only: SPARQL Update is refused")
        if ctype == "application/sparql-query":
            return self._query(body.decode("utf-8", "replace"), params)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return self._text(403, "this endpoint is read-only: SPARQL Update is refused")
            if "query" not in form:
                return self._text(400, "missing 'query' form field (SPARQL 1.1 Protocol)")
            params.update(form)
            return self._query(form["query"][0], params)
        self._text(415, f"unsupported Content-Type {ctype!r} for a SPARQL request")

    def _file(self, path: Path) -> None:
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("javascript"):
            ctype += "; charset=utf-8"
        self._send(200, path.read_bytes(), ctype, {"Cache-Control": "max-age=3600"})

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        cfg = self.server.config
        try:
            check_query(text, cfg.allow_services)
        except Refused as exc:
            return self._text(exc.status, exc.message)
        fmt = (params.get("format") or params.get("output") or [None])[0]
        answer = self.server.pool.run(text, self.headers.get("Accept") or "", fmt,
                                      cfg.max_results)
        extra = {"X-Newskg-Truncated": "true"} if answer.truncated else {}
        self._send(answer.status, answer.body, answer.content_type, extra)


def make_server(config: ServerConfig) -> SparqlServer:
    """Build (or refresh) the store, start the workers and bind the socket."""
    from graph.sparql import ensure_store

    store_dir = ensure_store(config.graph_dir)
    pool = WorkerPool(str(store_dir), size=config.workers, timeout=config.timeout)
    try:
        return SparqlServer(config, pool)
    except BaseException:
        pool.close()
        raise
