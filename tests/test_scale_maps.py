"""On a large graph the overview map shows only the most connected entities."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from viz import maps, to_graph_data
from viz.demo import demo_dataset


def _overview_nodes(out: Path) -> list[dict]:
    html = (out / "map.html").read_text(encoding="utf-8")
    return json.loads(re.search(r"var rawNodes = (\[.*?\]);\n", html, re.S).group(1))


def test_overview_is_capped_to_the_most_connected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = to_graph_data(demo_dataset())
    assert len(data["nodes"]) > 5
    maps.write_maps(data, tmp_path / "all")
    assert len(_overview_nodes(tmp_path / "all")) == len(data["nodes"])

    monkeypatch.setattr(maps, "OVERVIEW_MAX_NODES", 5)
    maps.write_maps(data, tmp_path / "capped")
    shown = _overview_nodes(tmp_path / "capped")
    assert len(shown) == 5
    top = {n["id"] for n in sorted(data["nodes"], key=lambda n: (-n["degree"], n["label"]))[:5]}
    assert {n["id"] for n in shown} == top
    assert "most connected" in (tmp_path / "capped" / "map.html").read_text(encoding="utf-8")


def _index_hrefs(out: Path) -> list[str]:
    return re.findall(r'href="([^"]+)"', (out / "maps" / "index.html").read_text(encoding="utf-8"))


def test_per_entity_and_per_event_maps_are_capped_and_the_index_says_what_was_left_out(tmp_path: Path) -> None:
    data = to_graph_data(demo_dataset(hostile=False))
    events = [n for n in data["nodes"] if n["type"] == "Event"]
    assert len(events) >= 2
    maps.write_maps(data, tmp_path, entity_maps=1, event_maps=1)
    assert len(list((tmp_path / "maps").glob("ego-*.html"))) == 1
    assert len(list((tmp_path / "maps").glob("event-*.html"))) == 1
    text = (tmp_path / "maps" / "index.html").read_text(encoding="utf-8")
    assert f"{len(events) - 1:,} more events not drawn here" in text
    assert "newskg map --event NAME" in text and "newskg map --focus NAME" in text
    for href in _index_hrefs(tmp_path):  # no link to a map that was not written
        assert (tmp_path / "maps" / href).exists()
    # a larger cap afterwards writes them all, and the note goes
    maps.write_maps(data, tmp_path, event_maps=100)
    assert len(list((tmp_path / "maps").glob("event-*.html"))) == len(events)
    assert "more events not drawn" not in (tmp_path / "maps" / "index.html").read_text(encoding="utf-8")


def test_build_maps_views_equal_the_views_newskg_map_draws() -> None:
    from viz.views import event_view, top_nodes

    data = to_graph_data(demo_dataset())
    around = maps._Neighbourhoods(data)
    checked = 0
    for node in top_nodes(data, 50, types=["Person", "Organisation", "City", "Country"]):
        assert around.ego(node) == maps._ego(data, node)
        checked += 1
    for node in top_nodes(data, 50, types=["Event"]):
        assert around.event(node) == event_view(data, node["id"])
        checked += 1
    assert checked >= 5


def test_unchanged_maps_are_not_drawn_again_and_changed_ones_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import copy

    drawn: list[str] = []
    real = maps.write_html

    def counting(data, path, **kwargs):
        drawn.append(Path(path).name)
        return real(data, path, **kwargs)

    monkeypatch.setattr(maps, "write_html", counting)
    data = to_graph_data(demo_dataset(hostile=False))
    first = maps.write_maps(data, tmp_path)
    n_maps = len(drawn)
    assert n_maps >= 3
    drawn.clear()
    second = maps.write_maps(data, tmp_path)
    assert drawn == [] and second == first and all(p.exists() for p in second)

    changed = copy.deepcopy(data)
    event = next(n for n in changed["nodes"] if n["type"] == "Event")
    event["label"] = "Renamed event"
    drawn.clear()
    maps.write_maps(changed, tmp_path)
    assert any(name.startswith("event-renamed-event-") for name in drawn)
    assert "map.html" in drawn  # the overview shows the event too
    assert len(drawn) < n_maps  # the maps that do not show it were kept


def test_map_data_from_nquads_equals_map_data_from_rdflib(tmp_path: Path) -> None:
    from viz.convert import graph_data_from_nquads

    dataset = demo_dataset()
    path = tmp_path / "graph.nq"
    dataset.serialize(path, format="nquads")
    from_rdflib = to_graph_data(dataset)
    from_nquads = graph_data_from_nquads(path)
    assert len(from_rdflib["nodes"]) > 5 and len(from_rdflib["edges"]) > 3

    def norm(d):
        return (sorted(json.dumps(n, sort_keys=True) for n in d["nodes"]),
                sorted(json.dumps({k: v for k, v in e.items() if k != "id"}, sort_keys=True) for e in d["edges"]),
                d["articles"])

    assert norm(from_nquads) == norm(from_rdflib)
