"""A fast check of one page's graphs against ontology/shapes.ttl.

pyshacl spends ~0.1 s of CPU per page (about 0.3 ms per triple), which made
validation the largest stage of a build (see bench/NOTES.md). The shapes use
a small part of SHACL Core: simple predicate paths and the components listed
in `_SUPPORTED`. This module compiles those shapes once into plain Python
checks over dictionaries, and answers one question: does this graph conform?

It is a gate, not the reporter: when it finds a violation, the caller runs
pyshacl on the same graph for the report people read. If the shapes ever use
something outside `_SUPPORTED`, `compile_shapes` raises `Unsupported` and the
caller uses pyshacl for everything. tests/test_scale_shapecheck.py checks it
against pyshacl on a valid graph, on every broken graph of
tests/test_ontology_shapes.py, and on generated pages.

Semantics follow SHACL Core for these components, without inference (the
build validates with inference="none"): sh:class is an exact rdf:type match
(the data holds no rdfs:subClassOf triples).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

__all__ = ["Unsupported", "compile_shapes", "conforms", "checker"]

SH = Namespace("http://www.w3.org/ns/shacl#")
_RDF_LANGSTRING = RDF.langString

# Shape-level terms we read; anything else in a shape's description is refused.
_TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
_DESCRIPTIVE = {SH.message, SH.name, SH.description, SH.order, SH.group, RDF.type,
                URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
                URIRef("http://www.w3.org/2000/01/rdf-schema#label")}
_SUPPORTED = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.pattern,
    SH.minLength, SH.maxLength, SH["in"], SH.minInclusive, SH.maxInclusive,
    SH.minExclusive, SH.maxExclusive, SH.lessThanOrEquals, SH["or"], SH.node,
    SH.property, SH.path, SH.severity,
}


class Unsupported(Exception):
    """The shapes use a SHACL feature this checker does not implement."""


class _Data:
    """A graph as dictionaries: subject -> predicate -> set of objects."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.out: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        self.by_type: dict[Node, set[Node]] = defaultdict(set)
        self.by_predicate: dict[Node, set[Node]] = defaultdict(set)  # predicate -> subjects
        self.objects_of: dict[Node, set[Node]] = defaultdict(set)  # predicate -> objects
        for s, p, o in triples:
            self.out[s][p].add(o)
            self.by_predicate[p].add(s)
            self.objects_of[p].add(o)
            if p == RDF.type:
                self.by_type[o].add(s)

    def values(self, node: Node, predicate: Node) -> set[Node]:
        found = self.out.get(node)
        return found.get(predicate, set()) if found else set()

    def types(self, node: Node) -> set[Node]:
        return self.values(node, RDF.type)


Check = Callable[[_Data, Node], bool]  # (data, focus node) -> conforms


def _number(value: Node) -> Any:
    if not isinstance(value, Literal) or value.ill_typed:
        raise TypeError
    return value.toPython()


def _compare(value: Node, bound: Literal, op: Callable[[Any, Any], bool]) -> bool:
    try:
        return bool(op(_number(value), bound.toPython()))
    except TypeError:
        return False


