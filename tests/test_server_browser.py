"""The editor page in a real headless Chromium: it runs a canned query and shows rows."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from test_query_canned import write_fixture_graph
from test_server_endpoint import start_newskg_serve, stop

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_server_browser_runs_canned_query(tmp_path: Path) -> None:
    graph_dir = write_fixture_graph(tmp_path / "out")
    proc, base = start_newskg_serve(graph_dir)
    try:
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
             "--virtual-time-budget=15000", "--dump-dom", f"{base}/?run=events_in_city"],
            capture_output=True, text=True, timeout=90)
    finally:
        stop(proc)
    dom = done.stdout
    assert "yasgui" in dom, done.stderr[-2000:]
    # YASR rendered the result table: a header cell per column, a row per event
    assert re.search(r"<th[^>]*>.*?eventLabel", dom, re.S), done.stderr[-2000:]
    assert "Carnaval Hạ Long 2019" in dom
    assert "Hội nghị xúc tiến du lịch" in dom
