"""Measure rdflib's in-memory Dataset against Oxigraph on the canned queries.

Generates a synthetic graph of the docs/ARCHITECTURE.md shape (articles,
people, organisations, events, cities, positions, reified statements with
evidence, Wikidata links) with about N triples, then for each store: load
time, and the time of every offline canned query with its parameter bound to
a typical entity of the graph (bench_queries.pick_values). rdflib queries stop
after --rdflib-limit seconds. Oxigraph loads with `graph.sparql.ensure_store`
(bulk load of the named graphs plus the merged default graph the queries read).

    python bench/bench_store.py --triples 100000 --triples 1000000
"""

from __future__ import annotations

import argparse
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402
from rdflib import Dataset  # noqa: E402

from graph import sparql  # noqa: E402
from graph.text import search_key  # noqa: E402
from queries import load_queries  # noqa: E402

NKG = "https://w3id.org/newskg/ontology#"
ID = "https://w3id.org/newskg/id/"
GR = "https://w3id.org/newskg/graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Phương", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc"]
GIVEN = ["Hòa", "Lâm", "Mai", "Hùng", "Lan", "Thủy", "Quý", "Tuấn", "Hương", "Dũng", "Khoa"]
ROLES = ["Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Bí thư", "Trưởng ban"]
CITIES = ["Hạ Long", "Hội An", "Đà Lạt", "Huế", "Hà Nội", "Đà Nẵng", "Cần Thơ", "Vinh",
          "Nha Trang", "Hải Phòng", "Quy Nhơn", "Buôn Ma Thuột"]


