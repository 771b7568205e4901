"""Graph analytics with networkx over the plain graph dicts of `viz.convert`.

- `to_networkx`: a directed multigraph with the node and edge attributes;
- `centrality`: the most central people and organisations (betweenness, degree);
- `communities`: Louvain communities (greedy modularity as a fallback);
- `components`: connected components, largest first;
- `explain_path`: the shortest chain between two entities, each hop with the
  sentence(s) and article it was read from;
- `export`: GraphML or GEXF for Gephi (list attributes flattened to text).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from viz.convert import EDGE_KINDS, GraphData
from viz.views import find_node

__all__ = [
    "to_networkx",
    "centrality",
    "communities",
    "components",
    "explain_path",
    "export",
    "EXPORT_FORMATS",
]

EXPORT_FORMATS = ("graphml", "gexf")
_BETWEENNESS_SAMPLE = 500  # exact betweenness up to this many nodes, sampled above


def to_networkx(data: GraphData) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in data["nodes"]:
        g.add_node(n["id"], **{k: v for k, v in n.items() if k != "id"})
    for e in data["edges"]:
        g.add_edge(e["source"], e["target"], key=e["id"],
                   **{k: v for k, v in e.items() if k not in ("source", "target")})
    return g


def _simple(data: GraphData) -> nx.Graph:
    """Undirected simple graph: what 'connected' means for people reading a map."""
    g = nx.Graph()
    for n in data["nodes"]:
        g.add_node(n["id"], label=n["label"], type=n["type"])
    for e in data["edges"]:
        g.add_edge(e["source"], e["target"])
    return g


def centrality(
    data: GraphData, top: int = 10, types: tuple[str, ...] = ("Person", "Organisation")
) -> dict[str, list[dict[str, Any]]]:
    """Per type, the `top` nodes by betweenness (ties broken by degree, then label)."""
    g = _simple(data)
    if g.number_of_nodes() == 0:
        return {t: [] for t in types}
    k = None if g.number_of_nodes() <= _BETWEENNESS_SAMPLE else _BETWEENNESS_SAMPLE
    between = nx.betweenness_centrality(g, k=k, seed=0)
    out: dict[str, list[dict[str, Any]]] = {}
    for t in types:
        rows = [
            {"id": n, "label": a["label"], "type": t, "betweenness": between[n],
             "degree": g.degree(n)}
            for n, a in g.nodes(data=True)
            if a["type"] == t
        ]
        rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["label"]))
        out[t] = rows[:top]
    return out


def communities(data: GraphData, *, seed: int = 0) -> list[list[dict[str, Any]]]:
    """Communities of the undirected graph, largest first; members by degree."""
    g = _simple(data)
    if g.number_of_edges() == 0:
        groups = [{n} for n in g.nodes]
    else:
        try:
            groups = nx.community.louvain_communities(g, seed=seed)
        except AttributeError:  # pragma: no cover - networkx without louvain
            groups = nx.community.greedy_modularity_communities(g)
    out = []
    for group in groups:
        members = [
            {"id": n, "label": g.nodes[n]["label"], "type": g.nodes[n]["type"],
             "degree": g.degree(n)}
            for n in group
        ]
        members.sort(key=lambda m: (-m["degree"], m["label"]))
        out.append(members)
    out.sort(key=lambda ms: (-len(ms), ms[0]["label"] if ms else ""))
    return out


def components(data: GraphData) -> list[list[dict[str, Any]]]:
    """Connected components (direction ignored), largest first."""
    g = _simple(data)
    out = []
    for comp in nx.connected_components(g):
        members = [{"id": n, "label": g.nodes[n]["label"], "type": g.nodes[n]["type"],
                    "degree": g.degree(n)} for n in comp]
        members.sort(key=lambda m: (-m["degree"], m["label"]))
        out.append(members)
    out.sort(key=lambda ms: (-len(ms), ms[0]["label"]))
    return out


def explain_path(data: GraphData, a: str, b: str) -> list[dict[str, Any]]:
    """The shortest chain from entity `a` to entity `b` (labels, tone-insensitive).

    Each hop: {"from", "to" (labels), "relation" (as read, in its direction),
    "role", "evidence": [{"sentence", "article", "title"}]}. Raises
    `nx.NetworkXNoPath` when they are not connected, `EntityNotFoundError`
    when a label names nothing.
    """
    start, end = find_node(data, a), find_node(data, b)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    edges_between: dict[frozenset[str], list[dict[str, Any]]] = {}
    for e in data["edges"]:
        edges_between.setdefault(frozenset((e["source"], e["target"])), []).append(e)
    ids = nx.shortest_path(_simple(data), start["id"], end["id"])
    hops = []
    for x, y in zip(ids, ids[1:], strict=False):
        for e in edges_between[frozenset((x, y))]:
            hops.append(
                {
                    "from": labels[x],
                    "to": labels[y],
                    "relation": (
                        f"{labels[e['source']]} {EDGE_KINDS.get(e['kind'], e['kind'])} "
                        f"{labels[e['target']]}"
                    ),
                    "role": e.get("label") or None,
                    "evidence": [
                        {**ev, "title": data["articles"].get(ev["article"] or "", {}).get("title")}
                        for ev in e["evidence"]
                    ],
                }
            )
            break  # one edge per hop is the explanation; parallel edges add nothing
    return hops


def _flat(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple)):
        return " | ".join(
            x["sentence"] if isinstance(x, dict) and "sentence" in x else str(x) for x in value
        )
    return str(value)


def export(data: GraphData, path: Path, fmt: str) -> Path:
    """Write GraphML or GEXF; list attributes become ' | '-joined text."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    g = nx.DiGraph()
    for n in data["nodes"]:
        g.add_node(n["id"], **{k: _flat(v) for k, v in n.items() if k != "id"})
    for e in data["edges"]:
        attrs = {k: _flat(v) for k, v in e.items() if k not in ("source", "target", "id")}
        attrs["articles"] = " | ".join(sorted({ev["article"] or "" for ev in e["evidence"]}))
        if g.has_edge(e["source"], e["target"]):  # two relations between the same pair
            old = g.edges[e["source"], e["target"]]
            attrs = {k: f"{old.get(k, '')} || {v}" if old.get(k, "") != v else v
                     for k, v in attrs.items()}
        g.add_edge(e["source"], e["target"], **attrs)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(g, path)
    else:
        nx.write_gexf(g, path)
    return path
