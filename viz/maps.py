"""Write every map of a build: the overview, ego views of the top entities,
one map per event, and an index page that links them all.

Layout in the build folder::

    out/map.html                 overview (links to maps/index.html)
    out/maps/index.html          the list of every map
    out/maps/ego-<slug>.html     the most connected entities, with their neighbours
    out/maps/event-<slug>.html   each event with participants, organisers, place, date
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rdflib import Graph

from graph.text import slugify
from viz.convert import GraphData, to_graph_data
from viz.render import render_index, write_html
from viz.views import ego_view, event_view, subgraph, top_nodes

__all__ = ["write_maps", "map_filename", "load_graph"]

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


def _ego(data: GraphData, node: dict[str, Any]) -> GraphData:
    view = ego_view(data, node["id"], depth=2)
    if len(view["nodes"]) > EGO_MAX_NODES:
        view = ego_view(data, node["id"], depth=1)
    return view


def write_maps(dataset: Graph | GraphData, out_dir: Path) -> list[Path]:
    """Write the overview, ego and event maps and their index; return the paths."""
    out_dir = Path(out_dir)
    maps_dir = out_dir / "maps"
    maps_dir.mkdir(parents=True, exist_ok=True)
    for stale in [*maps_dir.glob("ego-*.html"), *maps_dir.glob("event-*.html")]:
        stale.unlink()
    data = dataset if isinstance(dataset, dict) else to_graph_data(dataset)
    n_articles = len(data["articles"])
    written: list[Path] = []

    overview = out_dir / "map.html"
    shown = data
    title = f"newskg: {n_articles} articles"
    if len(data["nodes"]) > OVERVIEW_MAX_NODES:
        keep = {n["id"] for n in top_nodes(data, OVERVIEW_MAX_NODES)}
        shown = subgraph(data, lambda n: n["id"] in keep)
        title += f" (the {OVERVIEW_MAX_NODES} most connected of {len(data['nodes'])} entities)"
    written.append(
        write_html(
            shown,
            overview,
            title=title,
            nav=[("All maps", "maps/index.html")],
        )
    )
    nav = [("Overview", "../map.html"), ("All maps", "index.html")]

    ego_items = []
    for node in top_nodes(data, TOP_EGO, types=["Person", "Organisation", "City", "Country"]):
        if node["degree"] == 0:
            continue
        view = _ego(data, node)
        name = map_filename("ego", node)
        written.append(write_html(view, maps_dir / name, title=view["title"], nav=nav))
        ego_items.append(
            {"href": name, "label": node["label"], "type": node["type"],
             "note": f"{len(view['nodes'])} entities"}
        )

    events = top_nodes(data, MAX_EVENTS, types=["Event"])
    event_items = []
    for node in sorted(events, key=lambda n: (n.get("date") or "", n["label"])):
        view = event_view(data, node["id"])
        name = map_filename("event", node)
        written.append(write_html(view, maps_dir / name, title=view["title"], nav=nav))
        event_items.append(
            {"href": name, "label": node["label"], "type": "Event",
             "note": " · ".join(x for x in [node.get("date") or "",
                                           f"{len(view['nodes']) - 1} linked"] if x)}
        )

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
