"""Draw plain graph dicts as self-contained, offline HTML maps with pyvis.

The renderer takes only the dicts of `viz.convert` (or views of them). pyvis
builds the vis-network node, edge and option records; our own template
(`viz/templates/map.html`) inlines the vis-network JavaScript and CSS shipped
inside the pyvis package, so a map opens with no request leaving the machine
(no CDN, no remote font).

Security: every string that comes from articles (labels, titles, sentences,
URLs) is HTML-escaped here before it becomes tooltip HTML, and the JSON
embedded in the page is escaped by Jinja's `tojson` (`<`, `>`, `&`, `'` become
`\\u003c`...), so a headline containing `<script>` or `onerror=` shows as text.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jinja2
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from viz.convert import EDGE_KINDS, GraphData

__all__ = ["NODE_STYLE", "EDGE_STYLE", "render_html", "write_html", "render_index"]

NODE_STYLE: dict[str, dict[str, str]] = {
    "Person": {"color": "#e15759", "shape": "dot", "name": "Person"},
    "Organisation": {"color": "#4e79a7", "shape": "square", "name": "Organisation"},
    "Event": {"color": "#f28e2b", "shape": "star", "name": "Event"},
    "City": {"color": "#59a14f", "shape": "triangle", "name": "City"},
    "Country": {"color": "#76b7b2", "shape": "hexagon", "name": "Country"},
    "Place": {"color": "#9c755f", "shape": "triangleDown", "name": "Place"},
    "Date": {"color": "#b07aa1", "shape": "diamond", "name": "Date"},
}
_DEFAULT_NODE = {"color": "#999999", "shape": "dot", "name": "Other"}

EDGE_STYLE: dict[str, dict[str, Any]] = {
    "holds_role": {"color": "#4e79a7", "dashes": False},
    "participated_in": {"color": "#f28e2b", "dashes": False},
    "organised_by": {"color": "#c9a227", "dashes": False},
    "held_in": {"color": "#59a14f", "dashes": False},
    "located_in": {"color": "#59a14f", "dashes": True},
    "part_of": {"color": "#79706e", "dashes": False},
    "member_of": {"color": "#b07aa1", "dashes": False},
    "date": {"color": "#b07aa1", "dashes": True},
}
_EDGE_NAMES = {**EDGE_KINDS, "date": "date"}

_TEMPLATES = Path(__file__).parent / "templates"
_VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
_QID = re.compile(r"^https?://www\.wikidata\.org/entity/(Q\d+)$")
_MAX_SOURCES = 5

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links reach an href; everything else is shown as text."""
    if url and re.match(r"^https?://", url, re.IGNORECASE):
        return _esc(url)
    return None


def wikidata_qid(iri: str | None) -> str | None:
    m = _QID.match(iri or "")
    return m.group(1) if m else None


def _source_line(ev_or_doc: dict[str, Any], articles: dict[str, Any]) -> str:
    doc_id = ev_or_doc.get("article")
    meta = articles.get(doc_id or "", {})
    title = meta.get("title") or doc_id or "?"
    bits = f"<i>{_esc(title)}</i>"
    if meta.get("date"):
        bits += f" ({_esc(meta['date'])})"
    url = _safe_url(meta.get("url"))
    if url:
        bits += f' <a href="{url}" target="_blank" rel="noopener noreferrer">link</a>'
    return bits


