"""Benchmark newskg end to end on a synthetic corpus of N articles.

    python bench/run.py --articles 1000 [--jobs 2] [--json] [--record]

1. generates the corpus (cached under bench/work/corpus-<seed>-<N>/),
2. builds it from scratch (no extraction cache) and reports per stage: seconds,
   articles/second and MB/second (ingest, extract, resolve, link, rdf,
   validate, write, maps), peak memory (RSS of this process plus its worker
   processes, sampled), graph size,
3. loads the graph into the Oxigraph query store and times every canned query
   (`queries/`, run through `graph.sparql`): median and p95,
4. changes 1% of the articles (and deletes a few), rebuilds incrementally into
   the same folder and reports that time as a share of the full build
   (`--verify` also builds the changed corpus from scratch and checks that
   both graphs are the same).

With --json the last line of output is one JSON object with every figure.
With --record the figures are saved to bench/results/ and bench/RESULTS.md is
rewritten from all saved results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import DEFAULT_SEED, CorpusGenerator, write_article, write_corpus  # noqa: E402

WORK = REPO / "bench" / "work"
RESULTS_DIR = REPO / "bench" / "results"
RESULTS_MD = REPO / "bench" / "RESULTS.md"
STAGES = ("ingest", "extract", "resolve", "link", "rdf", "validate", "write", "maps")
QUERY_REPEATS = 15
TARGETS = {
    "full_build_10k_s": 300,
    "incremental_share": 0.10,
    "query_median_ms": 100,
    "peak_rss_50k_mb": 4096,
}


# ---------------------------------------------------------------------------
# Measuring


class PeakMemory:
    """Peak RSS of this process plus all its descendants, sampled in a thread.

    ru_maxrss alone would miss the sum of concurrently running pool workers
    (RUSAGE_CHILDREN reports the largest child, not the total)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_bytes = 0
        # Proportional set size: pages shared by the fork-server workers
        # (imported modules, lexicons) counted once, not once per process.
        self.peak_pss_bytes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            total = pss = 0
            try:
                procs = [me, *me.children(recursive=True)]
            except psutil.Error:
                procs = [me]
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                except psutil.Error:
                    continue
                total += info.rss
                pss += getattr(info, "pss", info.rss)
            self.peak_bytes = max(self.peak_bytes, total)
            self.peak_pss_bytes = max(self.peak_pss_bytes, pss)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    @property
    def peak_mb(self) -> float:
        # Never below what the kernel recorded for this process itself.
        self_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return max(self.peak_bytes / 2**20, self_peak_kb / 1024)


@contextmanager
def stopwatch(into: dict[str, float], name: str):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        yield
    finally:
        into[name] = time.perf_counter() - start


def corpus_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.suffix == ".txt")


def ensure_corpus(articles: int, seed: int, log) -> Path:  # type: ignore[no-untyped-def]
    folder = WORK / f"corpus-{seed}-{articles}"
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text().strip() == str(articles):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    log(f"generating {articles} articles into {folder.relative_to(REPO)} …")
    start = time.perf_counter()
    write_corpus(articles, folder, seed=seed, progress=True)
    marker.write_text(str(articles))
    log(f"generated in {time.perf_counter() - start:.1f} s")
    return folder


def working_copy(source: Path, articles: int, seed: int) -> Path:
    """A copy of the cached corpus (hard links) that the benchmark builds and
    then edits in place: the path is part of each document (nkg:sourceFile),
    so the incremental build must read the same folder as the full one."""
    folder = WORK / f"corpus-{seed}-{articles}-work"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in source.iterdir():
        if path.name != ".complete":
            os.link(path, folder / path.name)
    return folder


def changed_corpus(folder: Path, articles: int, seed: int, changed: int, deleted: int) -> tuple[Path, int]:
    """Edit `changed` articles of the working copy and delete `deleted`; the
    edits are spread evenly over the corpus."""
    generator = CorpusGenerator(seed)
    step = max(1, articles // max(1, changed + deleted))
    indices = list(range(0, articles, step))[: changed + deleted]
    for n, index in enumerate(indices):
        article = generator.article(index)
        txt, meta = folder / f"{article.id}.txt", folder / f"{article.id}.meta.json"
        # Unlink first: the files are hard links to the cached corpus.
        txt.unlink()
        meta.unlink()
        if n < changed:
            write_article(generator.mutate(article), folder)
    return folder, len(indices)


def run_build(corpus: Path, out: Path, args: argparse.Namespace, *, incremental: bool) -> dict[str, Any]:
    from graph.pipeline import BuildOptions, build

    options = BuildOptions(
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        link_mode=args.link,
        validate=not args.no_validate,
        maps=not args.no_maps,
        incremental=incremental,
        progress=sys.stderr.isatty() and not args.json,
    )
    with PeakMemory() as memory:
        start = time.perf_counter()
        result = build([str(corpus)], out, options)
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "timings": dict(result.timings),
        "documents": result.documents,
        "extracted": result.extracted,
        "rendered_pages": getattr(result, "rendered_pages", None),
        "counts": dict(result.counts),
        "peak_rss_mb": memory.peak_mb,
        "peak_pss_mb": memory.peak_pss_bytes / 2**20,
        "build_process_rss_mb_after_stage": dict(getattr(result, "peak_rss_mb", {})),
        "warnings": len(result.warnings),
    }


