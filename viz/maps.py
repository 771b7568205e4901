"""Write every map of a build: the overview, ego views of the top entities,
one map per event, and an index page that links them all.

Layout in the build folder::

    out/map.html                 overview (links to maps/index.html)
    out/maps/index.html          the list of every map (and how many were left out)
    out/maps/ego-<slug>.html     the most connected entities, with their neighbours
    out/maps/event-<slug>.html   the most connected events with participants, organisers, place, date
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph

from graph.text import slugify
from viz.convert import GraphData, to_graph_data
from viz.render import _MAX_SOURCES, render_index, write_html
from viz.views import ego_view, event_view, subgraph, top_nodes

__all__ = ["write_maps", "map_filename", "load_graph"]

# Per-entity and per-event maps a build writes by default (`newskg build
# --entity-maps/--event-maps`): the most connected ones. The rest are drawn on
# demand (`newskg map --focus/--event`); thousands of files would make the
# stage grow with the archive.
TOP_EGO = 12  # ego maps written for the most connected entities
MAX_EVENTS = 100  # event maps written (most connected first)
EGO_MAX_NODES = 300  # an ego map at depth 2 larger than this falls back to depth 1
# The overview shows at most this many entities, the most connected ones: a
# browser cannot lay out the whole of a large archive (1,000 articles were
# already 4,000 nodes and a 24 MB page), and rendering it dominated the build.
OVERVIEW_MAX_NODES = 500


def load_graph(out_dir: Path) -> Graph:
    """The dataset a build wrote into `out_dir` (graph.store's loader)."""
    from graph.store import load_dataset

    return load_dataset(Path(out_dir))


def map_filename(kind: str, node: dict[str, Any]) -> str:
    digest = hashlib.sha1(node["id"].encode("utf-8")).hexdigest()[:6]
    return f"{kind}-{slugify(node['label'], 40)}-{digest}.html"


class _Neighbourhoods:
    """Adjacency of the graph, computed once for all the maps of a build: each
    ego or event view is then taken from the few nodes and edges around its
    centre rather than from a scan of the whole graph per map. The views
    themselves are still made by `viz.views` (on that neighbourhood), so a
    build's maps are those `newskg map --focus/--event` draws."""

    def __init__(self, data: GraphData) -> None:
        self.data = data
        self.order = {n["id"]: i for i, n in enumerate(data["nodes"])}
        self.by_id = {n["id"]: n for n in data["nodes"]}
        self.neighbours: dict[str, set[str]] = {n["id"]: set() for n in data["nodes"]}
        self.edges_of: dict[str, list[int]] = {n["id"]: [] for n in data["nodes"]}
        for i, e in enumerate(data["edges"]):
            self.neighbours[e["source"]].add(e["target"])
            self.neighbours[e["target"]].add(e["source"])
            self.edges_of[e["source"]].append(i)
            self.edges_of[e["target"]].append(i)

    def within(self, centre: str, depth: int) -> set[str]:
        seen = {centre}
        frontier = [centre]
        for _ in range(depth):
            nxt = []
            for node in frontier:
                for other in self.neighbours[node]:
                    if other not in seen:
                        seen.add(other)
                        nxt.append(other)
            frontier = nxt
        return seen

    def induced(self, ids: set[str], *, touching: str | None = None) -> GraphData:
        """The nodes `ids` (in graph order) and the edges between them (or,
        with `touching`, the edges of that node), in graph order."""
        edge_ids: set[int] = set()
        for node in [touching] if touching is not None else ids:
            edge_ids.update(self.edges_of[node])
        edges = [self.data["edges"][i] for i in sorted(edge_ids)]
        edges = [e for e in edges if e["source"] in ids and e["target"] in ids]
        nodes = [self.by_id[i] for i in sorted(ids, key=self.order.__getitem__)]
        out = {k: v for k, v in self.data.items() if k not in ("nodes", "edges")}
        out["nodes"], out["edges"] = nodes, edges
        return out

    def ego(self, node: dict[str, Any]) -> GraphData:
        depth = 2
        ids = self.within(node["id"], depth)
        if len(ids) > EGO_MAX_NODES:
            depth = 1
            ids = self.within(node["id"], depth)
        return ego_view(self.induced(ids), node["id"], depth=depth)

    def event(self, node: dict[str, Any]) -> GraphData:
        ids = {node["id"], *self.neighbours[node["id"]]}
        return event_view(self.induced(ids, touching=node["id"]), node["id"])


def _ego(data: GraphData, node: dict[str, Any]) -> GraphData:
    view = ego_view(data, node["id"], depth=2)
    if len(view["nodes"]) > EGO_MAX_NODES:
        view = ego_view(data, node["id"], depth=1)
    return view


def _renderer_version() -> str:
    """A digest of the code and templates that draw a map: a map whose data and
    renderer are unchanged is not drawn again."""
    global _RENDERER_VERSION
    if _RENDERER_VERSION is None:
        digest = hashlib.sha1()
        here = Path(__file__).parent
        for path in [here / "render.py", here / "maps.py", *sorted((here / "templates").glob("*"))]:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        _RENDERER_VERSION = digest.hexdigest()[:16]
    return _RENDERER_VERSION


_RENDERER_VERSION: str | None = None
_DIGESTS = ".digests.json"  # map file -> digest of what it was drawn from


class _Writer:
    """Draw a map unless the same file was drawn from the same data, title and
    navigation by the same renderer (an incremental build leaves most maps as
    they are); remembers what it drew in maps/.digests.json."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / "maps" / _DIGESTS
        try:
            self.before: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.before = {}
        self.after: dict[str, str] = {}
        self.drawn = 0
        self.kept = 0

    def write(self, data: GraphData, path: Path, **kwargs: Any) -> Path:
        payload = json.dumps([_renderer_version(), _drawn(data), kwargs], sort_keys=True, ensure_ascii=False, default=str)
        digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()
        name = path.relative_to(self.out_dir).as_posix()
        self.after[name] = digest
        if self.before.get(name) == digest and path.exists():
            self.kept += 1
            return path
        self.drawn += 1
        return write_html(data, path, **kwargs)

    def save(self) -> None:
        self.path.write_text(json.dumps(self.after, sort_keys=True), encoding="utf-8")


def _drawn(data: GraphData) -> dict[str, Any]:
    """What `viz.render` draws of `data`, for the digest: a node's or an edge's
    sources beyond the first `_MAX_SOURCES` show only as a count, so a popular
    entity's thousands of articles do not have to be hashed for every map."""
    limit = _MAX_SOURCES
    nodes = [
        {**n, "articles": [len(n.get("articles", ())), *n.get("articles", ())[:limit]]}
        for n in data["nodes"]
    ]
    edges = [
        {**e, "evidence": [len(e.get("evidence", ())), *e.get("evidence", ())[:limit]]}
        for e in data["edges"]
    ]
    cited = {a for n in nodes for a in n["articles"][1:]}
    cited.update(ev.get("article") for e in edges for ev in e["evidence"][1:])
    articles = data.get("articles", {})
    out = {k: v for k, v in data.items() if k not in ("nodes", "edges", "articles")}
    out.update(nodes=nodes, edges=edges,
               articles={a: articles[a] for a in sorted(cited, key=str) if a in articles})
    return out


def _left_out(count: int, what: str, option: str) -> dict[str, Any]:
    return {
        "href": None,
        "label": f"{count:,} more {what} not drawn here",
        "type": None,
        "note": f"draw any of them with: newskg map {option} NAME",
    }


def write_maps(
    dataset: Graph | GraphData,
    out_dir: Path,
    *,
    entity_maps: int | None = None,
    event_maps: int | None = None,
    fill_evidence: Callable[[list[dict[str, Any]]], None] | None = None,
) -> list[Path]:
    """Write the overview, ego and event maps and their index; return the paths.

    At most `entity_maps` ego maps (the most connected people, organisations
    and places; default `TOP_EGO`) and `event_maps` event maps (the most
    connected events; default `MAX_EVENTS`) are written, so the cost of the
    stage does not grow with the archive; the index says how many were left
    out and how to draw any of them (`newskg map --focus/--event`). A map
    whose inputs did not change since the last build is not drawn again.

    `fill_evidence` (with `viz.convert.deferred_graph_data_from_parts`): the
    edges of `dataset` come without their evidence, and this is called once
    with the edges of every map about to be drawn to fill it in."""
    out_dir = Path(out_dir)
    maps_dir = out_dir / "maps"
    maps_dir.mkdir(parents=True, exist_ok=True)
    top_ego = TOP_EGO if entity_maps is None else max(0, entity_maps)
    max_events = MAX_EVENTS if event_maps is None else max(0, event_maps)
    data = dataset if isinstance(dataset, dict) else to_graph_data(dataset)
    n_articles = len(data["articles"])
    writer = _Writer(out_dir)
    around = _Neighbourhoods(data)
    written: list[Path] = []
    # Every map is planned first and drawn last, so that the evidence of all
    # drawn edges can be read in one pass.
    planned: list[tuple[GraphData, Path, dict[str, Any]]] = []

    def plan(view: GraphData, path: Path, **kwargs: Any) -> Path:
        planned.append((view, path, kwargs))
        return path

    overview = out_dir / "map.html"
    shown = data
    title = f"newskg: {n_articles} articles"
    if len(data["nodes"]) > OVERVIEW_MAX_NODES:
        keep = {n["id"] for n in top_nodes(data, OVERVIEW_MAX_NODES)}
        shown = subgraph(data, lambda n: n["id"] in keep)
        title += f" (the {OVERVIEW_MAX_NODES} most connected of {len(data['nodes'])} entities)"
    written.append(plan(shown, overview, title=title, nav=[("All maps", "maps/index.html")]))
    nav = [("Overview", "../map.html"), ("All maps", "index.html")]

    ego_types = ["Person", "Organisation", "City", "Country"]
    linked_entities = sum(1 for n in data["nodes"] if n["type"] in ego_types and n["degree"] > 0)
    ego_items = []
    for node in top_nodes(data, top_ego, types=ego_types):
        if node["degree"] == 0:
            continue
        view = around.ego(node)
        name = map_filename("ego", node)
        written.append(plan(view, maps_dir / name, title=view["title"], nav=nav))
        ego_items.append(
            {"href": name, "label": node["label"], "type": node["type"],
             "note": f"{len(view['nodes'])} entities"}
        )
    if linked_entities > len(ego_items):
        ego_items.append(_left_out(linked_entities - len(ego_items), "connected entities", "--focus"))

    n_events = sum(1 for n in data["nodes"] if n["type"] == "Event")
    events = top_nodes(data, max_events, types=["Event"])
    event_items = []
    for node in sorted(events, key=lambda n: (n.get("date") or "", n["label"])):
        view = around.event(node)
        name = map_filename("event", node)
        written.append(plan(view, maps_dir / name, title=view["title"], nav=nav))
        event_items.append(
            {"href": name, "label": node["label"], "type": "Event",
             "note": " · ".join(x for x in [node.get("date") or "",
                                           f"{len(view['nodes']) - 1} linked"] if x)}
        )
    if n_events > len(event_items):
        event_items.append(_left_out(n_events - len(event_items), "events", "--event"))

    if fill_evidence is not None:
        unique = {id(e): e for view, _path, _kwargs in planned for e in view["edges"]}
        fill_evidence(list(unique.values()))
    for view, path, kwargs in planned:
        writer.write(view, path, **kwargs)

    # Maps of entities and events that are no longer drawn (gone, or out of the top).
    keep_files = {p.resolve() for p in written}
    for stale in [*maps_dir.glob("ego-*.html"), *maps_dir.glob("event-*.html")]:
        if stale.resolve() not in keep_files:
            stale.unlink()
    writer.save()

    sections: list[tuple[str, list[dict[str, Any]]]] = [
        ("Overview", [{"href": "../map.html", "label": "The whole graph" if shown is data else "The most connected entities", "type": None,
                       "note": f"{len(shown['nodes'])} entities, {len(shown['edges'])} links"}]),
    ]
    if ego_items:
        sections.append(("Most connected entities", ego_items))
    if event_items:
        sections.append(("Events", event_items))
    index = maps_dir / "index.html"
    index.write_text(render_index(sections, title="newskg maps"), encoding="utf-8")
    written.append(index)
    return written