def node_tooltip(node: dict[str, Any], articles: dict[str, Any]) -> str:
    """Tooltip HTML of a node; all text escaped."""
    style = NODE_STYLE.get(node["type"], _DEFAULT_NODE)
    parts = [
        f'<div class="tip-head"><b>{_esc(node["label"])}</b> '
        f'<span class="tip-type" style="background:{style["color"]}">'
        f'{_esc(node["type"])}</span></div>'
    ]
    if node.get("honorifics"):
        parts.append(f"<div>{_esc(', '.join(node['honorifics']))}</div>")
    if node.get("alt_labels"):
        parts.append(f"<div>Also: {_esc('; '.join(node['alt_labels']))}</div>")
    if node.get("date"):
        parts.append(f"<div>Date: {_esc(node['date'])}</div>")
    if node.get("roles"):
        items = "".join(f"<li>{_esc(r)}</li>" for r in node["roles"])
        parts.append(f"<div>Roles:<ul>{items}</ul></div>")
    qid = wikidata_qid(node.get("wikidata"))
    if qid:
        parts.append(
            f'<div>Wikidata: <a href="https://www.wikidata.org/wiki/{qid}" target="_blank" '
            f'rel="noopener noreferrer">{qid}</a></div>'
        )
    docs = node.get("articles", [])
    parts.append(f"<div>Sources: {len(docs)} article{'s' if len(docs) != 1 else ''}</div>")
    if docs:
        items = "".join(
            f"<li>{_source_line({'article': d}, articles)}</li>" for d in docs[:_MAX_SOURCES]
        )
        more = f"<li>… {len(docs) - _MAX_SOURCES} more</li>" if len(docs) > _MAX_SOURCES else ""
        parts.append(f"<ul>{items}{more}</ul>")
    return "".join(parts)


def edge_tooltip(
    edge: dict[str, Any], labels: dict[str, str], articles: dict[str, Any]
) -> str:
    """Tooltip HTML of an edge: relation, role, qualifiers, source sentences."""
    kind = _EDGE_NAMES.get(edge["kind"], edge["kind"])
    head = (
        f"<b>{_esc(labels.get(edge['source'], '?'))}</b> {_esc(kind)} "
        f"<b>{_esc(labels.get(edge['target'], '?'))}</b>"
    )
    parts = [f'<div class="tip-head">{head}</div>']
    if edge.get("label"):
        parts.append(f"<div>Role: {_esc(edge['label'])}</div>")
    for key, value in sorted(edge.get("qualifiers", {}).items()):
        parts.append(f"<div>{_esc(key)}: {_esc(value)}</div>")
    evidence = edge.get("evidence", [])
    for ev in evidence[:_MAX_SOURCES]:
        parts.append(
            f'<div class="tip-ev">“{_esc(ev["sentence"])}”<br>— {_source_line(ev, articles)}</div>'
        )
    if len(evidence) > _MAX_SOURCES:
        parts.append(f"<div>… {len(evidence) - _MAX_SOURCES} more sentences</div>")
    return "".join(parts)


def _stabilisation_iterations(n_nodes: int) -> int:
    """Bounded layout work: small maps settle well, big ones still open fast."""
    if n_nodes <= 100:
        return 600
    if n_nodes <= 500:
        return 300
    if n_nodes <= 2000:
        return 150
    return 80


def _options(n_nodes: int) -> dict[str, Any]:
    big = n_nodes > 500
    small = n_nodes <= 150  # ego, event and small overviews: room for every label
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -160 if small else -110 if n_nodes <= 300 else -80,
                "centralGravity": 0.02 if small else 0.03 if n_nodes <= 300 else 0.012,
                "springLength": 180 if small else 140 if n_nodes <= 300 else 100,
                "springConstant": 0.06,
                "damping": 0.6,
                "avoidOverlap": 0.5,
            },
            "maxVelocity": 60,
            "minVelocity": 1.5,
            "timestep": 0.45,
            "stabilization": {
                "enabled": True,
                "iterations": _stabilisation_iterations(n_nodes),
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 14,
                "face": "system-ui, 'Segoe UI', 'Noto Sans', Arial, sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": 10,
                "max": 34,
                "label": {"enabled": True, "min": 14, "max": 18, "drawThreshold": 7},
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "font": {
                "size": 12,
                "align": "horizontal",
                "color": "#1f3d66",
                "background": "rgba(255,255,255,0.85)",
                "strokeWidth": 0,
            },
            "width": 1.4,
            "selectionWidth": 2,
        },
    }


_MAX_LABEL = 48


