"""Network maps and graph analytics over a built newskg graph.

`viz` reads only the graph a build wrote (an rdflib Dataset): `viz.convert`
turns it into plain node/edge dicts, `viz.views` selects parts of them,
`viz.render` draws them as offline HTML with pyvis and `viz.analytics`
measures them with networkx. Nothing here imports extraction, ingestion or
linking code (a test checks it).
"""

from __future__ import annotations

from viz.convert import GraphData, to_graph_data
from viz.maps import load_graph, write_maps
from viz.render import render_html, write_html

__all__ = ["GraphData", "to_graph_data", "render_html", "write_html", "write_maps", "load_graph"]
