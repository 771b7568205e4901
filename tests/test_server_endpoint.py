"""`newskg serve` over real HTTP: SPARQLWrapper per format, refusals, limits."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper

from test_query_canned import write_fixture_graph

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parent.parent
COUNT_TYPES = "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY ?type"
CITIES = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?c a nkg:City ; rdfs:label ?label } ORDER BY ?label"""
CONSTRUCT_CITIES = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?c rdfs:label ?label } WHERE { ?c a nkg:City ; rdfs:label ?label }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read()}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{url} did not answer within {limit} s")


def start_newskg_serve(graph_dir: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--graph", str(graph_dir), "--port", str(port),
         "--workers", "2", *extra],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/", proc)
    return proc, base


def start_oxigraph() -> tuple[subprocess.Popen, str]:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not os.path.exists(exe):
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/", proc)
    return proc, base


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@pytest.fixture(scope="module")
def remote_service() -> Iterator[str]:
    """A second, real SPARQL server that the allow-list lets SERVICE reach."""
    proc, base = start_oxigraph()
    requests.put(f"{base}/store", params={"graph": "urn:x:g"}, timeout=10,
                 data='<urn:x:s> <urn:x:p> "từ xa" .\n'.encode(),
                 headers={"Content-Type": "application/n-triples"}).raise_for_status()
    yield f"{base}/query"
    stop(proc)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, remote_service: str) -> Iterator[str]:
    graph_dir = write_fixture_graph(tmp_path_factory.mktemp("out"))
    proc, base = start_newskg_serve(graph_dir, "--timeout", "2", "--max-results", "8",
                                    "--allow-service", remote_service)
    yield base + "/sparql"
    stop(proc)


def wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


def test_server_select_json_get_and_post(endpoint: str) -> None:
    for method in ("GET", "POST"):
        res = wrapper(endpoint, CITIES, JSON, method).queryAndConvert()
        assert [b["label"]["value"] for b in res["results"]["bindings"]] == [
            "Hạ Long", "Hội An", "Đà Lạt"]
        assert res["results"]["bindings"][0]["label"]["xml:lang"] == "vi"


def test_server_select_xml_csv_tsv(endpoint: str) -> None:
    xml_doc = wrapper(endpoint, CITIES, XML).queryAndConvert()
    labels = [n.firstChild.data for n in xml_doc.getElementsByTagName("literal")]
    assert labels == ["Hạ Long", "Hội An", "Đà Lạt"]
    csv_text = wrapper(endpoint, CITIES, CSV).queryAndConvert().decode("utf-8")
    assert list(csv.reader(io.StringIO(csv_text))) == [
        ["label"], ["Hạ Long"], ["Hội An"], ["Đà Lạt"]]
    tsv_text = wrapper(endpoint, CITIES, TSV).queryAndConvert().decode("utf-8")
    assert tsv_text.splitlines() == ["?label", '"Hạ Long"@vi', '"Hội An"@vi', '"Đà Lạt"@vi']


def test_server_construct_turtle_ntriples_jsonld(endpoint: str) -> None:
    turtle = wrapper(endpoint, CONSTRUCT_CITIES, TURTLE).queryAndConvert()
    g = Graph().parse(data=turtle, format="turtle")
    assert sorted(str(o) for o in g.objects()) == ["Hạ Long", "Hội An", "Đà Lạt"]
    nt = requests.post(endpoint, data={"query": CONSTRUCT_CITIES}, timeout=10,
                       headers={"Accept": "application/n-triples"})
    assert nt.headers["Content-Type"].startswith("application/n-triples")
    assert len(Graph().parse(data=nt.text, format="nt")) == 3
    jsonld = wrapper(endpoint, CONSTRUCT_CITIES, JSONLD).queryAndConvert()
    assert len(jsonld) == 3  # SPARQLWrapper parses JSON-LD into an rdflib Graph


def test_server_direct_post_and_ask(endpoint: str) -> None:
    r = requests.post(endpoint, data="ASK { ?s a <https://w3id.org/newskg/ontology#City> }",
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "application/sparql-results+json"}, timeout=10)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_server_refuses_update(endpoint: str) -> None:
    r = requests.post(endpoint, data={"update": "DROP ALL"}, timeout=10)
    assert r.status_code == 403 and "read-only" in r.text
    r = requests.post(endpoint, data="CLEAR DEFAULT", timeout=10,
                      headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    r = requests.get(endpoint, params={"query": "PREFIX x: <urn:x#>\nINSERT DATA { x:a x:b x:c }"},
                     timeout=10)
    assert r.status_code == 403 and "Update" in r.text
    count = wrapper(endpoint, COUNT_TYPES, JSON).queryAndConvert()
    assert count["results"]["bindings"]  # the graph is still there


def test_server_bad_query_is_400_with_parser_message(endpoint: str) -> None:
    r = requests.get(endpoint, params={"query": "SELECT ?s WHERE { ?s ?p }"}, timeout=10)
    assert r.status_code == 400
    assert "1:" in r.text and "expected" in r.text  # Oxigraph's position and expectation
    r = requests.get(endpoint, timeout=10)
    assert r.status_code == 400 and "query" in r.text


def test_server_service_allow_list(endpoint: str, remote_service: str) -> None:
    refused = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = requests.get(endpoint, params={"query": refused}, timeout=10)
    assert r.status_code == 403 and "not allowed" in r.text
    escaped = "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert requests.get(endpoint, params={"query": escaped}, timeout=10).status_code == 403
    variable = "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }"
    assert requests.get(endpoint, params={"query": variable}, timeout=10).status_code == 403
    allowed = f"SELECT ?o WHERE {{ SERVICE <{remote_service}> {{ ?s ?p ?o }} }}"
    res = wrapper(endpoint, allowed, JSON).queryAndConvert()
    assert [b["o"]["value"] for b in res["results"]["bindings"]] == ["từ xa"]


def test_server_time_limit_stops_query(endpoint: str) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    r = requests.get(endpoint, params={"query": slow}, timeout=30)
    assert r.status_code == 503 and "time limit" in r.text
    # the killed worker is replaced: the endpoint keeps answering
    for _ in range(3):
        assert wrapper(endpoint, CITIES, JSON).queryAndConvert()["results"]["bindings"]


def test_server_result_cap(endpoint: str) -> None:
    r = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=10,
                     headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 8
    assert r.headers.get("X-Newskg-Truncated") == "true"


def test_server_page_and_canned_queries(endpoint: str) -> None:
    base = endpoint.rsplit("/", 1)[0]
    page = requests.get(base + "/", timeout=10)
    assert page.status_code == 200 and "static/yasgui/yasgui.min.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from a CDN
    js = requests.get(base + "/static/yasgui/yasgui.min.js", timeout=10)
    assert js.status_code == 200 and len(js.content) > 100_000
    canned = requests.get(base + "/queries.json", timeout=10).json()
    assert len(canned) >= 12 and all(q["text"].startswith("# title:") for q in canned)
    assert requests.get(base + "/static/../app.py", timeout=10).status_code == 404
    # every canned query answers through the endpoint too
    for q in canned:
        if "SERVICE" in q["text"]:  # federated: needs the live Wikidata service
            continue
        r = requests.post(endpoint, data={"query": q["text"]}, timeout=30,
                          headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200, (q["name"], r.text)
        json.loads(r.text)
