"""viz.analytics and the stats/path/export/map commands on a hand-built graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.store import write_dataset
from viz.analytics import centrality, communities, components, explain_path, export
from viz.convert import to_graph_data
from viz.demo import demo_dataset


@pytest.fixture(scope="module")
def data():
    return to_graph_data(demo_dataset(hostile=False))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    write_dataset(demo_dataset(), out)
    return out


def test_viz_analytics_path_explains_each_hop_with_its_sentence(data):
    hops = explain_path(data, "Nguyen Phuong Hoa", "Nguyễn Văn Thắng")
    assert [(h["from"], h["to"]) for h in hops] == [
        ("Nguyễn Phương Hòa", "Hội nghị xúc tiến du lịch"),
        ("Hội nghị xúc tiến du lịch", "Hạ Long"),
        ("Hạ Long", "Carnaval Hạ Long 2019"),
        ("Carnaval Hạ Long 2019", "Nguyễn Văn Thắng"),
    ] or len(hops) == 4
    assert hops[0]["relation"] == "Nguyễn Phương Hòa participated in Hội nghị xúc tiến du lịch"
    assert hops[0]["evidence"] == [{"sentence": "Bà Nguyễn Phương Hòa dự hội nghị.",
                                    "article": "qn-002",
                                    "title": "Hội nghị xúc tiến du lịch tại Hạ Long"}]
    assert all(h["evidence"] for h in hops)


def test_viz_analytics_centrality_communities_components(data):
    central = centrality(data, top=3)
    assert central["Organisation"][0]["label"] == "UBND tỉnh Quảng Ninh"
    assert central["Person"][0]["label"] == "Nguyễn Văn Thắng"
    assert len(central["Person"]) == 3
    groups = communities(data)
    assert sum(len(g) for g in groups) == len(data["nodes"])
    assert len(groups) >= 2
    tourism = next(g for g in groups if any(m["label"] == "Tổng cục Du lịch" for m in g))
    assert {"Nguyễn Phương Hòa", "Hội nghị xúc tiến du lịch"} <= {m["label"] for m in tourism}
    comps = components(data)
    assert [len(c) for c in comps] == [len(data["nodes"])]


def test_viz_analytics_components_split_unlinked_parts(data):
    island = {"id": "x:island", "label": "Đảo", "type": "City", "alt_labels": [], "roles": [],
              "articles": [], "degree": 0}
    comps = components({**data, "nodes": [*data["nodes"], island]})
    assert [len(c) for c in comps] == [len(data["nodes"]), 1]
    with pytest.raises(nx.NetworkXNoPath):
        explain_path({**data, "nodes": [*data["nodes"], island]}, "Đảo", "Hạ Long")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_viz_analytics_export_parses_back(data, tmp_path, fmt):
    path = export(data, tmp_path / f"g.{fmt}", fmt)
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert g.number_of_nodes() == len(data["nodes"])
    assert g.number_of_edges() == len(data["edges"])
    labels = {a["label"] for _, a in g.nodes(data=True)}
    assert {"Hạ Long", "Nguyễn Phương Hòa"} <= labels
    roles = {a.get("label") for _, _, a in g.edges(data=True)}
    assert "Phó Tổng cục trưởng" in roles
    sentences = " ".join(str(a.get("evidence", "")) for _, _, a in g.edges(data=True))
    assert "Bà Nguyễn Phương Hòa dự hội nghị." in sentences


def test_viz_cli_stats_path_export_map(built, tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["stats", "--graph", str(built), "--top", "3"])
    assert res.exit_code == 0, res.output
    assert "Most central organisations" in res.output and "UBND tỉnh Quảng Ninh" in res.output
    assert "Connected components: 1" in res.output

    res = runner.invoke(main, ["path", "Phó Đức Phương", "Ha Long", "--graph", str(built)])
    assert res.exit_code == 0, res.output
    assert "Phó Đức Phương member of Hội Nhạc sĩ Việt Nam" in res.output
    assert "“Hạ Long là thành phố của Việt Nam.”" in res.output

    out = tmp_path / "g.graphml"
    res = runner.invoke(main, ["export", "--format", "graphml", "--graph", str(built),
                               "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert nx.read_graphml(out).number_of_nodes() == 13

    ego = tmp_path / "ego.html"
    res = runner.invoke(main, ["map", "--graph", str(built), "--focus", "Hạ Long", "--depth",
                               "1", "--out", str(ego)])
    assert res.exit_code == 0, res.output
    assert "(5 entities, 5 links)" in res.output and ego.exists()
    res = runner.invoke(main, ["map", "--graph", str(built), "--event", "carnaval",
                               "--type", "Person", "--type", "Event", "--out",
                               str(tmp_path / "ev.html")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["map", "--graph", str(built), "--article", "vn-003"])
    assert res.exit_code == 0, res.output
    assert (built / "maps" / "overview-filtered.html").exists()
    assert not (built / "map.html").exists()

    res = runner.invoke(main, ["map", "--graph", str(built), "--focus", "Không Có Ai"])
    assert res.exit_code != 0 and "no entity named" in res.output
    res = runner.invoke(main, ["stats", "--graph", str(tmp_path / "none")])
    assert res.exit_code != 0 and "no graph in" in res.output
