"""N-Quads lines for the rdflib terms newskg writes, without an rdflib store.

A build renders hundreds of thousands of triples; going through an rdflib
Dataset and its serializer cost more than making the triples. The output is
the same N-Quads rdflib writes (terms as in N-Triples, UTF-8, with `\\`, `"`,
newline and carriage return escaped in literals).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["term", "quad_lines"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^<{node.datatype}>"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"not an RDF term newskg writes: {node!r}")


def quad_lines(triples: Iterable[tuple[Node, Node, Node]], graph: URIRef) -> str:
    """One N-Quads line per triple, all in the named graph `graph`."""
    suffix = f" <{graph}> .\n"
    # Subjects and predicates repeat a lot within one graph: format each once.
    seen: dict[Node, str] = {}

    def iri(node: Node) -> str:
        text = seen.get(node)
        if text is None:
            text = seen[node] = term(node)
        return text

    return "".join(f"{iri(s)} {iri(p)} {term(o)}{suffix}" for s, p, o in triples)
