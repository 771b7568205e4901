"""Whole-graph statistics written at build time: VoID class partitions.

`counts_by_type` asks how many resources of each class the graph holds. Live,
that is an aggregate over every rdf:type triple (187 ms at 10,000 articles,
and it grows with the graph); the build already gathers the typed subjects of
every class as it streams graph.nq (`graph.pipeline.GraphStats.typed`), so it
writes the counts once, as VoID class partitions, into their own named graph:

    # named graph <https://w3id.org/newskg/graph/stats>
    id:dataset void:classPartition id:dataset/class/Person-3f2a9c01 .
    id:dataset/class/Person-3f2a9c01 void:class nkg:Person ;
                                     void:entities 1184 .

`void:entities` is the number of distinct subjects typed with `void:class`,
what `SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type`
answers on the merged default graph (tested). The stats graph types nothing
itself (no rdf:type triple), so it does not change the counts it states.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from graph.vocab import GRAPH, ID, NKG

__all__ = [
    "STATS_GRAPH", "DATASET", "VOID", "class_partitions_nquads", "mention_counts_nquads", "write_class_partitions",
]

STATS_GRAPH = GRAPH["stats"]
DATASET = ID["dataset"]
VOID = "http://rdfs.org/ns/void#"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _partition_iri(cls: str) -> str:
    local = re.sub(r"[^A-Za-z0-9]+", "-", re.split(r"[#/]", cls.rstrip("#/"))[-1]).strip("-")
    return f"{DATASET}/class/{local or 'class'}-{hashlib.sha1(cls.encode()).hexdigest()[:8]}"


def class_partitions_nquads(typed: Mapping[str, Iterable[object]]) -> str:
    """N-Quads of the stats graph: one VoID class partition per class.

    Args:
        typed: class IRI -> the distinct subjects typed with it (a set, or
            anything with a length), as `GraphStats.typed` gathers them.
    """
    g = f"<{STATS_GRAPH}>"
    lines = []
    for cls in sorted(typed):
        subjects = typed[cls]
        count = len(subjects) if hasattr(subjects, "__len__") else sum(1 for _ in subjects)
        part = f"<{_partition_iri(cls)}>"
        lines += [
            f"<{DATASET}> <{VOID}classPartition> {part} {g} .",
            f"{part} <{VOID}class> <{cls}> {g} .",
            f'{part} <{VOID}entities> "{count}"^^<{_XSD_INTEGER}> {g} .',
        ]
    return "".join(line + "\n" for line in lines)


def mention_counts_nquads(mentions: Mapping[str, int]) -> str:
    """N-Quads of `<entity> nkg:mentionCount n` in the stats graph: the number
    of articles each entity is `nkg:mentionedIn`, which queries that rank
    entities read instead of counting mentions over the whole graph.

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


def write_class_partitions(stats: object, write: object) -> None:
    """Write the stats graph of a build (`graph.pipeline.build`, last in graph.nq).

    Args:
        stats: the build's `GraphStats`, after every other graph was added;
            the stats quads are added to it too, so its triple count stays
            that of graph.nq.
        write: the graph.nq writer.
    """
    nquads = class_partitions_nquads(stats.typed)  # type: ignore[attr-defined]
    nquads += mention_counts_nquads(getattr(stats, "mentions", {}))
    stats.add(nquads)  # type: ignore[attr-defined]
    write(nquads)  # type: ignore[operator]
