"""Statistics of the written graph: gathered per page, some written back into it.

The build does not keep the graph to query it afterwards, so what it counts
is gathered from the N-Quads as they are written. Each page's share
(`stats_part`) is computed where the page is rendered and cached with it, so
a rebuild merges cached shares instead of re-reading every line of every
page. A share holds:

- a 64-bit digest per triple: distinct triples (the same triple in two
  article graphs counts once, as `len()` of a union Dataset does) are counted
  by them, 8 bytes per quad rather than the quads;
- a 64-bit digest per typed subject, by class: distinct resources per class;
- the number of articles each entity is `nkg:mentionedIn` on the page (each
  such triple lives in its article's graph only, so shares add up).

The digests are BLAKE2b, not `hash()`: string hashes change from one process
to the next, and the parts outlive a build.

Two of these are written back, into the named graph
<https://w3id.org/newskg/graph/stats> (`statistics_nquads`), for the queries
that would otherwise aggregate over the whole graph:

    id:dataset void:classPartition id:dataset/class/Person-3f2a9c01 .
    id:dataset/class/Person-3f2a9c01 void:class nkg:Person ;
                                     void:entities 1184 .
    id:person/nguyen-phuong-hoa-… nkg:mentionCount 12 .

`void:entities` is the number of distinct subjects typed with `void:class`
(what `counts_by_type` answers); `nkg:mentionCount` the number of articles
mentioning an entity (what `unlinked_entities` ranks by). Tests keep both
equal to the live aggregates. The stats graph types nothing itself.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import zlib
from array import array
from collections.abc import Mapping, Sized
from typing import Any

from graph.vocab import GRAPH, ID, NKG

__all__ = [
    "GraphStats",
    "stats_part",
    "STATS_GRAPH",
    "DATASET",
    "VOID",
    "class_partitions_nquads",
    "mention_counts_nquads",
    "statistics_nquads",
]

STATS_GRAPH = GRAPH["stats"]
DATASET = ID["dataset"]
VOID = "http://rdfs.org/ns/void#"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_TYPE = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
_MENTIONED_IN = f" <{NKG.mentionedIn}> "
# Bump when the layout of a part changes (parts are cached with a build's pages).
PART_FORMAT = 2


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


def stats_part(nquads: str) -> bytes:
    """One page's share of the statistics (see the module docstring)."""
    digests = bytearray()
    typed: dict[str, bytearray] = {}
    mentions: dict[str, int] = {}
    for line in nquads.splitlines():
        if not line or line.startswith("#"):
            continue
        triple = line.rsplit(" ", 2)[0]  # drop " <graph> ." (IRIs hold no spaces)
        digests += _digest(triple)
        if _TYPE in triple:
            subject, _, cls = triple.partition(_TYPE)
            typed.setdefault(cls.strip()[1:-1], bytearray()).extend(_digest(subject))
        elif _MENTIONED_IN in triple:
            subject = triple.partition(_MENTIONED_IN)[0][1:-1]
            mentions[subject] = mentions.get(subject, 0) + 1
    typed_bytes = {cls: bytes(subjects) for cls, subjects in typed.items()}
    return zlib.compress(marshal.dumps((PART_FORMAT, bytes(digests), typed_bytes, mentions)), 1)


class GraphStats:
    """The statistics of a graph written in parts (`add_part`) or N-Quads text (`add`).

    Subjects are kept as 8-byte digests, not IRIs: at 50,000 articles the
    typed subjects (evidence, statements, …) are millions."""

    def __init__(self, classes: dict[str, Any]) -> None:
        self.classes = classes  # summary name -> class IRI
        self.digests = array("q")
        self.typed: dict[str, array] = {}  # class IRI -> subject digests (repeats included)
        self.mentions: dict[str, int] = {}  # entity IRI -> articles mentioning it

    def add(self, nquads: str) -> None:
        self.add_part(stats_part(nquads))

    def add_part(self, part: bytes) -> None:
        version, digests, typed, mentions = marshal.loads(zlib.decompress(part))
        if version != PART_FORMAT:
            raise ValueError(f"stats part of format {version}, expected {PART_FORMAT}")
        self.digests.frombytes(digests)
        for cls, subjects in typed.items():
            self.typed.setdefault(cls, array("q")).frombytes(subjects)
        for entity, count in mentions.items():
            self.mentions[entity] = self.mentions.get(entity, 0) + count

    def class_counts(self) -> dict[str, int]:
        """Class IRI -> distinct subjects typed with it."""
        return {cls: _distinct(subjects) for cls, subjects in self.typed.items()}

    def counts(self) -> dict[str, int]:
        by_class = self.class_counts()
        counts = {name: by_class.get(str(iri), 0) for name, iri in self.classes.items()}
        counts["triples"] = _distinct(self.digests)
        return counts


def _distinct(digests: array) -> int:
    """How many different values `digests` holds (which it leaves sorted).
    Sorted in place and compared with the next one: numpy.unique (hash-based
    in numpy 2.4) took ~15x longer on the millions of digests of a large
    build, and a sorted copy was another 190 MB at 50,000 articles."""
    import numpy

    values = numpy.frombuffer(digests, dtype=numpy.int64)
    values.sort()
    return int(values.size and 1 + numpy.count_nonzero(values[1:] != values[:-1]))


def _partition_iri(cls: str) -> str:
    local = re.sub(r"[^A-Za-z0-9]+", "-", re.split(r"[#/]", cls.rstrip("#/"))[-1]).strip("-")
    return f"{DATASET}/class/{local or 'class'}-{hashlib.sha1(cls.encode()).hexdigest()[:8]}"


def class_partitions_nquads(typed: Mapping[str, int | Sized]) -> str:
    """N-Quads of the stats graph's VoID class partitions, one per class.

    Args:
        typed: class IRI -> how many distinct subjects it types (a number,
            or a collection of them).
    """
    g = f"<{STATS_GRAPH}>"
    lines = []
    for cls in sorted(typed):
        subjects = typed[cls]
        count = subjects if isinstance(subjects, int) else len(subjects)
        part = f"<{_partition_iri(cls)}>"
        lines += [
            f"<{DATASET}> <{VOID}classPartition> {part} {g} .",
            f"{part} <{VOID}class> <{cls}> {g} .",
            f'{part} <{VOID}entities> "{count}"^^<{_XSD_INTEGER}> {g} .',
        ]
    return "".join(line + "\n" for line in lines)


def mention_counts_nquads(mentions: Mapping[str, int]) -> str:
    """N-Quads of `<entity> nkg:mentionCount n` in the stats graph.

    Args:
        mentions: entity IRI -> number of distinct articles mentioning it.
    """
    g = f"<{STATS_GRAPH}>"
    predicate = f"<{NKG.mentionCount}>"
    return "".join(
        f'<{entity}> {predicate} "{count}"^^<{_XSD_INTEGER}> {g} .\n'
        for entity, count in sorted(mentions.items())
        if count > 0
    )


def statistics_nquads(stats: GraphStats) -> str:
    """The stats graph of a build, from its `GraphStats` once every other
    graph was added (`graph.pipeline.build` writes it last)."""
    return class_partitions_nquads(stats.class_counts()) + mention_counts_nquads(stats.mentions)
