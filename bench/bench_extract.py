"""Time `graph.extract.extract` serially, and dump its output to check a speed-up changed nothing.

    python3 bench/bench_extract.py --corpus /tmp/c1k --real            # ms/doc, best of 3
    python3 bench/bench_extract.py --corpus /tmp/c1k --real --dump out.json   # + identity dump
    python3 bench/bench_extract.py --corpus /tmp/c1k --profile 30      # cProfile, top 30

Documents are ingested once (pickled under --cache, keyed by the input paths) so that only
extraction is timed. "Real pages" are shared/corpus and tests/data/heldout_* (every file
there but the .json gold).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_FOLDERS = [Path("/work/shared/corpus"), *sorted((ROOT / "tests" / "data").glob("heldout_*"))]


def _real_files() -> list[Path]:
    return [p for folder in REAL_FOLDERS if folder.is_dir() for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix.lower() not in (".json", ".md")]


def load_documents(paths: list[Path], cache: Path) -> list:
    """Documents ingested from `paths`, each file on its own (as `newskg eval` does)."""
    from graph.cli.facts import ingest_file

    digest = hashlib.sha1("\n".join(map(str, paths)).encode()).hexdigest()[:16]
    cached = cache / f"docs_{digest}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    docs = [doc for path in paths for doc in ingest_file(path)]
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(docs))
    return docs


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.endswith(".meta.json"))


def time_extraction(docs: list, repeats: int) -> float:
    """Best-of-`repeats` CPU milliseconds per document (process time: the machine is shared,
    and wall-clock time counts the other processes' turns)."""
    from graph.extract import extract

    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        for doc in docs:
            extract(doc)
        best = min(best, time.process_time() - t0)
    return best * 1000 / len(docs)


def _evidence(ev) -> list:
    return [ev.doc_id, ev.sentence, ev.start, ev.end, ev.extractor, ev.confidence]


def dump(docs: list) -> list:
    """Everything extract() returns that a later stage can read."""
    from graph.extract import extract

    out = []
    for doc in docs:
        facts = extract(doc)
        out.append({
            "doc": doc.id,
            "gold": facts.to_gold(),
            "entities": [{"id": e.id, "attributes": repr(sorted(e.attributes.items())),
                          "optional": e.optional, "key": e.key,
                          "evidence": [_evidence(ev) for ev in e.evidence]}
                         for e in facts.entities],
            "facts": [{"rel": str(f.rel), "args": f.args, "optional": f.optional,
                       "evidence": [_evidence(ev) for ev in f.evidence]} for f in facts.facts],
        })
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="synthetic corpus (bench/generate.py --out)")
    parser.add_argument("--real", action="store_true", help="also the real pages")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/bench_extract_cache"))
    parser.add_argument("--dump", type=Path, help="write the identity dump (JSON) here")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile once, print top N")
    args = parser.parse_args()

    sets = {}
    if args.corpus:
        sets["synthetic"] = load_documents(corpus_files(args.corpus), args.cache)
    if args.real:
        sets["real"] = load_documents(_real_files(), args.cache)
    if not sets:
        parser.error("nothing to run: give --corpus and/or --real")

    import graph
    print(f"graph from {Path(graph.__file__).parent}", file=sys.stderr)
    from graph.extract import extract
    extract(next(iter(sets.values()))[0])  # load lexicons and gazetteer outside the timing

    if args.dump:
        data = {name: dump(docs) for name, docs in sets.items()}
        text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True)
        args.dump.write_text(text, encoding="utf-8")
        print(f"dump: {args.dump} sha1 {hashlib.sha1(text.encode()).hexdigest()}")
    if args.profile:
        import cProfile
        import pstats
        docs = [d for docs in sets.values() for d in docs]
        profiler = cProfile.Profile()
        profiler.enable()
        for doc in docs:
            extract(doc)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
        return
    for name, docs in sets.items():
        ms = time_extraction(docs, args.repeats)
        print(f"{name}: {len(docs)} documents, {ms:.3f} CPU ms/doc (best of {args.repeats})")


if __name__ == "__main__":
    main()
