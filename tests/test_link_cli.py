"""`newskg link`: the report command, run through click's CliRunner."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main


def test_link_cli_report_on_gold_facts(gold_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["link", "--facts", str(gold_dir), "--mode", "offline", "--report", "--check",
         "--cache-dir", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "path: offline" in out
    rows = dict(re.findall(r"^(Person|Organisation|City|Country)\s+(\d+\s+\d+\s+\d+)$", out, re.M))
    assert set(rows) == {"Person", "Organisation", "City", "Country"}
    linked_countries = int(rows["Country"].split()[0])
    assert linked_countries >= 1
    # --report lists each link with score and method
    links = re.findall(r"^\s+linked\s+(\w+)\s+.+ -> (Q\d+) .*score=([\d.]+) method=(\S+)$", out,
                       re.M)
    assert len(links) >= linked_countries
    assert all(m.startswith("offline-extract:") and float(s) >= 0.75
               for _, _, s, m in links)
    assert "precision 1.000" in out


def test_link_cli_rejects_unknown_mode() -> None:
    result = CliRunner().invoke(main, ["link", "--mode", "sometimes"])
    assert result.exit_code != 0
