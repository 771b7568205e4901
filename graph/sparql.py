"""Run SPARQL on the built graph: one runner for every store.

The embedded default is a persistent **Oxigraph** store in `out/store/`, built
from `out/graph.nq` the first time it is needed and rebuilt whenever
`graph.nq` changes (see `docs/query.md` for the measurement that chose it over
rdflib's in-memory Dataset). Readers open it read-only, so `newskg query`,
`newskg serve` and its worker processes can share it.

`run_query(store, query, params)` accepts:
- a `pyoxigraph.Store` (parameters become a VALUES row opening the WHERE
  group, see `_bind_inline`; Oxigraph substitutions when there is none),
- any rdflib `Graph`/`Dataset`, in memory or `open_rdflib()` over Oxigraph
  (parameters join the query like a trailing `VALUES` clause, in the algebra),
- a `RemoteEndpoint` (the same VALUES row, else the trailing `VALUES` clause
  rdflib's SPARQLStore appends).

For the canned queries (see queries/__init__.py) these all answer alike, so
the same `.rq` file gives the same rows everywhere. The default graph is the
union of the named graphs, each triple once (see `_load_merged_default_graph`).
Results come back as a `QueryResult` of rdflib terms
that serialises to every output format of the CLI and the endpoint.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import re
import shutil
import time
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.term import Identifier

__all__ = [
    "STORE_DIR",
    "RemoteEndpoint",
    "QueryResult",
    "QueryError",
    "ensure_store",
    "open_store",
    "open_rdflib",
    "run_query",
    "SELECT_FORMATS",
    "GRAPH_FORMATS",
]

STORE_DIR = "store"
_SOURCE_FILE = "newskg-source.json"
_NQ = "graph.nq"

# output format -> (media type, kind); kind "results" for SELECT/ASK, "graph" for CONSTRUCT
SELECT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "table": "text/plain",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}


class QueryError(ValueError):
    """A query the store refused: bad syntax, unknown parameter, evaluation error."""


@dataclass(frozen=True, slots=True)
class RemoteEndpoint:
    """A SPARQL 1.1 query endpoint (Fuseki, GraphDB, Virtuoso, `oxigraph serve`, …).

    The remote store should use the union of its named graphs as the default
    graph (`oxigraph serve --union-default-graph`, Fuseki `unionDefaultGraph`).
    """

    url: str
    timeout: float = 60.0


# --------------------------------------------------------------------------- store


# Bumped when the store layout changes, so stores built by an older newskg rebuild.
_LAYOUT = 2


def _source_stamp(nq: Path) -> dict[str, int]:
    st = nq.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "layout": _LAYOUT}


def _store_is_current(store_dir: Path, nq: Path) -> bool:
    marker = store_dir / _SOURCE_FILE
    if not marker.is_file():
        return False
    try:
        return json.loads(marker.read_text()) == _source_stamp(nq)
    except (OSError, ValueError):
        return False


def ensure_store(graph_dir: Path | str, *, rebuild: bool = False) -> Path:
    """Make sure `graph_dir/store/` holds `graph_dir/graph.nq`; return its path.

    The store is built in a fresh folder beside the old one and swapped in, so
    a reader holding the old store open keeps reading a complete store.
    """
    graph_dir = Path(graph_dir)
    nq = graph_dir / _NQ
    if not nq.is_file():
        from graph.store import GraphNotFoundError

        raise GraphNotFoundError(f"no {_NQ} in {graph_dir} (run `newskg build` first)")
    store_dir = graph_dir / STORE_DIR
    if not rebuild and _store_is_current(store_dir, nq):
        return store_dir
    with open(graph_dir / ".store.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not rebuild and _store_is_current(store_dir, nq):
            return store_dir
        stamp = _source_stamp(nq)
        tmp = graph_dir / f".store-{uuid.uuid4().hex[:8]}"
        try:
            store = ox.Store(str(tmp))
            store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
            _load_merged_default_graph(store, nq)
            store.optimize()
            store.flush()
            del store
            (tmp / _SOURCE_FILE).write_text(json.dumps(stamp))
            old = None
            if store_dir.exists():
                old = graph_dir / f".store-old-{uuid.uuid4().hex[:8]}"
                store_dir.rename(old)
            tmp.rename(store_dir)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return store_dir


def _load_merged_default_graph(store: ox.Store, nq: Path) -> None:
    """Also write every triple once into the default graph (the RDF merge).

    An entity's type, labels and keys repeat in each article graph that
    mentions it, and Oxigraph's union default graph is a bag: a pattern
    matches once per graph, so joins multiply by the number of articles (a
    canned query took 90 s at 100k triples). Queries read this set instead;
    GRAPH patterns still see the per-article graphs.
    """
    with open(nq, "rb") as source:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                          for q in ox.parse(source, ox.RdfFormat.N_QUADS))


def _has_merged_default(store: ox.Store) -> bool:
    # One index probe (microseconds): cheaper than tracking which store is which.
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                None) is not None


def open_store(graph_dir: Path | str, *, rebuild: bool = False) -> ox.Store:
    """The Oxigraph store of a built graph, (re)built from graph.nq when stale; read-only."""
    return ox.Store.read_only(str(ensure_store(graph_dir, rebuild=rebuild)))


def open_rdflib(graph_dir: Path | str) -> Dataset:
    """The same store behind the rdflib API (oxrdflib): `Dataset.query`, triples, …"""
    from oxrdflib.store import OxigraphStore

    return Dataset(store=OxigraphStore(store=open_store(graph_dir)), default_union=True)


# --------------------------------------------------------------------------- terms


def _from_ox(term: Any) -> Identifier | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt), normalize=False)
    raise QueryError(f"unsupported term in result: {term!r}")


def _to_ox(term: Identifier) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


# --------------------------------------------------------------------------- results


@dataclass
class QueryResult:
    """The answer to a query, as rdflib terms.

    `kind` is "select" (vars + rows), "ask" (boolean) or "graph" (triples).
    `truncated` is set when `max_results` cut the answer.
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Identifier, Identifier, Identifier]] = field(default_factory=list)
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def dicts(self) -> list[dict[str, Identifier]]:
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]

    def graph(self) -> Graph:
        g = Graph()
        for prefix, ns in (("nkg", "https://w3id.org/newskg/ontology#"),
                           ("id", "https://w3id.org/newskg/id/"),
                           ("wd", "http://www.wikidata.org/entity/"),
                           ("schema", "https://schema.org/")):
            g.bind(prefix, ns)
        for t in self.triples:
            g.add(t)
        return g

    def formats(self) -> dict[str, str]:
        return GRAPH_FORMATS if self.kind == "graph" else SELECT_FORMATS

    def serialize(self, fmt: str) -> bytes:
        """Serialise as json, xml, csv, tsv, table (SELECT/ASK) or turtle, nt, json-ld, xml."""
        if self.kind == "graph":
            if fmt == "table":
                fmt = "turtle"
            if fmt not in GRAPH_FORMATS:
                raise QueryError(f"a graph result cannot be written as {fmt!r}")
            return self.graph().serialize(format=fmt, encoding="utf-8")
        writer = {"json": _results_json, "xml": _results_xml, "csv": _results_csv,
                  "tsv": _results_tsv, "table": _results_table}.get(fmt)
        if writer is None:
            raise QueryError(f"a {self.kind.upper()} result cannot be written as {fmt!r}")
        return writer(self).encode("utf-8")


