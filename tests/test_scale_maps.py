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
