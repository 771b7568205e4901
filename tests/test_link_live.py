"""Live linking against a real SPARQL server on 127.0.0.1 (oxigraph serve).

The server holds Wikidata-shaped data built from the offline extract
(`graph.link.extract_rdf`), so the queries `SparqlSource` would send to the
Wikidata Query Service run for real. Small loopback HTTP servers in front of
it answer 429 with Retry-After, sleep past the client timeout, or count
requests; a closed port stands for an endpoint that is down.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.link import link
from graph.link.candidates import load_extract
from graph.link.extract_rdf import write_ntriples
from graph.link.sparql import USER_AGENT, SparqlSource
from graph.model import ArticleFacts, Document, Entity, EntityType, Fact, Relation

pytestmark = pytest.mark.server
T = EntityType
OXIGRAPH = shutil.which("oxigraph") or str(Path(__file__).resolve().parents[1] / ".venv/bin/oxigraph")

# Extra items beside the extract: a person who shares a city's label, and two
# namesakes, so type and ambiguity decisions are exercised on the live path.
DECOYS = [
    '<http://www.wikidata.org/entity/Q990001> <http://www.w3.org/2000/01/rdf-schema#label> "Hà Nội"@vi .',  # noqa: E501
    "<http://www.wikidata.org/entity/Q990001> <http://www.wikidata.org/prop/direct/P31> <http://www.wikidata.org/entity/Q5> .",  # noqa: E501
    '<http://www.wikidata.org/entity/Q990002> <http://www.w3.org/2000/01/rdf-schema#label> "Trần Văn Trùng"@vi .',  # noqa: E501
    "<http://www.wikidata.org/entity/Q990002> <http://www.wikidata.org/prop/direct/P31> <http://www.wikidata.org/entity/Q5> .",  # noqa: E501
    '<http://www.wikidata.org/entity/Q990003> <http://www.w3.org/2000/01/rdf-schema#label> "Trần Văn Trùng"@en .',  # noqa: E501
    "<http://www.wikidata.org/entity/Q990003> <http://www.wikidata.org/prop/direct/P31> <http://www.wikidata.org/entity/Q5> .",  # noqa: E501
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def wikidata_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph CLI (PyPI package oxigraph) is not installed")
    root = tmp_path_factory.mktemp("wikidata-server")
    data = write_ntriples(root / "wikidata.nt", DECOYS)
    subprocess.run([OXIGRAPH, "load", "--location", str(root / "db"), "--file", str(data)],
                   check=True, capture_output=True, timeout=60)
    port = _free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve-read-only", "--location", str(root / "db"),
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph serve did not answer within 10 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class _Front(http.server.ThreadingHTTPServer):
    """A loopback server in front of the real endpoint, scripted per test."""

    daemon_threads = True

    def __init__(self, upstream: str | None, *, rate_limit: int = 0, retry_after: str = "1",
                 sleep: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _FrontHandler)
        self.upstream, self.rate_limit, self.retry_after, self.sleep = (
            upstream, rate_limit, retry_after, sleep)
        self.requests = 0
        self.agents: list[str] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


class _FrontHandler(http.server.BaseHTTPRequestHandler):
    server: _Front

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.requests += 1
            n = self.server.requests
            self.server.agents.append(self.headers.get("User-Agent", ""))
        if n <= self.server.rate_limit:
            self.send_response(429)
            self.send_header("Retry-After", self.server.retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.server.sleep:
            time.sleep(self.server.sleep)
        assert self.server.upstream is not None
        req = urllib.request.Request(
            self.server.upstream, data=body,
            headers={"Content-Type": self.headers.get("Content-Type", ""),
                     "Accept": self.headers.get("Accept", "")},
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                payload, ctype = resp.read(), resp.headers.get("Content-Type", "")
        except OSError:
            return
        try:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (timeout test)


@pytest.fixture
def front(wikidata_endpoint: str) -> Iterator[callable]:
    servers: list[_Front] = []

    def make(**kwargs: object) -> _Front:
        server = _Front(wikidata_endpoint, **kwargs)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


def _entry(key: str) -> dict:
    return next(e for e in load_extract() if e["key"] == key)


def _articles() -> list[ArticleFacts]:
    entities = [
        Entity("c1", T.CITY, "Hà Nội"),
        Entity("c2", T.CITY, "Hạ Long", aliases=["thành phố Hạ Long"]),
        Entity("k1", T.COUNTRY, "Việt Nam"),
        Entity("k2", T.COUNTRY, "Nhật Bản"),
        Entity("o1", T.ORGANISATION, "UNESCO"),
        Entity("p1", T.PERSON, "Kim Jong Un"),
        Entity("p2", T.PERSON, "Trần Văn Trùng"),
        Entity("p3", T.PERSON, "Người Không Tên"),
    ]
    facts = [Fact(Relation.LOCATED_IN, {"subject": "c2", "place": "k1"})]
    return [ArticleFacts(Document(id="live1", text="…"), entities, facts)]


def _qids(articles: list[ArticleFacts]) -> dict[str, str | None]:
    return {e.id: (e.wikidata.qid if e.wikidata else None) for a in articles for e in a.entities}


def _expected() -> dict[str, str | None]:
    q = {k: _entry(k)["qid"] for k in ("hanoi", "ha_long", "vietnam", "japan", "unesco",
                                        "kim_jong_un")}
    return {"c1": q["hanoi"], "c2": q["ha_long"], "k1": q["vietnam"], "k2": q["japan"],
            "o1": q["unesco"], "p1": q["kim_jong_un"], "p2": None, "p3": None}


def test_link_live_finds_links_on_real_sparql_server(wikidata_endpoint: str,
                                                     tmp_path: Path) -> None:
    articles = _articles()
    result = link(articles, mode="live", endpoint=wikidata_endpoint, cache_dir=tmp_path)
    assert result.path == "live"
    assert _qids(articles) == _expected()
    decisions = {d.name: d for d in result.report.decisions}
    assert decisions["Trần Văn Trùng"].status == "ambiguous"
    # the human labelled "Hà Nội" is not a candidate for the city
    assert articles[0].entity("c1").wikidata.method.startswith("live:label+type")
    ha_long = articles[0].entity("c2").wikidata
    assert "geonames" in ha_long.method.split(":")[1].split("+")
    item = result.items[_entry("ha_long")["qid"]]
    assert item.source == "wikidata-live" and item.geonames_id
    assert item.coordinates == pytest.approx(
        (_entry("ha_long")["coordinates"]["lat"], _entry("ha_long")["coordinates"]["lon"]))
    assert item.country == _entry("ha_long")["country"]
    assert item.labels.get("vi") == _entry("ha_long")["label_vi"]


def test_link_live_cache_second_run_asks_nothing(front, tmp_path: Path) -> None:
    server = front()
    first = link(_articles(), mode="live", endpoint=server.url, cache_dir=tmp_path)
    asked = server.requests
    assert asked >= 2  # lookup + details
    assert all(agent == USER_AGENT for agent in server.agents)
    again = _articles()
    second = link(again, mode="live", endpoint=server.url, cache_dir=tmp_path)
    assert server.requests == asked
    assert _qids(again) == _expected()
    assert sorted(second.items) == sorted(first.items)


def test_link_live_retries_after_429(front, tmp_path: Path) -> None:
    server = front(rate_limit=1, retry_after="1")
    articles = _articles()
    result = link(articles, mode="live", endpoint=server.url, cache_dir=tmp_path)
    assert _qids(articles) == _expected()
    assert server.requests >= 3  # the refused one, then lookup and details
    assert not any("rate limited" in w for w in result.warnings)


def test_link_live_gives_up_when_retry_after_is_too_long(front, tmp_path: Path) -> None:
    server = front(rate_limit=1000, retry_after="3600")
    articles = _articles()
    result = link(articles, mode="live", endpoint=server.url, cache_dir=tmp_path)
    assert server.requests == 1  # no hammering: one refusal ends the run
    assert all(e.wikidata is None for e in articles[0].entities)
    assert any("Retry-After" in w for w in result.warnings)
    assert any("unlinked" in w for w in result.warnings)
    assert result.path == "live"


def test_link_live_timeout_leaves_entities_unlinked(front, tmp_path: Path) -> None:
    server = front(sleep=3.0)
    articles = _articles()
    result = link(articles, mode="live", endpoint=server.url, cache_dir=tmp_path, timeout=0.5)
    assert all(e.wikidata is None for e in articles[0].entities)
    assert any("timed out" in w for w in result.warnings)
    assert server.requests == 1
    counts = result.report.counts()
    assert sum(c["unlinked"] for c in counts.values()) == len(articles[0].entities)


def test_link_live_endpoint_down(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/sparql"  # nothing listens there
    articles = _articles()
    result = link(articles, mode="live", endpoint=url, cache_dir=tmp_path, timeout=2)
    assert all(e.wikidata is None for e in articles[0].entities)
    assert any("unreachable" in w for w in result.warnings)
    assert result.items == {}


def test_link_auto_falls_back_to_offline_when_endpoint_is_down(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    articles = _articles()
    result = link(articles, mode="auto", endpoint=url, cache_dir=tmp_path)
    assert result.path == "offline"
    assert "offline path" in result.warnings[0] and url in result.warnings[0]
    expected = _expected()
    assert _qids(articles) == expected


def test_link_auto_uses_live_when_endpoint_answers(wikidata_endpoint: str,
                                                   tmp_path: Path) -> None:
    result = link(_articles(), mode="auto", endpoint=wikidata_endpoint, cache_dir=tmp_path)
    assert result.path == "live"
    assert result.warnings[0].startswith("linking: live path")


def test_link_auto_without_endpoint_is_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSKG_WIKIDATA_ENDPOINT", raising=False)
    articles = _articles()
    result = link(articles, mode="auto")
    assert result.path == "offline"
    assert result.warnings == []  # the normal path: nothing to warn about
    assert _qids(articles) == _expected()


def test_link_live_source_batches_with_values(front, tmp_path: Path) -> None:
    server = front()
    source = SparqlSource(server.url, cache_dir=tmp_path, batch_size=40)
    articles = _articles()
    link(articles, source=source)
    # 8 entities, all looked up in one lookup query and one details query
    assert server.requests == 2 == source.requests


def _built_store(result_articles: list[ArticleFacts], items) -> object:
    import pyoxigraph as ox

    from graph.rdf import to_dataset

    dataset = to_dataset(result_articles, list(items.values()))
    store = ox.Store()
    store.load(dataset.serialize(format="nquads").encode(), format=ox.RdfFormat.N_QUADS)
    return store


def test_link_enrichment_queries_join_links_with_wikidata_facts(wikidata_endpoint: str,
                                                                tmp_path: Path) -> None:
    from queries import get_query

    articles = _articles()
    result = link(articles, mode="live", endpoint=wikidata_endpoint, cache_dir=tmp_path)
    store = _built_store(articles, result.items)
    ha_long = _entry("ha_long")
    wd_ha_long = f"http://www.wikidata.org/entity/{ha_long['qid']}"

    offline = get_query("wikidata_enrichment_offline").text
    rows = list(store.query(offline, use_default_graph_as_union=True))
    by_item = {r["item"].value: r for r in rows}
    assert set(by_item) == {f"http://www.wikidata.org/entity/{q}" for q in result.items}
    row = by_item[wd_ha_long]
    assert row["labelVi"].value == ha_long["label_vi"]
    assert "Point(" in row["coord"].value and row["geonames"] is not None
    assert row["method"].value.startswith("live:") and float(row["score"].value) >= 0.75

    # the federated query, with the Wikidata Query Service swapped for the local server
    federated = get_query("wikidata_enrichment").text
    assert "SERVICE SILENT <https://query.wikidata.org/sparql>" in federated
    local = federated.replace("https://query.wikidata.org/sparql", wikidata_endpoint)
    rows = list(store.query(local, use_default_graph_as_union=True))
    labels = {r["item"].value: r["itemLabelVi"] for r in rows}
    assert labels[wd_ha_long] is not None and labels[wd_ha_long].value == ha_long["label_vi"]
    countries = {r["item"].value: r["country"] for r in rows}
    assert countries[wd_ha_long].value.endswith(ha_long["country"])
