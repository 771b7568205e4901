"""The newskg ontology (OWL, Turtle) and the SHACL shapes of a valid graph.

`ONTOLOGY_TTL` defines every `nkg:` term (`graph.vocab.NKG` names them for
Python code); `SHAPES_TTL` states what a valid newskg graph is and is what
`graph.validate` checks. Both ship as package data.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

__all__ = ["ONTOLOGY_DIR", "ONTOLOGY_TTL", "SHAPES_TTL", "load_ontology", "load_shapes"]

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_TTL = ONTOLOGY_DIR / "newskg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"


def _parse(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def load_ontology() -> Graph:
    """A fresh graph holding the ontology (callers may add to it)."""
    return _parse(ONTOLOGY_TTL)


def load_shapes() -> Graph:
    """A fresh graph holding the SHACL shapes."""
    return _parse(SHAPES_TTL)


@lru_cache(maxsize=1)
def cached_shapes() -> Graph:
    """The shapes parsed once per process; treat as read-only."""
    return _parse(SHAPES_TTL)