def _json_term(t: Identifier) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    d = {"type": "literal", "value": str(t)}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype:
        d["datatype"] = str(t.datatype)
    return d


def _results_json(r: QueryResult) -> str:
    if r.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(r.boolean)})
    bindings = [{v: _json_term(t) for v, t in zip(r.vars, row) if t is not None} for row in r.rows]
    return json.dumps({"head": {"vars": r.vars}, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def _results_xml(r: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if r.kind == "ask":
        out += ["<head/>", f"<boolean>{'true' if r.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out)
    out.append("<head>" + "".join(f'<variable name="{v}"/>' for v in r.vars) + "</head>")
    out.append("<results>")
    for row in r.rows:
        out.append("<result>")
        for v, t in zip(r.vars, row):
            if t is None:
                continue
            if isinstance(t, URIRef):
                inner = f"<uri>{xml_escape(str(t))}</uri>"
            elif isinstance(t, BNode):
                inner = f"<bnode>{xml_escape(str(t))}</bnode>"
            else:
                attr = ""
                if t.language:
                    attr = f' xml:lang="{xml_escape(t.language)}"'
                elif t.datatype:
                    attr = f' datatype="{xml_escape(str(t.datatype))}"'
                inner = f"<literal{attr}>{xml_escape(str(t))}</literal>"
            out.append(f'<binding name="{v}">{inner}</binding>')
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out)


def _results_csv(r: QueryResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if r.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if r.boolean else "false"])
        return buf.getvalue()
    w.writerow(r.vars)
    for row in r.rows:
        w.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t))
                    for t in row])
    return buf.getvalue()


