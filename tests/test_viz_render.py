"""viz.render and viz.write_maps: offline, escaped, styled HTML written from dicts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from viz import render_html, to_graph_data, write_maps
from viz.demo import EVIL_LABEL, EVIL_SENTENCE, EVIL_TITLE, demo_dataset
from viz.render import NODE_STYLE, _network


@pytest.fixture(scope="module")
def data():
    return to_graph_data(demo_dataset())


@pytest.fixture(scope="module")
def page(data):
    return render_html(data, title="Bản đồ <thử>")


def _json_array(page: str, name: str) -> list[dict]:
    match = re.search(rf"var {name} = (\[.*?\]);\n", page)
    assert match, name
    return json.loads(match.group(1))


def test_viz_render_page_is_self_contained(page):
    # no element loads anything: no src/href to another place, no <link>, no @import/url()
    assert "<link" not in page
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"@import", page)
    assert not re.search(r"url\((?!\s*['\"]?data:)", page)
    assert not re.search(r"(cdnjs|jsdelivr|unpkg|googleapis|bootstrap)", page)
    assert "vis.Network" in page and len(page) > 400_000  # vis-network inlined
    assert "Content-Security-Policy" in page


def test_viz_render_escapes_article_text_everywhere(page):
    # The raw hostile strings never appear; the JSON is html-safe and tooltips escaped.
    for raw in ("<script>window.__pwned", "<img src=x onerror", EVIL_TITLE, EVIL_SENTENCE,
                EVIL_LABEL):
        assert raw not in page
    nodes = _json_array(page, "rawNodes")
    edges = _json_array(page, "rawEdges")
    evil_node = next(n for n in nodes if n["alt"][0] == EVIL_LABEL)  # label kept as written
    assert "&lt;img src=x onerror=window.__pwned=&#x27;label&#x27;&gt;" in evil_node["title"]
    assert "<img" not in evil_node["title"]
    assert "&lt;script&gt;window.__pwned = &#x27;title&#x27;" in evil_node["title"]
    evil_edges = [e for e in edges if "onerror" in e["title"]]
    assert len(evil_edges) == 2
    for e in evil_edges:
        assert "<img" not in e["title"] and "&lt;img src=x onerror=&quot;" in e["title"]
        assert "javascript:" not in e["title"]  # the hostile article URL is not a link
    assert "<title>Bản đồ &lt;thử&gt; · newskg</title>" in page


def test_viz_render_nodes_edges_styles_and_legend(data, page):
    nodes = _json_array(page, "rawNodes")
    edges = _json_array(page, "rawEdges")
    assert len(nodes) == len(data["nodes"]) and len(edges) == len(data["edges"])
    thang = next(n for n in nodes if n["label"] == "Nguyễn Văn Thắng")
    assert thang["shape"] == NODE_STYLE["Person"]["shape"]
    assert thang["color"]["background"] == NODE_STYLE["Person"]["color"]
    ubnd = next(n for n in nodes if n["label"] == "UBND tỉnh Quảng Ninh")
    assert ubnd["value"] > thang["value"]  # size by number of links
    ha_long = next(n for n in nodes if n["label"] == "Hạ Long")
    assert "https://www.wikidata.org/wiki/Q36077" in ha_long["title"]
    assert "Sources: 3 articles" in ha_long["title"]
    role = next(e for e in edges if e["label"] == "Chủ tịch")
    assert role["from"] == thang["id"] and role["to"] == ubnd["id"]
    assert "Ông Nguyễn Văn Thắng, Chủ tịch UBND tỉnh Quảng Ninh" in role["title"]
    assert "Quảng Ninh khai mạc Carnaval Hạ Long 2019" in role["title"]
    for name in ("Person", "Organisation", "Event", "City", "Country", "holds role in"):
        assert f">{name} <span class=\"count\">" in page
    assert 'id="search"' in page


def test_viz_render_bounds_layout_work_for_big_maps():
    small = _network({"nodes": [], "edges": [], "articles": {}}).options
    from viz.render import _options

    big = _options(2000)
    assert big["physics"]["stabilization"]["iterations"] <= 200
    assert big["layout"]["improvedLayout"] is False
    assert small["physics"]["stabilization"]["iterations"] >= big["physics"]["stabilization"][
        "iterations"]


def test_viz_write_maps_writes_overview_ego_event_maps_and_index(tmp_path: Path):
    paths = write_maps(demo_dataset(), tmp_path)
    assert tmp_path / "map.html" in paths
    index = tmp_path / "maps" / "index.html"
    assert index in paths and all(p.exists() for p in paths)
    text = index.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', text)
    assert "../map.html" in hrefs
    for href in hrefs:  # every link of the index points at a written map
        assert (index.parent / href).resolve() in {p.resolve() for p in paths}
    events = [h for h in hrefs if h.startswith("event-")]
    assert len(events) == 2
    assert any(h.startswith("ego-ha-long-") for h in hrefs)
    assert "<img" not in text and "&lt;img src=x onerror" in text
    assert 'href="maps/index.html"' in (tmp_path / "map.html").read_text(encoding="utf-8")
    # a second run removes maps of entities that are gone
    stale = tmp_path / "maps" / "ego-gone-000000.html"
    stale.write_text("old")
    write_maps(demo_dataset(hostile=False), tmp_path)
    assert not stale.exists()
