"""`newskg push` to a real `oxigraph serve`, and `newskg query --endpoint` against it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from graph import sparql
from test_query_canned import write_fixture_graph
from test_server_endpoint import REPO, start_oxigraph, stop

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture()
def oxigraph() -> Iterator[str]:
    proc, base = start_oxigraph()
    yield base
    stop(proc)


def newskg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph", *args], cwd=REPO, timeout=120,
                          capture_output=True, text=True)


def remote_count(base: str) -> int:
    r = requests.get(f"{base}/query", params={"query": COUNT}, timeout=10,
                     headers={"Accept": "application/sparql-results+json"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def local_count(graph_dir: Path) -> int:
    res = sparql.run_query(sparql.open_store(graph_dir), COUNT)
    return int(res.rows[0][0])


@pytest.mark.parametrize("mode", ["gsp", "update"])
def test_push_twice_never_duplicates(tmp_path: Path, oxigraph: str, mode: str) -> None:
    graph_dir = write_fixture_graph(tmp_path / "out")
    target = (["--endpoint", f"{oxigraph}/store"] if mode == "gsp"
              else ["--update-endpoint", f"{oxigraph}/update"])
    expected = local_count(graph_dir)
    for _ in range(2):
        done = newskg("push", "--graph", str(graph_dir), *target)
        assert done.returncode == 0, done.stderr
        assert "pushed 4 named graphs" in done.stderr
        assert remote_count(oxigraph) == expected


def test_push_replaces_a_changed_graph(tmp_path: Path, oxigraph: str) -> None:
    graph_dir = write_fixture_graph(tmp_path / "out")
    requests.put(f"{oxigraph}/store", params={"graph": "https://w3id.org/newskg/graph/links"},
                 data=b"<urn:stale> <urn:stale> <urn:stale> .\n", timeout=10,
                 headers={"Content-Type": "application/n-triples"}).raise_for_status()
    assert newskg("push", "--graph", str(graph_dir), "--endpoint",
                  f"{oxigraph}/store").returncode == 0
    ask = requests.get(f"{oxigraph}/query", params={"query": "ASK { <urn:stale> ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert ask.json()["boolean"] is False


def test_query_endpoint_remote_with_bound_params(tmp_path: Path, oxigraph: str) -> None:
    graph_dir = write_fixture_graph(tmp_path / "out")
    assert newskg("push", "--graph", str(graph_dir), "--endpoint",
                  f"{oxigraph}/store").returncode == 0
    local = newskg("query", "person_posts", "--graph", str(graph_dir), "-p",
                   "person=nguyễn phương hoà", "--format", "json")
    remote = newskg("query", "person_posts", "--endpoint", f"{oxigraph}/query", "-p",
                    "person=nguyễn phương hoà", "--format", "json")
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    rows = json.loads(remote.stdout)["results"]["bindings"]
    assert [r["personLabel"]["value"] for r in rows] == ["Nguyễn Phương Hòa"]
    assert json.loads(local.stdout)["results"]["bindings"] == rows
    evil = newskg("query", "person_posts", "--endpoint", f"{oxigraph}/query", "-p",
                  'person=x" } DROP ALL { "', "--format", "json")
    assert evil.returncode == 0 and json.loads(evil.stdout)["results"]["bindings"] == []
    assert remote_count(oxigraph) == local_count(graph_dir)


def test_query_cli_formats_and_list(tmp_path: Path) -> None:
    graph_dir = write_fixture_graph(tmp_path / "out")
    listing = newskg("query", "--list")
    assert listing.returncode == 0 and "person_posts" in listing.stdout
    assert "--param person=" in listing.stdout
    table = newskg("query", "events_in_city", "--graph", str(graph_dir), "-p", "city=Hạ Long")
    assert table.returncode == 0 and "Carnaval Hạ Long 2019" in table.stdout
    assert "(2 rows)" in table.stdout
    header = table.stdout.splitlines()[0].split()
    assert header == ["cityLabel", "eventLabel", "date", "organisers", "participants",
                      "event", "place"]  # labels and IRIs; the bound search key is not shown
    assert "ha long" not in table.stdout and "id:event/carnaval-ha-long-5555" in table.stdout
    csv_out = newskg("query", "posts_in_organisation", "--graph", str(graph_dir), "-p",
                     "org=ubnd tỉnh quảng ninh", "--format", "csv")
    assert csv_out.stdout.splitlines()[0] == (
        "orgLabel,personLabel,role,roleText,statedOn,article,organisation,person")
    assert "Nguyễn Phương Hòa" in csv_out.stdout and "ubnd tinh" not in csv_out.stdout
    tsv = newskg("query", "--graph", str(graph_dir), "--format", "tsv", "--text",
                 "SELECT ?l WHERE { ?c a <https://w3id.org/newskg/ontology#City> ; "
                 "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l")
    assert tsv.stdout.splitlines() == ["?l", '"Hạ Long"@vi', '"Hội An"@vi', '"Đà Lạt"@vi']
    ttl = newskg("query", "--graph", str(graph_dir), "--format", "turtle", "--text",
                 "CONSTRUCT { ?c a ?t } WHERE { ?c a ?t } LIMIT 1")
    assert ttl.returncode == 0 and "@prefix" in ttl.stdout
    bad = newskg("query", "--graph", str(graph_dir), "--text", "SELECT WHERE")
    assert bad.returncode != 0 and "Error" in bad.stderr
    missing = newskg("query", "nope", "--graph", str(graph_dir))
    assert missing.returncode != 0 and "no canned query" in missing.stderr
