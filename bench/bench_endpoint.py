"""Loopback load on `newskg serve`: C clients for S seconds, requests/s and p95 latency.

Starts `newskg serve` on 127.0.0.1 over a synthetic graph (bench_store's
generator) or a given --graph folder, then each client thread POSTs canned
queries in turn (SPARQL results JSON) until the time is up. Reports
throughput, latency percentiles and errors (any non-200 answer).

    python bench/bench_endpoint.py --clients 8 --seconds 20 --triples 100000
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

QUERIES = ["counts_by_type", "person_posts", "events_in_city", "posts_in_organisation",
           "creative_cities", "organisation_parents"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--graph", type=Path, help="use this built graph instead of a synthetic one")
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()

    from bench_store import generate

    from queries import get_query

    with tempfile.TemporaryDirectory() as tmp:
        graph_dir = args.graph
        values: dict[str, str] = {}
        if graph_dir is None:
            graph_dir = Path(tmp)
            values = generate(graph_dir / "graph.nq", args.triples)
        from bench_queries import pick_values

        from graph.sparql import _bind_inline, open_store

        # parameters: a typical entity of the graph, so every query has rows
        values = {**values, **pick_values(open_store(graph_dir))["typical"]}
        # Clients send the query text with the parameters bound as `newskg query
        # --endpoint` sends them: a VALUES row opening the WHERE group.
        texts = []
        for name in QUERIES:
            q = get_query(name)
            bound = q.bindings({p.name: values[p.name] for p in q.params if p.name in values})
            texts.append(_bind_inline(q.text, bound) if bound else q.text)
        print("queries:", ", ".join(f"{n}({', '.join(f'{p.name}={values[p.name]}' for p in get_query(n).params if p.name in values)})" for n in QUERIES))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--graph", str(graph_dir),
                                 "--port", str(port), "--workers", str(args.workers)], cwd=REPO)
        url = f"http://127.0.0.1:{port}/sparql"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    requests.get(f"http://127.0.0.1:{port}/", timeout=1)
                    break
                except requests.ConnectionError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise SystemExit("server did not start")
                    time.sleep(0.2)
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            stop_at = time.monotonic() + args.seconds

            def client(i: int) -> None:
                http = requests.Session()
                k = i
                while time.monotonic() < stop_at:
                    text = texts[k % len(texts)]
                    k += 1
                    t0 = time.perf_counter()
                    r = http.post(url, data={"query": text}, timeout=60,
                                  headers={"Accept": "application/sparql-results+json"})
                    dt = time.perf_counter() - t0
                    with lock:
                        latencies.append(dt)
                        if r.status_code != 200:
                            errors.append(f"{r.status_code} {r.text[:100]}")

            threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - t0
        finally:
            proc.terminate()
            proc.wait(10)
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, round(q * (len(lat) - 1)))] * 1000  # noqa: E731
    print(f"{args.clients} clients, {elapsed:.1f} s, {len(lat)} requests, {len(errors)} errors")
    print(f"throughput: {len(lat) / elapsed:.1f} requests/s")
    print(f"latency: median {statistics.median(lat) * 1000:.1f} ms, p95 {p(0.95):.1f} ms, "
          f"p99 {p(0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms")
    for e in errors[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
