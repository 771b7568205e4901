"""Check a built graph against the SHACL shapes of `ontology/shapes.ttl`.

The shapes describe the union of all named graphs (entities repeat across
article graphs), so a Dataset is flattened into one Graph before checking.
No inference and no ontology mixing: the shapes name concrete classes, and
skipping RDFS closure keeps pyshacl from cloning and expanding the data graph.

    python -m graph.validate out/graph.trig      # prints the report, exit 1 if invalid
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.graph import ConjunctiveGraph, Dataset
from rdflib.term import Node

from graph.vocab import ID
from ontology import cached_shapes

__all__ = [
    "Violation",
    "ValidationReport",
    "GraphValidationError",
    "union_graph",
    "validate",
    "ensure_valid",
    "CROSS_ARTICLE_SHAPES",
    "validate_cross_article",
    "merge_reports",
]

SH = Namespace("http://www.w3.org/ns/shacl#")
_SHOWN_VIOLATIONS = 20


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: which node broke which constraint, and how."""

    focus: str  # shortened for people (id:person/…); focus_node is the term itself
    path: str | None
    value: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    source_shape: str | None = None
    focus_node: Node | None = None

    def describe(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value is not None else ""
        return f"[{self.severity}] {self.focus}{where}: {self.message}{value}"


@dataclass(slots=True)
class ValidationReport:
    conforms: bool
    violation_count: int  # results of severity sh:Violation
    results: list[Violation] = field(default_factory=list)  # every result, all severities
    triples: int = 0
    seconds: float = 0.0

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def text(self) -> str:
        if self.conforms and not self.results:
            return f"graph conforms to the newskg shapes ({self.triples} triples checked)"
        head = (
            f"graph does NOT conform to the newskg shapes: {self.violation_count} violation(s)"
            if not self.conforms
            else f"graph conforms, with {len(self.results)} warning(s)"
        )
        shown = sorted(self.results, key=lambda r: (r.severity != "Violation", r.focus))
        lines = [head, *(f"  {r.describe()}" for r in shown[:_SHOWN_VIOLATIONS])]
        if len(shown) > _SHOWN_VIOLATIONS:
            lines.append(f"  … and {len(shown) - _SHOWN_VIOLATIONS} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text


class GraphValidationError(Exception):
    """The graph breaks its own shapes; the message is the report text."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report.text)
        self.report = report


def union_graph(graph: Graph | Iterable[Graph]) -> Graph:
    """One Graph holding every triple of every named graph (and the default graph)."""
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        union = Graph()
        for s, p, o, _ctx in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(graph, Graph):
        return graph
    union = Graph()
    for part in graph:
        for triple in part:
            union.add(triple)
    return union


def _short(node: Node | None, graph: Graph) -> str | None:
    """`id:person/x-1` rather than the full IRI (rdflib's qnames refuse a '/' in the local part)."""
    if node is None:
        return None
    if isinstance(node, Literal):
        return node.n3(graph.namespace_manager)
    if isinstance(node, URIRef):
        text = str(node)
        best = max(
            ((p, str(ns)) for p, ns in graph.namespaces() if p and text.startswith(str(ns))),
            key=lambda pair: len(pair[1]),
            default=None,
        )
        if best is not None and len(text) > len(best[1]):
            return f"{best[0]}:{text[len(best[1]) :]}"
    return node.n3()


def _results(report_graph: Graph, data: Graph, shapes: Graph) -> list[Violation]:
    # Show IRIs with the prefixes of the data (id:, nkg:) and of the shapes (nkgsh:).
    for source in (shapes, data):
        for prefix, namespace in source.namespaces():
            report_graph.bind(prefix, namespace, override=True, replace=True)
    report_graph.bind("id", ID, override=True, replace=True)
    out = []
    # Only top-level results: nested sh:detail results of sh:node repeat them.
    top_level = (
        result
        for report in report_graph.subjects(RDF.type, SH.ValidationReport)
        for result in report_graph.objects(report, SH.result)
    )
    for result in top_level:
        severity = report_graph.value(result, SH.resultSeverity)
        message = report_graph.value(result, SH.resultMessage)
        out.append(
            Violation(
                focus=_short(report_graph.value(result, SH.focusNode), report_graph) or "?",
                path=_short(report_graph.value(result, SH.resultPath), report_graph),
                value=_short(report_graph.value(result, SH.value), report_graph),
                message=str(message) if message is not None else "constraint not met",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                source_shape=_short(report_graph.value(result, SH.sourceShape), report_graph),
                focus_node=report_graph.value(result, SH.focusNode),
            )
        )
    return out


def validate(graph: Graph | Iterable[Graph], *, use_shapes: list[URIRef] | None = None) -> ValidationReport:
    """Validate a Dataset (union of its named graphs) or a Graph against the
    shapes (all of them, or only `use_shapes`)."""
    started = time.perf_counter()
    data = union_graph(graph)
    shapes = cached_shapes()
    _conforms, report_graph, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        use_shapes=use_shapes,
    )
    results = _results(report_graph, data, shapes)
    violation_count = sum(1 for r in results if r.severity == "Violation")
    return ValidationReport(
        conforms=violation_count == 0,
        violation_count=violation_count,
        results=results,
        triples=len(data),
        seconds=time.perf_counter() - started,
    )


def ensure_valid(graph: Graph | Iterable[Graph]) -> ValidationReport:
    """Validate and raise GraphValidationError (with the report text) if invalid."""
    report = validate(graph)
    if not report.conforms:
        raise GraphValidationError(report)
    return report


# The shapes whose targets live in the graphs that span articles (`links`,
# `wikidata`). Article graphs are checked page by page where they are rendered
# (graph.pages); these graphs are checked once per build, alone, with only
# these shapes: the linked entities they point at are typed in the article
# graphs, so their type triples come along (`entity_types`), but their other
# properties were already checked with their pages. A new shape that targets
# nodes of the links or wikidata graphs must be listed here.
NKGSH = Namespace("https://w3id.org/newskg/shapes#")
CROSS_ARTICLE_SHAPES = [NKGSH.WikidataLinkShape, NKGSH.ExactMatchShape]


def validate_cross_article(graphs: Graph, entity_types: Iterable[tuple[Node, Node]]) -> ValidationReport:
    """Check the links/wikidata graphs; `entity_types` are (entity, class) pairs
    of the linked entities, as the article graphs declare them."""
    data = Graph()
    for triple in union_graph(graphs):
        data.add(triple)
    for node, cls in entity_types:
        data.add((node, RDF.type, cls))
    return validate(data, use_shapes=list(CROSS_ARTICLE_SHAPES))


def merge_reports(reports: Iterable[ValidationReport]) -> ValidationReport:
    """One report for a build checked in parts (pages, then the cross-article graphs)."""
    merged = ValidationReport(conforms=True, violation_count=0)
    for report in reports:
        merged.conforms = merged.conforms and report.conforms
        merged.violation_count += report.violation_count
        merged.results.extend(report.results)
        merged.triples += report.triples
        merged.seconds += report.seconds
    return merged


def _load(path: Path) -> Dataset:
    fmt = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt"}.get(path.suffix)
    dataset = Dataset(default_union=True)
    if fmt in ("turtle", "nt"):
        dataset.graph().parse(path, format=fmt)  # a plain graph file lands in a fresh context
    else:
        dataset.parse(path, format=fmt or "trig")
    return dataset


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m graph.validate GRAPH_FILE [GRAPH_FILE…]", file=sys.stderr)
        return 2
    ok = True
    for name in args:
        report = validate(_load(Path(name)))
        print(f"{name}: {report.text}\n  ({report.triples} triples, {report.seconds:.2f} s)")
        ok = ok and report.conforms
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
