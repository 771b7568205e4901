"""Views over the plain graph dicts: filters, ego view, event view.

Every function takes a `GraphData` dict (see `viz.convert`) and returns a new
one; nothing here reads RDF or draws anything.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from graph.text import match_key, slugify, strip_tones
from viz.convert import GraphData

__all__ = [
    "EntityNotFoundError",
    "subgraph",
    "filter_data",
    "find_node",
    "ego_view",
    "event_view",
    "top_nodes",
]


class EntityNotFoundError(LookupError):
    """No node carries the label a view was asked to focus on."""


def _copy(item: dict[str, Any]) -> dict[str, Any]:
    """A node or edge record with its own lists and dicts (what a view may
    change: degree, evidence), sharing their immutable contents. A deep copy
    per record dominated the build's maps on large graphs."""
    out = {}
    for key, value in item.items():
        if isinstance(value, list):
            value = [dict(v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, dict):
            value = dict(value)
        out[key] = value
    return out


def subgraph(
    data: GraphData,
    keep_node: Callable[[dict[str, Any]], bool],
    keep_edge: Callable[[dict[str, Any]], bool] = lambda e: True,
) -> GraphData:
    """The nodes that pass `keep_node` and the edges between them that pass `keep_edge`."""
    nodes = {n["id"]: _copy(n) for n in data["nodes"] if keep_node(n)}
    edges = [
        _copy(e)
        for e in data["edges"]
        if e["source"] in nodes and e["target"] in nodes and keep_edge(e)
    ]
    for n in nodes.values():
        n["degree"] = 0
    for e in edges:
        nodes[e["source"]]["degree"] += 1
        nodes[e["target"]]["degree"] += 1
    out = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
    out["nodes"] = list(nodes.values())
    out["edges"] = edges
    return out


def filter_data(
    data: GraphData,
    *,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    article: str | None = None,
) -> GraphData:
    """Keep entity types; keep what articles in a date range (or one article) say.

    Dates are ISO strings (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) compared with the
    articles' publication date; an article without a date is dropped by a
    date filter. An edge stays when one of its sentences comes from a kept
    article (it keeps only those sentences), a node when a kept article
    mentions it or one of its kept edges links it.
    """
    type_set = {t.casefold() for t in types} if types else None
    article_set: set[str] | None = None
    if since or until or article:
        article_set = set()
        for doc_id, meta in data["articles"].items():
            if article and doc_id != article:
                continue
            date = meta.get("date")
            if (since or until) and not date:
                continue
            if since and date < since:
                continue
            if until and date[: len(until)] > until:
                continue
            article_set.add(doc_id)

    # Entities an article in the set mentions, or that a sentence from one links.
    said: set[str] = set()
    if article_set is not None:
        said = {n["id"] for n in data["nodes"] if article_set.intersection(n["articles"])}
        for e in data["edges"]:
            if any(ev["article"] in article_set for ev in e["evidence"]):
                said.update((e["source"], e["target"]))

    def keep_node(n: dict[str, Any]) -> bool:
        if type_set is not None and n["type"].casefold() not in type_set:
            return False
        return article_set is None or n["id"] in said

    def keep_edge(e: dict[str, Any]) -> bool:
        if article_set is None:
            return True
        kept = [ev for ev in e["evidence"] if ev["article"] in article_set]
        if e["evidence"] and not kept:
            return False
        e["evidence"] = kept
        return True

    out = subgraph(data, keep_node, keep_edge)
    if article_set is not None:
        out["articles"] = {k: v for k, v in data["articles"].items() if k in article_set}
    return out


def find_node(data: GraphData, label: str, *, type: str | None = None) -> dict[str, Any]:
    """The node named `label` (case- and tone-insensitive; labels, aliases or IRI).

    An exact `match_key` match wins, then one with tones ignored ("Ha Long"
    finds "Hạ Long"), then one with every accent ignored ("Nguyen Phuong
    Hoa"), then a prefix, then a substring; among equals the node
    with most connections wins.
    """
    key = match_key(label)
    candidates = [n for n in data["nodes"] if type is None or n["type"] == type]
    for n in candidates:
        if n["id"] == label:
            return n

    bare = match_key(strip_tones(label))
    ascii_key = slugify(label, 200)

    def keys(n: dict[str, Any]) -> list[str]:
        return [match_key(x) for x in [n["label"], *n.get("alt_labels", [])]]

    def bare_keys(n: dict[str, Any]) -> list[str]:
        return [match_key(strip_tones(x)) for x in [n["label"], *n.get("alt_labels", [])]]

    def ascii_keys(n: dict[str, Any]) -> list[str]:
        return [slugify(x, 200) for x in [n["label"], *n.get("alt_labels", [])]]

    for test, get in (
        (lambda k: k == key, keys),
        (lambda k: k == bare, bare_keys),
        (lambda k: k == ascii_key, ascii_keys),
        (lambda k: k.startswith(ascii_key), ascii_keys),
        (lambda k: ascii_key in k, ascii_keys),
    ):
        found = [n for n in candidates if any(test(k) for k in get(n))]
        if found:
            return max(found, key=lambda n: (n["degree"], -len(n["label"])))
    raise EntityNotFoundError(f"no entity named {label!r} in the graph")


def ego_view(data: GraphData, focus: str, depth: int = 1) -> GraphData:
    """The entity named `focus` and everything within `depth` hops of it."""
    centre = find_node(data, focus)
    neighbours: dict[str, set[str]] = {n["id"]: set() for n in data["nodes"]}
    for e in data["edges"]:
        neighbours[e["source"]].add(e["target"])
        neighbours[e["target"]].add(e["source"])
    dist = {centre["id"]: 0}
    queue = deque([centre["id"]])
    while queue:
        cur = queue.popleft()
        if dist[cur] >= depth:
            continue
        for nxt in sorted(neighbours[cur]):
            if nxt not in dist:
                dist[nxt] = dist[cur] + 1
                queue.append(nxt)
    out = subgraph(data, lambda n: n["id"] in dist)
    out["focus"] = centre["id"]
    out["title"] = f"{centre['label']} (depth {depth})"
    return out


def event_view(data: GraphData, event: str) -> GraphData:
    """An event with its participants, organisers, place and date."""
    centre = find_node(data, event, type="Event")
    ids = {centre["id"]}
    for e in data["edges"]:
        if centre["id"] in (e["source"], e["target"]):
            ids.update((e["source"], e["target"]))
    out = subgraph(
        data, lambda n: n["id"] in ids, lambda e: centre["id"] in (e["source"], e["target"])
    )
    if centre.get("date"):
        date_id = f"date:{centre['date']}"
        out["nodes"].append(
            {
                "id": date_id,
                "label": _show_date(centre["date"]),
                "type": "Date",
                "alt_labels": [],
                "honorifics": [],
                "roles": [],
                "wikidata": None,
                "articles": list(centre["articles"]),
                "date": centre["date"],
                "degree": 1,
            }
        )
        out["edges"].append(
            {
                "id": "edate",
                "source": centre["id"],
                "target": date_id,
                "kind": "date",
                "label": "",
                "qualifiers": {},
                "evidence": [],
            }
        )
        for n in out["nodes"]:
            if n["id"] == centre["id"]:
                n["degree"] += 1
    out["focus"] = centre["id"]
    out["title"] = centre["label"]
    return out


def _show_date(value: str) -> str:
    """"--08-09" -> "09/08", "2019-01-17" -> "17/01/2019" (Vietnamese day/month order)."""
    if value.startswith("--"):
        month, day = value[2:].split("-")[:2]
        return f"{day}/{month}"
    parts = value.split("-")
    return "/".join(reversed(parts))


def top_nodes(data: GraphData, n: int = 10, types: Iterable[str] | None = None) -> list[dict]:
    """The `n` most connected nodes (ties broken by label), optionally of some types."""
    allowed = set(types) if types else None
    pool = [x for x in data["nodes"] if allowed is None or x["type"] in allowed]
    return sorted(pool, key=lambda x: (-x["degree"], x["label"]))[:n]