def generate(path: Path, target: int, seed: int = 7) -> dict[str, str]:
    """Write about `target` quads as N-Quads; return parameter values for the queries."""
    rnd = random.Random(seed)
    n_articles = max(1, target // 260)
    n_people, n_orgs, n_events = n_articles * 2, max(20, n_articles // 2), n_articles
    quads: list[ox.Quad] = []
    N = ox.NamedNode

    def lit(v: str, lang: str | None = "vi", dt: str | None = None) -> ox.Literal:
        if dt:
            return ox.Literal(v, datatype=N(dt))
        return ox.Literal(v, language=lang) if lang else ox.Literal(v)

    def label_of(kind: str, i: int) -> str:
        if kind == "person":
            return (f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 8]} {GIVEN[(i // 80) % 11]}"
                    + (f" {i // 880}" if i >= 880 else ""))
        if kind == "org":
            return f"Sở {['Văn hóa', 'Du lịch', 'Y tế', 'Giáo dục'][i % 4]} số {i}"
        if kind == "event":
            return f"Lễ hội {CITIES[i % len(CITIES)]} lần {i}"
        return CITIES[i] if i < len(CITIES) else f"Thành phố {i}"

    written_entities: set[str] = set()
    links = N(GR + "links")
    uccn = ID + "org/uccn"
    for a in range(n_articles):
        g = N(f"{GR}article/a{a}")
        art = N(f"{ID}article/a{a}")
        add = lambda s, p, o: quads.append(ox.Quad(N(s) if isinstance(s, str) else s,  # noqa: E731
                                                   N(p), o, g))
        day = f"20{10 + a % 14:02d}-{1 + a % 12:02d}-{1 + a % 28:02d}"
        add(art, RDF + "type", N(NKG + "Article"))
        add(art, SCHEMA + "headline", lit(f"Tin số {a}: {label_of('event', a % n_events)}"))
        add(art, SCHEMA + "datePublished", lit(day, dt=XSD + "date"))
        add(art, NKG + "site", lit(f"site{a % 5}.vn", None))
        add(art, NKG + "kind", lit("story", None))

        def entity(kind: str, i: int, cls: str) -> str:
            iri = f"{ID}{kind}/{i}"
            add(iri, RDF + "type", N(NKG + cls))
            add(iri, RDFS + "label", lit(label_of(kind, i)))
            # as graph.rdf writes it: the key a name parameter binds
            add(iri, NKG + "searchKey", lit(search_key(label_of(kind, i)), None))
            add(iri, NKG + "mentionedIn", art)
            if iri not in written_entities and rnd.random() < 0.5:
                quads.append(ox.Quad(N(iri), N(SKOS + "exactMatch"),
                                     N(f"http://www.wikidata.org/entity/Q{i + 1000}"), links))
            written_entities.add(iri)
            return iri

        def evidence(key: str, sentence: str) -> ox.NamedNode:
            ev = f"{ID}evidence/{a}-{key}"
            add(ev, RDF + "type", N(NKG + "Evidence"))
            add(ev, NKG + "article", art)
            add(ev, NKG + "sentence", lit(sentence))
            add(ev, NKG + "startOffset", lit("0", dt=XSD + "integer"))
            add(ev, NKG + "endOffset", lit("120", dt=XSD + "integer"))
            add(ev, NKG + "extractor", lit("rules.bench", None))
            add(ev, NKG + "confidence", lit("0.9", dt=XSD + "decimal"))
            return N(ev)

        def statement(key: str, s: str, p: str, o: str, **q: ox.Literal) -> None:
            add(s, NKG + p, N(o))
            st = f"{ID}statement/{a}-{key}"
            add(st, RDF + "type", N(NKG + "Statement"))
            add(st, RDF + "subject", N(s))
            add(st, RDF + "predicate", N(NKG + p))
            add(st, RDF + "object", N(o))
            for k, v in q.items():
                add(st, NKG + k, v)
            add(st, NKG + "evidence", evidence(key, f"Câu chứng cứ {key} của bài {a}."))

        people = [entity("person", rnd.randrange(n_people), "Person") for _ in range(6)]
        orgs = [entity("org", rnd.randrange(n_orgs), "Organisation") for _ in range(3)]
        city = entity("city", rnd.randrange(len(CITIES)), "City")
        events = [entity("event", rnd.randrange(n_events), "Event") for _ in range(2)]
        for k, p in enumerate(people[:4]):
            pos = f"{ID}position/{a}-{k}"
            role = f"{ID}role/{k % len(ROLES)}"
            add(pos, RDF + "type", N(NKG + "Position"))
            add(pos, NKG + "holder", N(p))
            add(pos, NKG + "role", N(role))
            add(role, RDF + "type", N(NKG + "Role"))
            add(role, RDFS + "label", lit(ROLES[k % len(ROLES)]))
            add(role, NKG + "searchKey", lit(search_key(ROLES[k % len(ROLES)]), None))
            add(pos, NKG + "organisation", N(orgs[k % 3]))
            add(pos, NKG + "roleText", lit(ROLES[k % len(ROLES)], None))
            add(pos, NKG + "statedOn", lit(day, dt=XSD + "date"))
            add(pos, NKG + "evidence", evidence(f"p{k}", "Ông/bà giữ chức vụ."))
        for k, e in enumerate(events):
            statement(f"h{k}", e, "heldIn", city)
            statement(f"o{k}", e, "organisedBy", orgs[k])
            add(e, NKG + "date", lit(f"--{1 + a % 12:02d}-{1 + k:02d}", dt=XSD + "gMonthDay"))
            for j, p in enumerate(people[k * 3:(k + 1) * 3]):
                statement(f"pa{k}{j}", p, "participatedIn", e)
        statement("l0", orgs[0], "locatedIn", city)
        statement("po", orgs[1], "partOf", orgs[2])
        if a % 20 == 0:
            statement("m", city, "memberOf", uccn, since=lit("2023", dt=XSD + "gYear"),
                      field=lit("Âm nhạc"))
            add(uccn, RDFS + "label", lit("Mạng lưới các thành phố sáng tạo UNESCO"))
            add(uccn, NKG + "searchKey", lit(search_key("Mạng lưới các thành phố sáng tạo UNESCO"), None))
            add(uccn, RDF + "type", N(NKG + "Organisation"))
    ox.serialize(quads, output=str(path), format=ox.RdfFormat.N_QUADS)
    return {"person": label_of("person", 3), "org": label_of("org", 1), "city": "Hạ Long",
            "entity": label_of("person", 3), "from": label_of("person", 3),
            "to": label_of("person", 5), "name": label_of("person", 3),
            "type": NKG + "City", "site": "site1.vn"}


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


def timed(fn, limit: float | None = None) -> tuple[float | None, int]:
    if limit:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    t0 = time.perf_counter()
    try:
        n = len(fn())
        return time.perf_counter() - t0, n
    except _Timeout:
        return None, -1
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)


def fmt(t: float | None, limit: float) -> str:
    return f"> {limit:g} s" if t is None else (f"{t * 1000:.0f} ms" if t < 10 else f"{t:.1f} s")


def bench(target: int, rdflib_limit: float, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        values = generate(out / "graph.nq", target)
        gen = time.perf_counter() - t0
        t0 = time.perf_counter()
        sparql.ensure_store(out)
        ox_load = time.perf_counter() - t0
        store = sparql.open_store(out)
        with open(out / "graph.nq", "rb") as f:
            n_quads = sum(1 for _ in f)  # the graph's quads (the store adds a merged default graph)
        # typical entities of this graph (see bench_queries.py), so every query has an answer
        from bench_queries import pick_values
        values = {**values, **pick_values(store)["typical"]}
        t0 = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(out / "graph.nq", format="nquads")
        rd_load = time.perf_counter() - t0
        print(f"\n## {n_quads:,} quads (generated in {gen:.1f} s)\n")
        print(f"| query | rows | Oxigraph on disk, median / p95 of {repeat} | rdflib Dataset in memory, one run |")
        print("| --- | ---: | ---: | ---: |")
        print(f"| load graph.nq | | {ox_load:.1f} s (bulk load + optimize) | {rd_load:.1f} s |")
        totals = [0.0, 0.0]
        for q in load_queries():
            if "SERVICE" in q.text.upper():
                continue
            params = {p.name: values[p.name] for p in q.params if p.name in values}
            ox_times = []
            rows = 0
            for _ in range(repeat):
                t, rows = timed(lambda: sparql.run_query(store, q, params))
                ox_times.append(t)
            t_ox = statistics.median(ox_times)
            ox_p95 = sorted(ox_times)[min(len(ox_times) - 1, round(0.95 * (len(ox_times) - 1)))]
            t_rd, rd_rows = timed(lambda: sparql.run_query(ds, q, params), rdflib_limit)
            totals[0] += t_ox
            totals[1] += t_rd if t_rd is not None else rdflib_limit
            check = "" if rd_rows in (-1, rows) else f" (rdflib {rd_rows} rows)"
            print(f"| {q.name} {', '.join(f'{k}={v}' for k, v in params.items())} | {rows}{check} "
                  f"| {fmt(t_ox, 0)} / {fmt(ox_p95, 0)} | {fmt(t_rd, rdflib_limit)} |")
        print(f"| **all queries** | | **{fmt(totals[0], 0)}** | **≥ {fmt(totals[1], 0)}** |")
        del ds
        del store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, action="append",
                    help="graph size (repeatable; default 100000 and 1000000)")
    ap.add_argument("--rdflib-limit", type=float, default=60.0,
                    help="stop an rdflib query after this many seconds")
    ap.add_argument("--repeat", type=int, default=7, help="Oxigraph runs per query (median, p95)")
    args = ap.parse_args()
    for n in args.triples or [100_000, 1_000_000]:
        bench(n, args.rdflib_limit, args.repeat)


if __name__ == "__main__":
    main()