def short_label(label: str) -> str:
    """Long names (event titles) are cut on the map; the tooltip has them whole."""
    if len(label) <= _MAX_LABEL:
        return label
    cut = label[: _MAX_LABEL - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _darker(hex_colour: str, factor: float = 0.75) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _hide_unlinked(data: GraphData) -> bool:
    """Overviews hide entities with no link (a toggle shows them) when they crowd the map."""
    if data.get("focus"):
        return False
    unlinked = sum(1 for n in data["nodes"] if n["degree"] == 0)
    return unlinked >= 5 and unlinked < len(data["nodes"])


def _network(data: GraphData) -> Network:
    """pyvis records of the nodes and edges, with styles and escaped tooltips."""
    articles = data.get("articles", {})
    focus = data.get("focus")
    net = Network(
        height="100%", width="100%", directed=True, cdn_resources="in_line", notebook=False
    )
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    hide_unlinked = _hide_unlinked(data)
    for n in data["nodes"]:
        style = NODE_STYLE.get(n["type"], _DEFAULT_NODE)
        focused = n["id"] == focus
        border = "#222222" if focused else _darker(style["color"])
        colour = {"background": style["color"], "border": border,
                  "highlight": {"background": style["color"], "border": "#111111"},
                  "hover": {"background": style["color"], "border": "#111111"}}
        extra: dict[str, Any] = {"borderWidth": 4} if focused else {}
        if focused:
            extra["font"] = {"bold": True}
        if hide_unlinked and n["degree"] == 0:
            extra["hidden"] = True
        net.add_node(
            n["id"],
            label=short_label(n["label"]),
            title=node_tooltip(n, articles),
            shape=style["shape"],
            color=colour,
            value=n["degree"] + 1,
            nkgType=n["type"],
            unlinked=n["degree"] == 0,
            alt=[n["label"], *n.get("alt_labels", [])],
            **extra,
        )
    for e in data["edges"]:
        style = EDGE_STYLE.get(e["kind"], {"color": "#999999", "dashes": False})
        net.add_edge(
            e["source"],
            e["target"],
            id=e["id"],
            label=e.get("label") or "",
            title=edge_tooltip(e, labels, articles),
            color={"color": style["color"], "highlight": style["color"],
                   "hover": style["color"], "opacity": 0.8},
            dashes=style["dashes"],
            width=1.2 + min(3, len(e.get("evidence", [])) * 0.6),
            nkgKind=e["kind"],
        )
    net.options = _options(len(data["nodes"]))
    return net


def render_html(
    data: GraphData,
    *,
    title: str = "newskg map",
    nav: list[tuple[str, str]] | None = None,
) -> str:
    """A complete HTML page drawing `data`; `nav` is a list of (text, relative href)."""
    net = _network(data)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    type_counts = Counter(n["type"] for n in data["nodes"])
    legend = [
        {"name": t, "count": type_counts[t], **NODE_STYLE.get(t, _DEFAULT_NODE)}
        for t in [*NODE_STYLE, *sorted(set(type_counts) - set(NODE_STYLE))]
        if type_counts.get(t)
    ]
    kind_counts = Counter(e["kind"] for e in data["edges"])
    edge_legend = [
        {"name": _EDGE_NAMES.get(k, k), "count": c, **EDGE_STYLE.get(k, {"color": "#999999"})}
        for k, c in sorted(kind_counts.items(), key=lambda kc: -kc[1])
    ]
    template = _env.get_template("map.html")
    return template.render(
        title=title,
        nav=nav or [],
        nodes=nodes,
        edges=edges,
        options=Markup(options),  # our own options, no article text
        legend=legend,
        edge_legend=edge_legend,
        n_nodes=len(nodes),
        n_edges=len(edges),
        n_unlinked=sum(1 for n in data["nodes"] if n["degree"] == 0),
        unlinked_hidden=_hide_unlinked(data),
        focus=data.get("focus"),
        vis_js=Markup((_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=Markup(_vis_css()),
    )


def _vis_css() -> str:
    # The stylesheet embeds its icons as data: URIs; drop any url() that would
    # reach outside the page (none in vis 9.1.2, checked by the tests).
    css = (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return re.sub(r"url\((?!\s*['\"]?data:)[^)]*\)", "none", css)


def write_html(data: GraphData, path: Path, **kwargs: Any) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(data, **kwargs), encoding="utf-8")
    return path


def render_index(sections: list[tuple[str, list[dict[str, Any]]]], *, title: str) -> str:
    """The page listing every map: sections of {"href", "label", "type", "note"}."""
    return _env.get_template("index.html").render(
        title=title, sections=sections, styles=NODE_STYLE
    )
