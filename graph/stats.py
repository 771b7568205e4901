"""Counts by type and distinct triples of the written graph, gathered per page.

The build does not keep the graph to query it afterwards, so the counts the
build summary prints are gathered from the N-Quads as they are written. Each
page's share (`stats_part`: a 64-bit digest per triple, the typed subjects) is
computed where the page is rendered and cached with it, so a rebuild merges
cached shares instead of re-reading every line of every page.

Distinct triples (the same triple in two article graphs counts once, as
`len()` of a union Dataset does) are counted by those digests: 8 bytes per
quad rather than the quads. The digest is BLAKE2b, not `hash()`: string
hashes change from one process to the next, and the parts outlive a build.
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from array import array
from typing import Any

__all__ = ["GraphStats", "stats_part"]

_TYPE = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


def stats_part(nquads: str) -> bytes:
    """One page's share of the counts: its triple digests and typed subjects."""
    digests = bytearray()
    typed: dict[str, list[str]] = {}
    blake2b = hashlib.blake2b
    for line in nquads.splitlines():
        if not line or line.startswith("#"):
            continue
        triple = line.rsplit(" ", 2)[0]  # drop " <graph> ." (IRIs hold no spaces)
        digests += blake2b(triple.encode("utf-8"), digest_size=8).digest()
        if _TYPE in triple:
            subject, _, cls = triple.partition(_TYPE)
            typed.setdefault(cls.strip()[1:-1], []).append(subject)
    return zlib.compress(marshal.dumps((bytes(digests), typed)), 1)


class GraphStats:
    """The counts of a graph written in parts (`add_part`) or N-Quads text (`add`)."""

    def __init__(self, classes: dict[str, Any]) -> None:
        self.classes = classes  # summary name -> class IRI
        self.digests = array("q")
        self.typed: dict[str, set[str]] = {}

    def add(self, nquads: str) -> None:
        self.add_part(stats_part(nquads))

    def add_part(self, part: bytes) -> None:
        digests, typed = marshal.loads(zlib.decompress(part))
        self.digests.frombytes(digests)
        for cls, subjects in typed.items():
            self.typed.setdefault(cls, set()).update(subjects)

    def counts(self) -> dict[str, int]:
        import numpy

        counts = {name: len(self.typed.get(str(iri), ())) for name, iri in self.classes.items()}
        counts["triples"] = int(numpy.unique(numpy.frombuffer(self.digests, dtype=numpy.int64)).size)
        return counts

