"""Latency of every canned query on a built graph (median and p95), parameters bound.

Parameter values are picked from the graph itself: for each kind of entity a
*typical* one (the median by number of articles among those the query can
answer about) and the *busiest* one (most articles), so the figures show the
usual case and the worst. Queries run in this process on the read-only
Oxigraph store, after one warm-up run each, exactly as `newskg query` runs
them (`graph.sparql.run_query`).

    python bench/bench_queries.py --graph /tmp/q/out10000 --repeat 20
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import sparql  # noqa: E402
from queries import load_queries  # noqa: E402

PREFIX = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Entities a query can say something about, with their number of articles.
CANDIDATES = {
    "person": "?e a nkg:Person ; nkg:participatedIn ?ev . ?p nkg:holder ?e .",
    "org": "?p nkg:organisation ?e . ?e a nkg:Organisation .",
    "city": "?ev nkg:heldIn ?e . ?e a nkg:City .",
}


def _ranked(store, kind: str) -> list[str]:
    """Labels of candidate entities, fewest articles first."""
    q = (PREFIX + "SELECT ?e (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?a) AS ?n) WHERE { "
         + CANDIDATES[kind] + " ?e rdfs:label ?l ; nkg:mentionedIn ?a } GROUP BY ?e ORDER BY ?n ?e")
    return [str(r[1]) for r in sparql.run_query(store, q).rows]


def pick_values(store) -> dict[str, dict[str, str]]:
    """{"typical": {param: value}, "busiest": {...}} for the canned queries' parameters."""
    out: dict[str, dict[str, str]] = {"typical": {}, "busiest": {}}
    for kind in CANDIDATES:
        ranked = _ranked(store, kind)
        if ranked:
            out["typical"][kind] = ranked[len(ranked) // 2]
            out["busiest"][kind] = ranked[-1]
    for which in out.values():
        person = which.get("person", "")
        which["entity"] = which["name"] = which["from"] = person
        # a person met at an event, so path_between has an answer
        q = (PREFIX + "SELECT ?other WHERE { ?a nkg:searchKey ?k ; nkg:participatedIn ?ev . "
             "?b nkg:participatedIn ?ev ; a nkg:Person ; rdfs:label ?other FILTER(?a != ?b) } "
             "ORDER BY ?other LIMIT 1")
        from rdflib import Literal

        from graph.text import search_key
        rows = sparql.run_query(store, q, {"k": Literal(search_key(person))}).rows
        which["to"] = str(rows[0][0]) if rows else person
        which["type"] = "nkg:Person"
    sites = sparql.run_query(store, PREFIX + "SELECT ?s (COUNT(?a) AS ?n) WHERE { ?a nkg:site ?s } "
                             "GROUP BY ?s ORDER BY ?n ?s").rows
    if sites:
        out["typical"]["site"] = str(sites[len(sites) // 2][0])
        out["busiest"]["site"] = str(sites[-1][0])
    return out


def time_queries(store, values: dict[str, str], repeat: int) -> list[dict[str, object]]:
    rows = []
    for q in load_queries():
        if "SERVICE" in q.text.upper():  # federated: needs the live Wikidata service
            continue
        if not values and q.name == "path_between":  # every pair of entities: not a question
            continue
        params = {p.name: values[p.name] for p in q.params if p.name in values}
        result = sparql.run_query(store, q, params)  # warm-up
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = sparql.run_query(store, q, params)
            samples.append((time.perf_counter() - t0) * 1000)
        samples.sort()
        rows.append({"query": q.name, "params": params, "rows": len(result),
                     "median_ms": statistics.median(samples),
                     "p95_ms": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", type=Path, required=True, help="folder of a built graph")
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per query")
    ap.add_argument("--only", choices=["typical", "busiest", "unbound"], action="append",
                    help="tables to print (repeatable; default: all three)")
    args = ap.parse_args()
    only = set(args.only or ["typical", "busiest", "unbound"])
    t0 = time.perf_counter()
    store = sparql.open_store(args.graph)
    print(f"store ready in {time.perf_counter() - t0:.1f} s; {len(store):,} quads "
          "(named graphs + merged default graph)")
    picked = pick_values(store)
    for which, values in picked.items():
        if which not in only:
            continue
        print(f"\n### {which} parameters: "
              + ", ".join(f"{k}={v}" for k, v in sorted(values.items())) + "\n")
        print(f"| query | rows | median ms | p95 ms (of {args.repeat}) |")
        print("| --- | ---: | ---: | ---: |")
        for r in time_queries(store, values, args.repeat):
            print(f"| {r['query']} | {r['rows']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} |")
    if "unbound" not in only:
        return
    print("\n### no parameters (every entity)\n")
    print(f"| query | rows | median ms | p95 ms (of {max(3, args.repeat // 4)}) |")
    print("| --- | ---: | ---: | ---: |")
    for r in time_queries(store, {}, max(3, args.repeat // 4)):
        print(f"| {r['query']} | {r['rows']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} |")


if __name__ == "__main__":
    main()