def time_queries(out: Path, repeats: int, timeout: float) -> tuple[dict[str, dict[str, float]], float]:
    """Each query is timed in its own process, killed after `timeout` seconds:
    a query that blocks before its first row cannot be stopped from inside."""
    from graph.sparql import open_store
    from queries import load_queries

    start = time.perf_counter()
    open_store(out, rebuild=True)
    load_seconds = time.perf_counter() - start
    figures: dict[str, dict[str, float]] = {}
    for query in load_queries():
        command = [sys.executable, __file__, "--time-query", query.name, "--out", str(out), "--repeats", str(repeats)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
            figures[query.name] = json.loads(done.stdout.strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            figures[query.name] = {"median_ms": float("inf"), "p95_ms": float("inf"), "rows": -1, "timeout_s": timeout}
    return figures, load_seconds


def time_one_query(out: Path, name: str, repeats: int) -> dict[str, float]:
    from graph.sparql import open_store, run_query
    from queries import load_queries

    store = open_store(out)
    figures: dict[str, dict[str, float]] = {}
    for query in [q for q in load_queries() if q.name == name]:
        samples = []
        rows = 0
        for attempt in range(repeats + 1):
            t0 = time.perf_counter()
            result = run_query(store, query)
            rows = len(result)
            if attempt:  # the first run warms caches, as a server's first request would
                samples.append((time.perf_counter() - t0) * 1000)
        samples.sort()
        figures[query.name] = {
            "median_ms": statistics.median(samples),
            "p95_ms": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
            "rows": rows,
        }
    return figures[name]


def graphs_equal(out_a: Path, out_b: Path) -> bool:
    """Same quads, compared as canonical N-Quads lines (IRIs are content-derived,
    so no blank-node matching is needed; isomorphism is the fallback)."""
    def lines(out: Path) -> list[str]:
        return sorted(line for line in (out / "graph.nq").read_text(encoding="utf-8").splitlines() if line.strip())

    a, b = lines(out_a), lines(out_b)
    if a == b:
        return True
    if any("_:" in line for line in a):
        from rdflib import Dataset
        from rdflib.compare import isomorphic

        da, db = Dataset(), Dataset()
        da.parse(out_a / "graph.nq", format="nquads")
        db.parse(out_b / "graph.nq", format="nquads")
        return isomorphic(da, db)
    return False


# ---------------------------------------------------------------------------
# Reporting


def machine() -> dict[str, Any]:
    import psutil

    packages = {}
    for name in ("rdflib", "pyoxigraph", "pyshacl", "dask", "distributed", "underthesea", "pyvis", "tqdm"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": packages,
        "commit": commit,
    }


def stage_table(figures: dict[str, Any]) -> list[str]:
    mb = figures["corpus_mb"]
    n = figures["articles"]
    lines = ["| stage | seconds | articles/s | MB/s |", "| --- | ---: | ---: | ---: |"]
    for stage, seconds in figures["stages"].items():
        rate = f"{n / seconds:,.0f}" if seconds > 0 else "–"
        mbs = f"{mb / seconds:,.2f}" if seconds > 0 else "–"
        lines.append(f"| {stage} | {seconds:.2f} | {rate} | {mbs} |")
    lines.append(f"| **total** | **{figures['seconds']:.2f}** | **{figures['articles_per_second']:,.1f}** | "
                 f"**{mb / figures['seconds']:.2f}** |")
    return lines


def render_results_md() -> str:
    results = []
    for path in sorted(RESULTS_DIR.glob("*.json")):
        results.append(json.loads(path.read_text(encoding="utf-8")))
    # Current results first; superseded ones (kept for the record) after them.
    results.sort(key=lambda r: (bool(r.get("superseded")), r["articles"], r["jobs"]))
    out = [
        "# Benchmark results",
        "",
        "Written by `python bench/run.py --articles N --record` (do not edit by hand: rerun).",
        "Corpora come from `bench/generate.py` (seed fixed), so a run can be repeated exactly.",
        "Targets (issue 8): 10,000 articles end to end < 300 s; incremental rebuild after 1% "
        "changed < 10% of the full build; every canned query < 100 ms median on the 10,000-article "
        "graph; peak memory < 4 GiB at 50,000 articles.",
        "",
        "## Summary",
        "",
        "| articles | jobs | corpus MB | full build s | articles/s | incremental s (share) | peak RSS MB | triples | slowest query median ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        inc = r.get("incremental") or {}
        inc_text = f"{inc['seconds']:.1f} ({inc['share']:.1%})" if inc else "–"
        timed_out = sum(1 for q in r.get("queries", {}).values() if q.get("timeout_s"))
        slowest = max((q["median_ms"] for q in r.get("queries", {}).values() if not q.get("timeout_s")), default=float("nan"))
        out.append(
            f"| {r['articles']:,}{' (superseded)' if r.get('superseded') else ''} | {r['jobs']} | {r['corpus_mb']:.1f} | {r['seconds']:.1f} | "
            f"{r['articles_per_second']:.1f} | {inc_text} | {r['peak_rss_mb']:,.0f} | {r['triples']:,} | "
            + (f"{slowest:.1f}{f' ({timed_out} timed out)' if timed_out else ''} |" if r.get("queries") else "not measured |")
        )
    for r in results:
        m = r["machine"]
        out += [
            "",
            f"## {r['articles']:,} articles, jobs={r['jobs']}" + (" (superseded)" if r.get("superseded") else ""),
            "",
            *([f"Superseded: measured {r['superseded']}; kept for comparison.", ""] if r.get("superseded") else []),
            f"Command: `{r['command']}`  ",
            f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, Python {m['python']}, "
            f"{m['platform']}; commit {m['commit']}; measured {r['date']}.  ",
            "Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ".",
            "",
            "Full build (clean, no cache):",
            "",
            *stage_table(r),
            "",
            f"Graph: {r['triples']:,} triples; " + ", ".join(f"{k} {v:,}" for k, v in r["counts"].items() if k != "triples")
            + f". Peak RSS (build process + workers): {r['peak_rss_mb']:,.0f} MB.",
        ]
        inc = r.get("incremental")
        if inc:
            out += [
                "",
                f"Incremental rebuild after changing {inc['changed']} and deleting {inc['deleted']} articles: "
                f"{inc['seconds']:.1f} s = {inc['share']:.1%} of the full build; re-extracted {inc['extracted']} "
                f"documents (pages and their teasers)"
                + (f", re-rendered and re-validated {inc['rendered_pages']} pages" if inc.get("rendered_pages") is not None else "")
                + "; stages: "
                + ", ".join(f"{k} {v:.2f} s" for k, v in inc["stages"].items())
                + (f". Same graph as a clean build of the changed corpus: **{inc['same_as_clean']}**."
                   if inc.get("same_as_clean") is not None else "."),
            ]
        if r.get("queries"):
            out += [
                "",
                f"Canned queries on the Oxigraph store (store load {r['store_load_s']:.1f} s; "
                f"{r.get('query_repeats', QUERY_REPEATS)} runs after one warm-up, killed after "
                f"{r.get('query_timeout_s', '?')} s):",
                "",
                "| query | median ms | p95 ms | rows |",
                "| --- | ---: | ---: | ---: |",
            ]
            for name, q in r["queries"].items():
                if q.get("timeout_s"):
                    out.append(f"| {name} | > {q['timeout_s'] * 1000:,.0f} (timed out) | – | – |")
                else:
                    out.append(f"| {name} | {q['median_ms']:.1f} | {q['p95_ms']:.1f} | {q['rows']:,} |")
    notes = REPO / "bench" / "NOTES.md"
    if notes.is_file():
        out += ["", notes.read_text(encoding="utf-8").rstrip()]
    # Store and query measurements (bench_store, bench_queries, bench_endpoint) are
    # made by hand, not by this script: keep their section when rewriting this file.
    query_notes = REPO / "bench" / "QUERY_RESULTS.md"
    if query_notes.is_file():
        out += ["", query_notes.read_text(encoding="utf-8").rstrip()]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int)
    parser.add_argument("--query-timeout", type=float, default=20.0, help="seconds before a query counts as timed out")
    parser.add_argument("--repeats", type=int, default=QUERY_REPEATS, help="timed runs per query")
    parser.add_argument("--time-query", help=argparse.SUPPRESS)  # internal: time one query in a child process
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="extraction processes (default: cores)")
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address (with --engine dask)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--link", default="offline", help="link mode for the build (default: offline)")
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--no-maps", action="store_true")
    parser.add_argument("--no-queries", action="store_true")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--changed", type=float, default=0.01, help="share of articles edited for the incremental run")
    parser.add_argument("--deleted", type=int, default=None, help="articles deleted for the incremental run (default: changed/10)")
    parser.add_argument("--verify", action="store_true", help="check incremental == clean build (one more full build)")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object with the figures")
    parser.add_argument("--record", action="store_true", help="save to bench/results/ and rewrite bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.time_query:
        print(json.dumps(time_one_query(args.out, args.time_query, args.repeats)))
        return 0
    if args.articles is None:
        parser.error("--articles is required")

    def log(message: str) -> None:
        print(message, file=sys.stderr if args.json else sys.stdout, flush=True)

    corpus = working_copy(ensure_corpus(args.articles, args.seed, log), args.articles, args.seed)
    size_mb = corpus_bytes(corpus) / 1e6
    out = WORK / f"out-{args.articles}"
    shutil.rmtree(out, ignore_errors=True)

    log(f"full build of {args.articles} articles ({size_mb:.1f} MB), jobs={args.jobs} …")
    # A first build: `out` was just removed, so the cache starts empty and
    # every article is extracted (and written to the cache, as any build does).
    full = run_build(corpus, out, args, incremental=True)
    stages = {s: full["timings"][s] for s in STAGES if s in full["timings"]}
    figures: dict[str, Any] = {
        "articles": args.articles,
        "documents": full["documents"],
        "jobs": args.jobs,
        "engine": args.engine,
        "corpus_mb": size_mb,
        "seconds": full["seconds"],
        "articles_per_second": args.articles / full["seconds"],
        "mb_per_second": size_mb / full["seconds"],
        "stages": stages,
        "stage_rates": {
            s: {"articles_per_second": args.articles / t, "mb_per_second": size_mb / t} for s, t in stages.items() if t > 0
        },
        "peak_rss_mb": full["peak_rss_mb"],
        "peak_pss_mb": full["peak_pss_mb"],
        "build_process_rss_mb_after_stage": full["build_process_rss_mb_after_stage"],
        "triples": full["counts"].get("triples", 0),
        "counts": full["counts"],
    }
    for line in stage_table(figures):
        log(line)
    log(f"peak RSS {full['peak_rss_mb']:,.0f} MB (PSS {full['peak_pss_mb']:,.0f} MB); {figures['triples']:,} triples")
    log("build process RSS high-water after each stage (MB): "
        + ", ".join(f"{k} {v:,.0f}" for k, v in full["build_process_rss_mb_after_stage"].items()))

    if not args.no_queries:
        log("timing canned queries …")
        queries, load_s = time_queries(out, args.repeats, args.query_timeout)
        figures["queries"] = queries
        figures["store_load_s"] = load_s
        figures["query_repeats"] = args.repeats
        figures["query_timeout_s"] = args.query_timeout
        for name, q in queries.items():
            log(f"  {name:28s} median {q['median_ms']:8.1f} ms  p95 {q['p95_ms']:8.1f} ms  rows {q['rows']}")
    if "maps" in stages:
        figures["map_build_s"] = stages["maps"]

    if not args.no_incremental:
        changed = max(1, round(args.articles * args.changed))
        deleted = args.deleted if args.deleted is not None else max(1, changed // 10)
        changed_dir, _ = changed_corpus(corpus, args.articles, args.seed, changed, deleted)
        # Reads the cache the full build left in `out`.
        log(f"incremental rebuild: {changed} articles changed, {deleted} deleted …")
        inc = run_build(changed_dir, out, args, incremental=True)
        figures["incremental"] = {
            "changed": changed,
            "deleted": deleted,
            "seconds": inc["seconds"],
            "share": inc["seconds"] / full["seconds"],
            "extracted": inc["extracted"],
            "rendered_pages": inc["rendered_pages"],
            "stages": {s: inc["timings"][s] for s in STAGES if s in inc["timings"]},
            "peak_rss_mb": inc["peak_rss_mb"],
        }
        log(f"incremental: {inc['seconds']:.1f} s ({inc['seconds'] / full['seconds']:.1%} of full), "
            f"re-extracted {inc['extracted']}")
        if args.verify:
            clean = WORK / f"out-{args.articles}-clean"
            shutil.rmtree(clean, ignore_errors=True)
            run_build(changed_dir, clean, args, incremental=True)  # empty cache: a clean build
            figures["incremental"]["same_as_clean"] = graphs_equal(out, clean)
            log(f"incremental == clean build: {figures['incremental']['same_as_clean']}")

    figures["command"] = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    figures["machine"] = machine()
    figures["date"] = time.strftime("%Y-%m-%d %H:%M")
    if args.record:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        name = f"{args.articles}-j{args.jobs}-{args.engine}.json"
        (RESULTS_DIR / name).write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        RESULTS_MD.write_text(render_results_md(), encoding="utf-8")
        log(f"recorded in {RESULTS_MD.relative_to(REPO)}")
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