def _datatype_ok(value: Node, datatype: Node) -> bool:
    if not isinstance(value, Literal):
        return False
    if value.language is not None:
        return datatype == _RDF_LANGSTRING
    actual = value.datatype or XSD.string
    return actual == datatype and not value.ill_typed


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.node_checks: dict[Node, Check] = {}

    def objects(self, node: Node, predicate: Node) -> list[Node]:
        return list(self.g.objects(node, predicate))

    def one(self, node: Node, predicate: Node) -> Node | None:
        values = self.objects(node, predicate)
        if len(values) > 1:
            raise Unsupported(f"{node} has {len(values)} values of {predicate}")
        return values[0] if values else None

    def refuse_unknown(self, shape: Node) -> None:
        for predicate in set(self.g.predicates(shape, None)):
            if predicate not in _SUPPORTED | _TARGETS | _DESCRIPTIVE:
                raise Unsupported(f"{predicate} (in {shape})")
        severity = self.one(shape, SH.severity)
        if severity is not None and severity != SH.Violation:
            raise Unsupported(f"severity {severity} (in {shape})")
        if self.one(shape, SH.deactivated) is not None:
            raise Unsupported(f"sh:deactivated (in {shape})")

    def value_checks(self, shape: Node) -> list[Callable[[_Data, Node], bool]]:
        """Checks that apply to each value node (of a property, or the focus itself)."""
        checks: list[Callable[[_Data, Node], bool]] = []
        g = self.g
        for cls in self.objects(shape, SH["class"]):
            checks.append(lambda d, v, cls=cls: cls in d.types(v))
        for datatype in self.objects(shape, SH.datatype):
            checks.append(lambda d, v, dt=datatype: _datatype_ok(v, dt))
        for kind in self.objects(shape, SH.nodeKind):
            if kind == SH.IRI:
                checks.append(lambda d, v: isinstance(v, URIRef))
            elif kind == SH.Literal:
                checks.append(lambda d, v: isinstance(v, Literal))
            elif kind == SH.BlankNode:
                checks.append(lambda d, v: isinstance(v, BNode))
            else:
                raise Unsupported(f"sh:nodeKind {kind}")
        for pattern in self.objects(shape, SH.pattern):
            if self.one(shape, SH.flags) is not None:
                raise Unsupported("sh:flags")
            regex = re.compile(str(pattern))
            checks.append(lambda d, v, r=regex: not isinstance(v, BNode) and r.search(str(v)) is not None)
        for length in self.objects(shape, SH.minLength):
            n = int(length)
            checks.append(lambda d, v, n=n: not isinstance(v, BNode) and len(str(v)) >= n)
        for length in self.objects(shape, SH.maxLength):
            n = int(length)
            checks.append(lambda d, v, n=n: not isinstance(v, BNode) and len(str(v)) <= n)
        for members in self.objects(shape, SH["in"]):
            allowed = set(Collection(g, members))
            checks.append(lambda d, v, allowed=allowed: v in allowed)
        for bound in self.objects(shape, SH.minInclusive):
            checks.append(lambda d, v, b=bound: _compare(v, b, lambda x, y: x >= y))
        for bound in self.objects(shape, SH.maxInclusive):
            checks.append(lambda d, v, b=bound: _compare(v, b, lambda x, y: x <= y))
        for bound in self.objects(shape, SH.minExclusive):
            checks.append(lambda d, v, b=bound: _compare(v, b, lambda x, y: x > y))
        for bound in self.objects(shape, SH.maxExclusive):
            checks.append(lambda d, v, b=bound: _compare(v, b, lambda x, y: x < y))
        for alternatives in self.objects(shape, SH["or"]):
            options = [self.node_shape(member) for member in Collection(g, alternatives)]
            checks.append(lambda d, v, options=options: any(option(d, v) for option in options))
        for other in self.objects(shape, SH.node):
            self.node_shape(other)
            # Looked up when checking: a shape may refer to one still being compiled.
            checks.append(lambda d, v, other=other: self.node_checks[other](d, v))
        return checks

    def node_shape(self, shape: Node) -> Check:
        """Everything a node must meet to conform to `shape` (targets aside)."""
        if shape in self.node_checks:
            return self.node_checks[shape]
        # Placeholder first: sh:node may refer back to a shape being compiled.
        self.node_checks[shape] = lambda d, v: True
        self.refuse_unknown(shape)
        if self.one(shape, SH.path) is not None:
            raise Unsupported(f"property shape {shape} used as a node shape")
        own = self.value_checks(shape)
        for bad in (SH.minCount, SH.maxCount, SH.lessThanOrEquals):
            if self.objects(shape, bad):
                raise Unsupported(f"{bad} on node shape {shape}")
        properties = [self.property_shape(p) for p in self.objects(shape, SH.property)]

        def check(d: _Data, v: Node) -> bool:
            return all(c(d, v) for c in own) and all(p(d, v) for p in properties)

        self.node_checks[shape] = check
        return check

    def property_shape(self, shape: Node) -> Check:
        self.refuse_unknown(shape)
        path = self.one(shape, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported(f"path {path!r} (only predicate paths) in {shape}")
        if self.objects(shape, SH.property):
            raise Unsupported(f"nested sh:property in {shape}")
        min_count = self.one(shape, SH.minCount)
        max_count = self.one(shape, SH.maxCount)
        low = int(min_count) if min_count is not None else None
        high = int(max_count) if max_count is not None else None
        others = self.objects(shape, SH.lessThanOrEquals)
        each = self.value_checks(shape)

        def check(d: _Data, focus: Node) -> bool:
            values = d.values(focus, path)
            if low is not None and len(values) < low:
                return False
            if high is not None and len(values) > high:
                return False
            for value in values:
                if not all(c(d, value) for c in each):
                    return False
                for other in others:
                    for bound in d.values(focus, other):
                        if not isinstance(bound, Literal) or not _compare(value, bound, lambda x, y: x <= y):
                            return False
            return True

        return check


class _Shapes:
    def __init__(self, targeted: list[tuple[list[tuple[Node, Node]], Check]]) -> None:
        self.targeted = targeted

    def conforms(self, data: _Data) -> bool:
        for targets, check in self.targeted:
            for kind, term in targets:
                if kind == SH.targetClass:
                    focus = data.by_type.get(term, ())
                elif kind == SH.targetSubjectsOf:
                    focus = data.by_predicate.get(term, ())
                elif kind == SH.targetObjectsOf:
                    focus = data.objects_of.get(term, ())
                else:  # targetNode
                    focus = (term,)
                for node in focus:
                    if not check(data, node):
                        return False
        return True


def compile_shapes(shapes: Graph) -> _Shapes:
    compiler = _Compiler(shapes)
    targeted = []
    shape_nodes = set()
    for target in _TARGETS:
        shape_nodes.update(shapes.subjects(target, None))
    # Implicit class targets (a shape that is also an rdfs:Class) are not used.
    for shape in sorted(shape_nodes, key=str):
        targets = [(kind, term) for kind in _TARGETS for term in shapes.objects(shape, kind)]
        targeted.append((targets, compiler.node_shape(shape)))
    return _Shapes(targeted)


@lru_cache(maxsize=1)
def checker() -> _Shapes | None:
    """The compiled shapes of the ontology, or None if they need pyshacl."""
    from ontology import cached_shapes

    try:
        return compile_shapes(cached_shapes())
    except Unsupported:
        return None


def conforms(triples: Iterable[tuple[Node, Node, Node]]) -> bool | None:
    """True/False for the union of `triples`; None if only pyshacl can tell."""
    shapes = checker()
    if shapes is None:
        return None
    return shapes.conforms(_Data(triples))
