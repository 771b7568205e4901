"""viz/ reads graph output only: it never imports extraction, ingestion or linking."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FORBIDDEN = ("graph.extract", "graph.ingest", "graph.link", "graph.resolve", "graph.pipeline")
VIZ_MODULES = ["viz", "viz.convert", "viz.views", "viz.render", "viz.analytics", "viz.maps",
               "viz.demo", "viz.browser", "graph.cli.map", "graph.cli.stats", "graph.cli.path",
               "graph.cli.export"]


def test_viz_imports_no_extraction_code_statically():
    for path in sorted((REPO / "viz").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_viz_imports_no_extraction_code_at_run_time():
    code = (
        "import sys, importlib\n"
        f"for m in {VIZ_MODULES!r}: importlib.import_module(m)\n"
        "from viz import to_graph_data, write_maps\n"
        "from viz.demo import demo_dataset\n"
        "import tempfile, pathlib\n"
        "write_maps(demo_dataset(), pathlib.Path(tempfile.mkdtemp()))\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r}))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