def _tsv_term(t: Identifier | None) -> str:
    if t is None:
        return ""
    if isinstance(t, Literal) and not t.language and t.datatype in (
        URIRef("http://www.w3.org/2001/XMLSchema#integer"),
        URIRef("http://www.w3.org/2001/XMLSchema#decimal"),
        URIRef("http://www.w3.org/2001/XMLSchema#double"),
        URIRef("http://www.w3.org/2001/XMLSchema#boolean"),
    ):
        return str(t)
    return t.n3()


def _results_tsv(r: QueryResult) -> str:
    if r.kind == "ask":
        return "?boolean\n" + ("true" if r.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in r.vars)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in r.rows]
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Terminal columns of a string: wide (CJK) chars count two, combining marks zero."""
    w = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def _cell(t: Identifier | None, max_width: int = 60) -> str:
    if t is None:
        return ""
    text = str(t)
    for prefix, ns in (("nkg:", "https://w3id.org/newskg/ontology#"),
                       ("id:", "https://w3id.org/newskg/id/"),
                       ("wd:", "http://www.wikidata.org/entity/")):
        if isinstance(t, URIRef) and text.startswith(ns):
            text = prefix + text[len(ns):]
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if _width(text) > max_width:
        while _width(text) > max_width - 1:
            text = text[:-1]
        text += "…"
    return text


def _results_table(r: QueryResult) -> str:
    if r.kind == "ask":
        return ("true" if r.boolean else "false") + "\n"
    cells = [[_cell(t) for t in row] for row in r.rows]
    widths = [_width(v) for v in r.vars]
    for row in cells:
        widths = [max(w, _width(c)) for w, c in zip(widths, row)]

    def line(values: Iterable[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(r.vars), line("─" * w for w in widths)]
    out += [line(row) for row in cells]
    out.append(f"({len(r.rows)} row{'s' if len(r.rows) != 1 else ''}"
               f"{', truncated' if r.truncated else ''})")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- running


def _as_terms(query: Any, params: Mapping[str, Any] | None) -> dict[str, Identifier]:
    """Bound terms: raw strings of a StoredQuery go through its parameter kinds."""
    params = dict(params or {})
    from queries import StoredQuery

    if isinstance(query, StoredQuery):
        paging = {p.name for p in query.params if p.is_modifier}  # see StoredQuery.text_for
        raw = {k.lstrip("?"): v for k, v in params.items() if isinstance(v, str)}
        terms = query.bindings(raw)
        terms.update({k.lstrip("?"): v for k, v in params.items()
                      if not isinstance(v, str) and k.lstrip("?") not in paging})
        return terms
    out: dict[str, Identifier] = {}
    for k, v in params.items():
        out[k.lstrip("?")] = v if isinstance(v, Identifier) else Literal(v)
    return out


def run_query(
    store: Any,
    query: Any,
    params: Mapping[str, Any] | None = None,
    *,
    max_results: int | None = None,
    deadline: float | None = None,
) -> QueryResult:
    """Run a query (text or `StoredQuery`) on a store with bound parameters.

    Args:
        store: a `pyoxigraph.Store`, an rdflib `Graph`/`Dataset`, or a `RemoteEndpoint`.
        query: SPARQL text or a `queries.StoredQuery`.
        params: variable name -> rdflib term, or raw string for a StoredQuery
            (converted by the parameter's kind, e.g. a label to its match key).
        max_results: keep at most this many rows/triples (sets `truncated`).
        deadline: `time.monotonic()` value after which reading rows stops with
            `TimeoutError` (a soft limit; the server also kills slow workers).

    Returns:
        a `QueryResult`.
    """
    terms = _as_terms(query, params)
    if hasattr(query, "text_for"):  # a StoredQuery: its limit/offset values set the text
        text = query.text_for({k.lstrip("?"): v for k, v in (params or {}).items()})
    else:
        text = query.text if hasattr(query, "text") and not isinstance(query, str) else query
    if isinstance(store, ox.Store):
        result = _run_oxigraph(store, text, terms, max_results, deadline)
    elif isinstance(store, RemoteEndpoint):
        result = _run_remote(store, text, terms, max_results)
    elif isinstance(store, Graph):
        result = _run_rdflib(store, text, terms, max_results, deadline)
    else:
        raise TypeError(f"run_query: unsupported store {type(store).__name__}")
    columns = getattr(query, "columns", None)
    if columns and result.kind == "select":
        result = _show_columns(result, list(columns))
    return result


def _show_columns(result: QueryResult, columns: list[str]) -> QueryResult:
    """Keep the header's `# columns:` only, dropping duplicate rows that leaves.

    A canned query projects its parameter variables (Oxigraph substitutes only
    projected variables) but a label parameter holds a search key, which is
    not for reading; an entity with two keys (name and alias) would otherwise
    show twice when the parameter is left unbound.
    """
    if result.vars == columns or not set(columns) <= set(result.vars):
        return result
    index = [result.vars.index(c) for c in columns]
    seen: set[tuple[Identifier | None, ...]] = set()
    rows = []
    for row in result.rows:
        shown = tuple(row[i] for i in index)
        if shown not in seen:
            seen.add(shown)
            rows.append(shown)
    return QueryResult("select", vars=columns, rows=rows, truncated=result.truncated)


def _take(it: Iterator[Any], max_results: int | None, deadline: float | None
          ) -> tuple[list[Any], bool]:
    out: list[Any] = []
    for item in it:
        if max_results is not None and len(out) >= max_results:
            return out, True
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError("query time limit reached")
        out.append(item)
    return out, False


def _run_oxigraph(store: ox.Store, text: str, terms: dict[str, Identifier],
                  max_results: int | None, deadline: float | None) -> QueryResult:
    inline = _bind_inline(text, terms) if terms else None
    if inline is not None:
        text, terms = inline, {}
    subs = {ox.Variable(k): _to_ox(v) for k, v in terms.items()}
    try:
        # A store built by ensure_store holds the merged default graph; any
        # other (a plain store of named graphs) is read as the union.
        res = store.query(text, use_default_graph_as_union=not _has_merged_default(store),
                          substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(str(exc)) from exc
    except RuntimeError as exc:
        raise QueryError(str(exc)) from exc
    try:
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            rows, cut = _take(iter(res), max_results, deadline)
            return QueryResult("select", vars=names,
                               rows=[tuple(_from_ox(s[i]) for i in range(len(names)))
                                     for s in rows], truncated=cut)
        triples, cut = _take(iter(res), max_results, deadline)
        return QueryResult("graph", triples=[(_from_ox(t.subject), _from_ox(t.predicate),
                                              _from_ox(t.object)) for t in triples],
                           truncated=cut)
    except (OSError, RuntimeError) as exc:  # evaluation errors surface while iterating
        raise QueryError(str(exc)) from exc


# Tokens that may hold a "{" or "WHERE" that is not syntax: IRIs, strings, comments.
_SKIP = (r"<[^<>\"{}|^`\\\s]*>"
         r"|'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\""
         r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
         r"|#[^\n]*")
# A comment line "# @params" marks where a query wants its VALUES row (inside
# a LIMIT subquery, so a parameter chooses the rows before the page is cut; in
# each branch of a UNION, which Oxigraph does not push a join into).
PARAMS_MARK = re.compile(r"^[ \t]*#[ \t]*@params\b.*$", re.M)
_TOKEN = re.compile(_SKIP + r"|(?P<where>\bWHERE\b)|(?P<form>\b(?:CONSTRUCT|DESCRIBE)\b)"
                    r"|(?P<brace>\{)", re.I | re.S)


def _bind_inline(text: str, terms: dict[str, Identifier]) -> str | None:
    """The query with its parameters as a one-row VALUES block opening the WHERE group.

    Oxigraph applies `substitutions` after planning, so its optimiser sees a
    bound parameter as unknown and may scan a whole predicate (100-200 ms at
    100k triples instead of 1 ms); a VALUES block it plans as a constant.
    The values are RDF terms written by rdflib's `n3()`, which escapes quotes,
    backslashes and newlines (IRIs were validated by `Param.to_term`), so a
    value can never become query syntax. Joining at the top of the WHERE
    group answers like a trailing VALUES clause because a canned query groups
    by, and never hides in an OPTIONAL, a parameter variable. A query with a
    `# @params` comment line gets the row there instead: inside a LIMIT
    subquery, where the parameter must choose rows before the page is cut.
    Returns None when no WHERE group is found (the caller then substitutes).
    """
    if any(not isinstance(t, (URIRef, Literal)) for t in terms.values()):
        return None
    names = " ".join("?" + k for k in terms)
    row = " ".join(v.n3() for v in terms.values())
    marks = list(PARAMS_MARK.finditer(text))
    if marks:  # the query says where (see PARAMS_MARK): every marked group gets the row
        for mark in reversed(marks):
            at = mark.end()
            text = f"{text[:at]}\n  VALUES ({names}) {{ ({row}) }}\n{text[at:]}"
        return text
    want_where = False
    for m in _TOKEN.finditer(text):
        if m.group("form"):
            want_where = True  # CONSTRUCT's first group is the template
        elif m.group("where"):
            want_where = False
        elif m.group("brace") and not want_where:
            at = m.end()
            return f"{text[:at]}\n  VALUES ({names}) {{ ({row}) }}\n{text[at:]}"
    return None


def _rdflib_result(res: Any, max_results: int | None, deadline: float | None) -> QueryResult:
    if res.type == "ASK":
        return QueryResult("ask", boolean=bool(res.askAnswer))
    if res.type == "SELECT":
        names = [str(v) for v in res.vars]
        rows, cut = _take(iter(res), max_results, deadline)
        return QueryResult("select", vars=names, rows=[tuple(r) for r in rows], truncated=cut)
    triples, cut = _take(iter(res.graph), max_results, deadline)
    return QueryResult("graph", triples=list(triples), truncated=cut)


def _run_rdflib(graph: Graph, text: str, terms: dict[str, Identifier],
                max_results: int | None, deadline: float | None) -> QueryResult:
    from rdflib.plugins.sparql import prepareQuery

    if type(graph.store).__name__ == "OxigraphStore":
        # oxrdflib hands the text to Oxigraph: same path as a native Store.
        return _run_oxigraph(graph.store._inner, text, terms, max_results, deadline)
    if terms and PARAMS_MARK.search(text):  # a VALUES row where the query marks it
        inline = _bind_inline(text, terms)
        if inline is not None:
            text, terms = inline, {}
    try:
        prepared = prepareQuery(text)
    except Exception as exc:  # pyparsing's ParseException, or plain errors for some bad queries
        raise QueryError(f"{type(exc).__name__}: {exc}") from exc
    if terms:
        _join_values(prepared.algebra, {Variable(k): v for k, v in terms.items()})
    if isinstance(graph, Dataset) and not graph.default_union:
        graph = Dataset(store=graph.store, default_union=True)
    res = graph.query(prepared)
    return _rdflib_result(res, max_results, deadline)


def _join_values(algebra: Any, row: dict[Variable, Identifier]) -> None:
    """Join one VALUES row into an rdflib query algebra where a trailing VALUES goes.

    SPARQL 1.1 §18.2.4: the trailing VALUES block is joined after grouping and
    HAVING, before ORDER BY and projection. rdflib's own `initBindings` would
    instead pre-bind the variable, which a `BIND(... AS ?v)` then overwrites.
    """
    from rdflib.plugins.sparql.algebra import Join, ToMultiSet, Values

    node = algebra
    while node.name in ("Slice", "Distinct", "Reduced"):
        node = node.p
    if node.name not in ("Project", "ConstructQuery", "AskQuery", "DescribeQuery",
                         "SelectQuery"):
        raise QueryError(f"cannot bind parameters into a {node.name} query")
    if node.name in ("SelectQuery", "ConstructQuery", "AskQuery", "DescribeQuery"):
        return _join_values(node.p, row) if node.name == "SelectQuery" else _join_at(node, row)
    parent = node
    while parent.p.name == "OrderBy":
        parent = parent.p
    parent.p = Join(parent.p, ToMultiSet(Values([row])))


def _join_at(node: Any, row: dict[Variable, Identifier]) -> None:
    from rdflib.plugins.sparql.algebra import Join, ToMultiSet, Values

    node.p = Join(node.p, ToMultiSet(Values([row])))


def _run_remote(endpoint: RemoteEndpoint, text: str, terms: dict[str, Identifier],
                max_results: int | None) -> QueryResult:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint.url, returnFormat="json", method="POST_FORM",
                        timeout=endpoint.timeout)
    inline = _bind_inline(text, terms) if terms else None
    if inline is not None:
        text, terms = inline, {}
    try:
        res = store.query(text, initNs={}, initBindings=terms or None,
                          queryGraph="__UNION__")
    except Exception as exc:
        raise QueryError(f"{endpoint.url}: {exc}") from exc
    return _rdflib_result(res, max_results, None)
