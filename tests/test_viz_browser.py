"""Maps in a real headless Chromium: drawn, silent, offline and inert.

Skipped when no Chromium is installed (tests/run.sh installs Debian's).
Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from viz import to_graph_data, write_maps
from viz.browser import Chromium, find_chromium
from viz.demo import EVIL_LABEL, demo_dataset

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed"),
]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def browser():
    with Chromium(width=1280, height=800) as b:
        yield b


@pytest.fixture(scope="module")
def demo_maps(tmp_path_factory):
    out = tmp_path_factory.mktemp("maps")
    paths = write_maps(demo_dataset(), out)
    return {"out": out, "paths": paths, "data": to_graph_data(demo_dataset())}


def _check_page(visit, path: Path, n_nodes: int, n_edges: int) -> None:
    assert visit.evaluate("nkgNodes.length") == n_nodes
    assert visit.evaluate("nkgEdges.length") == n_edges
    # every node has a place on the canvas once the layout is done
    # every node that is not an unlinked one hidden on a crowded overview is on the canvas
    hidden = visit.evaluate("nkgNodes.get({filter: n => n.hidden}).length")
    assert hidden == visit.evaluate("nkgNodes.get({filter: n => n.hidden && n.unlinked}).length")
    assert visit.evaluate("Object.keys(network.getPositions()).length") == n_nodes - hidden
    if hidden:  # one click shows them all
        visit.evaluate(
            "new Promise(done => { network.once('stabilizationIterationsDone', "
            "() => setTimeout(done, 50)); var t = document.getElementById('show-unlinked'); "
            "t.checked = true; t.dispatchEvent(new Event('change')); })"
        )
        assert visit.evaluate("Object.keys(network.getPositions()).length") == n_nodes
    assert visit.evaluate("network.body.nodeIndices.length") == n_nodes
    assert visit.errors == []
    assert visit.requests == [path.resolve().as_uri()]
    assert visit.evaluate("typeof window.__pwned") == "undefined"


def test_viz_browser_overview_draws_every_node_offline(browser, demo_maps):
    path = demo_maps["out"] / "map.html"
    visit = browser.open(path)
    data = demo_maps["data"]
    _check_page(visit, path, len(data["nodes"]), len(data["edges"]))
    # the legend and the loading veil are in their final state
    assert visit.evaluate("document.getElementById('loading').className") == "done"
    assert visit.evaluate("document.querySelectorAll('#legend .item[data-type]').length") == 5
    visit.screenshot(ARTIFACTS / "demo-overview.png")


def test_viz_browser_hostile_article_runs_nothing(browser, demo_maps):
    path = demo_maps["out"] / "map.html"
    visit = browser.open(path)
    evil_id = visit.evaluate(
        f"nkgNodes.get({{filter: n => n.alt[0] === {json.dumps(EVIL_LABEL)}}})[0].id"
    )
    # open the details panel of the hostile person and of each of its links
    visit.evaluate(f"network.body.emitter.emit('click', {{nodes: [{json.dumps(evil_id)}], "
                   "edges: []}); 1")
    shown = visit.evaluate("document.getElementById('details-body').textContent")
    assert "<script>window.__pwned = 'title'" in shown  # shown as text
    assert "<img src=x onerror=window.__pwned='label'>" in shown
    edge_ids = visit.evaluate(f"network.getConnectedEdges({json.dumps(evil_id)})")
    assert len(edge_ids) == 2
    for edge_id in edge_ids:
        visit.evaluate(f"network.body.emitter.emit('click', {{nodes: [], "
                       f"edges: [{json.dumps(edge_id)}]}}); 1")
        text = visit.evaluate("document.getElementById('details-body').textContent")
        assert "onerror=\"window.__pwned='sentence'" in text
        assert visit.evaluate("document.querySelectorAll('#details-body img, "
                              "#details-body script').length") == 0
    # hovering: the tooltip element vis shows is the escaped one too
    visit.evaluate(f"network.body.emitter.emit('hoverNode', {{node: {json.dumps(evil_id)}}}); 1")
    visit.evaluate("new Promise(r => setTimeout(r, 300))")
    browser.collect(visit)
    assert visit.evaluate("typeof window.__pwned") == "undefined"
    assert visit.errors == []
    assert visit.requests == [path.resolve().as_uri()]


def test_viz_browser_ego_map_and_search(browser, demo_maps):
    [path] = [p for p in demo_maps["paths"] if p.name.startswith("ego-ha-long-")]
    visit = browser.open(path)
    from viz.views import ego_view

    view = ego_view(demo_maps["data"], "Hạ Long", depth=2)
    _check_page(visit, path, len(view["nodes"]), len(view["edges"]))
    assert visit.evaluate("network.getSelectedNodes()") == [view["focus"]]
    # tone-insensitive search selects Hạ Long
    visit.evaluate("var s = document.getElementById('search'); s.value = 'ha long'; "
                   "s.dispatchEvent(new Event('change')); 1")
    assert visit.evaluate("network.getSelectedNodes()") == [view["focus"]]
    assert visit.evaluate("document.getElementById('search-status').textContent") == "1 found"
    visit.screenshot(ARTIFACTS / "demo-ego-ha-long.png")


def test_viz_browser_index_links_reach_every_map(browser, demo_maps):
    index = demo_maps["out"] / "maps" / "index.html"
    visit = browser.open(index, ready="document.readyState === 'complete'")
    hrefs = visit.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    written = {p.resolve().as_uri() for p in demo_maps["paths"]}
    assert hrefs and set(hrefs) <= written
    assert len(hrefs) == len(written) - 1  # every map but the index itself
    assert visit.errors == []


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    """The bundled sample articles built by the real pipeline (maps included)."""
    from graph.pipeline import SAMPLE_CORPUS, BuildOptions, build

    out = tmp_path_factory.mktemp("sample")
    build([SAMPLE_CORPUS], out, BuildOptions(link_mode="offline", progress=False))
    return out


def test_viz_browser_sample_build_maps(browser, sample_build):
    from viz import load_graph
    from viz.views import ego_view

    data = to_graph_data(load_graph(sample_build))
    assert len(data["nodes"]) > 20 and len(data["edges"]) > 10
    overview = sample_build / "map.html"
    visit = browser.open(overview)
    _check_page(visit, overview, len(data["nodes"]), len(data["edges"]))
    visit.screenshot(ARTIFACTS / "sample-overview.png")

    from click.testing import CliRunner

    from graph.cli import main

    ego = sample_build / "maps" / "ego-ha-long.html"
    res = CliRunner().invoke(main, ["map", "--graph", str(sample_build), "--focus", "Hạ Long",
                                    "--depth", "2", "--out", str(ego)])
    assert res.exit_code == 0, res.output
    view = ego_view(data, "Hạ Long", depth=2)
    visit = browser.open(ego)
    _check_page(visit, ego, len(view["nodes"]), len(view["edges"]))
    assert visit.evaluate("network.getSelectedNodes()") == [view["focus"]]
    visit.screenshot(ARTIFACTS / "sample-ego-ha-long.png")

    index = sample_build / "maps" / "index.html"
    visit = browser.open(index, ready="document.readyState === 'complete'")
    hrefs = visit.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert overview.resolve().as_uri() in hrefs
    assert sum("/event-" in h for h in hrefs) == sum(n["type"] == "Event" for n in data["nodes"])
