"""Live candidate source: a SPARQL endpoint holding Wikidata (WDQS by default).

Two queries per batch, both plain SPARQL 1.1 so they run on the Wikidata Query
Service and on any store loaded with Wikidata-shaped data:

1. `lookup_query(names)`: items whose `rdfs:label` or `skos:altLabel` is one of
   the mention strings (with tone-placement and ASCII variants, in vi, en and
   mul), batched with VALUES.
2. `details_query(qids)`: labels, aliases, descriptions, P31 types, type roots
   reached through P31/P279*, P17, P625 and P1566 of the candidate items.

Wikidata's usage policy asks for a descriptive User-Agent, for honouring
429 + Retry-After, and for not asking twice: every answer is cached on disk
under a key derived from the endpoint and the query text, so a rebuild asks
nothing it already asked. Any failure (down, timeout, rate limit beyond the
bounded retries) marks the source failed: later lookups fail at once and the
linker leaves the affected entities unlinked, saying why in `warnings`.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import socket
import time
import urllib.error
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import SPARQLWrapper as _sw
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from graph.link.candidates import Candidate, SourceUnavailable, load_classes
from graph.link.names import query_variants
from graph.model import EntityType, WikidataItem

__all__ = [
    "DEFAULT_ENDPOINT",
    "USER_AGENT",
    "SparqlSource",
    "lookup_query",
    "details_query",
    "parse_point",
]

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = (
    "newskg/0.1 (https://github.com/newskg/newskg; newskg@example.org) "
    f"SPARQLWrapper/{_sw.__version__}"
)
LANGUAGES = ("vi", "en", "mul")  # "mul": Wikidata's language-independent default label
WD = "http://www.wikidata.org/entity/"

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""


def _literal(text: str, lang: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"@{lang}'


def lookup_query(names: Iterable[str], languages: Sequence[str] = LANGUAGES) -> str:
    """Items having one of `names` as label or alias, in any of `languages`."""
    values = " ".join(_literal(n, lang) for n in sorted(set(names)) for lang in languages)
    return (
        PREFIXES
        + "SELECT DISTINCT ?item ?name WHERE {\n"
        + f"  VALUES ?name {{ {values} }}\n"
        + "  { ?item rdfs:label ?name } UNION { ?item skos:altLabel ?name }\n"
        + '  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))\n'
        + "}"
    )


def details_query(
    qids: Iterable[str], roots: Iterable[str], languages: Sequence[str] = LANGUAGES
) -> str:
    """Labels, aliases, descriptions, types, type roots, P17, P625, P1566 of items."""
    items = " ".join(f"wd:{q}" for q in sorted(set(qids)))
    root_values = " ".join(f"wd:{q}" for q in sorted(set(roots)))
    langs = ", ".join(f'"{lang}"' for lang in languages)
    return (
        PREFIXES
        + "SELECT ?item ?label ?alias ?description ?type ?root ?country ?coord ?geonames WHERE {\n"
        + f"  VALUES ?item {{ {items} }}\n"
        + f"  {{ ?item rdfs:label ?label FILTER(LANG(?label) IN ({langs})) }}\n"
        + f"  UNION {{ ?item skos:altLabel ?alias FILTER(LANG(?alias) IN ({langs})) }}\n"
        + '  UNION { ?item schema:description ?description FILTER(LANG(?description) IN ("vi", "en")) }\n'  # noqa: E501
        + "  UNION { ?item wdt:P31 ?type }\n"
        + f"  UNION {{ VALUES ?root {{ {root_values} }} ?item wdt:P31/wdt:P279* ?root }}\n"
        + "  UNION { ?item wdt:P17 ?country }\n"
        + "  UNION { ?item wdt:P625 ?coord }\n"
        + "  UNION { ?item wdt:P1566 ?geonames }\n"
        + "}"
    )


def parse_point(wkt: str) -> tuple[float, float] | None:
    """'Point(lon lat)' (Wikidata P625) -> (lat, lon)."""
    text = wkt.strip()
    if "(" not in text or not text.endswith(")"):
        return None
    try:
        lon, lat = (float(x) for x in text[text.index("(") + 1 : -1].split()[:2])
    except ValueError:
        return None
    return lat, lon


def _qid(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class SparqlSource:
    """Candidates from a live SPARQL endpoint, with on-disk cache and polite retries."""

    name = "live"

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        *,
        cache_dir: Path | None = None,
        timeout: float = 20.0,
        max_retries: int = 3,
        max_wait: float = 60.0,
        backoff: float = 1.0,
        batch_size: int = 40,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.endpoint = endpoint
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.backoff = backoff
        self.batch_size = batch_size
        self.user_agent = user_agent
        self.requests = 0  # HTTP requests sent (cache hits send none)
        self.failed = False
        self.warnings: list[str] = []
        self._roots = sorted({r for spec in load_classes().values() for r in spec["roots"]})
        self._looked_up: dict[str, set[str]] = {}  # name variant -> qids
        self._details: dict[str, dict[str, Any]] = {}  # qid -> collected values

    # -- CandidateSource ---------------------------------------------------
    def prefetch(self, requests: Iterable[tuple[Sequence[str], EntityType]]) -> None:
        """Look up every mention of a run in a few batched queries."""
        variants: list[str] = []
        for names, etype in requests:
            variants.extend(query_variants(names, etype))
        try:
            self._lookup(variants)
        except SourceUnavailable:
            pass  # recorded in warnings; candidates() reports it per entity

    def candidates(self, names: Sequence[str], etype: EntityType) -> list[Candidate]:
        variants = query_variants(names, etype)
        self._lookup(variants)
        qids = sorted({q for v in variants for q in self._looked_up.get(v, ())})
        return [self._candidate(q) for q in qids if q in self._details]

    def item(self, qid: str) -> WikidataItem | None:
        data = self._details.get(qid)
        if data is None:
            return None
        labels = {lang: text for lang, text in data["labels"] if lang in ("en", "vi")}
        return WikidataItem(
            qid=qid,
            labels=labels,
            coordinates=data["coord"],
            country=min(data["country"]) if data["country"] else None,
            geonames_id=min(data["geonames"]) if data["geonames"] else None,
            source="wikidata-live",
        )

    def probe(self, timeout: float = 3.0) -> str | None:
        """None if the endpoint answers a trivial query quickly, else the problem."""
        try:
            self._http("ASK { }", timeout=timeout, retries=0)
        except SourceUnavailable as exc:
            self.failed = False  # a probe failure is reported by the caller
            self.warnings.clear()
            return str(exc)
        return None

    # -- queries -----------------------------------------------------------
    def _lookup(self, variants: Iterable[str]) -> None:
        todo = sorted({v for v in variants if v and v not in self._looked_up})
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            found: dict[str, set[str]] = {v: set() for v in batch}
            for row in self.select(lookup_query(batch)):
                name = row.get("name", {}).get("value")
                item = row.get("item", {}).get("value")
                if name in found and item:
                    found[name].add(_qid(item))
            self._fetch_details({q for qs in found.values() for q in qs})
            self._looked_up.update(found)

    def _fetch_details(self, qids: set[str]) -> None:
        todo = sorted(q for q in qids if q not in self._details)
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            collected = {
                q: {"labels": [], "aliases": [], "descriptions": [], "types": set(),
                    "roots": set(), "country": set(), "coord": None, "geonames": set()}
                for q in batch
            }
            for row in self.select(details_query(batch, self._roots)):
                qid = _qid(row.get("item", {}).get("value", ""))
                data = collected.get(qid)
                if data is None:
                    continue
                if "label" in row:
                    data["labels"].append((row["label"].get("xml:lang", ""), row["label"]["value"]))
                if "alias" in row:
                    data["aliases"].append(row["alias"]["value"])
                if "description" in row:
                    data["descriptions"].append(row["description"]["value"])
                for var, key in (("type", "types"), ("root", "roots"), ("country", "country")):
                    if var in row:
                        data[key].add(_qid(row[var]["value"]))
                if "geonames" in row:
                    data["geonames"].add(row["geonames"]["value"])
                if "coord" in row and data["coord"] is None:
                    data["coord"] = parse_point(row["coord"]["value"])
            self._details.update(collected)

    def _candidate(self, qid: str) -> Candidate:
        data = self._details[qid]
        by_lang = dict(sorted(data["labels"]))
        label = by_lang.get("en") or by_lang.get("mul") or by_lang.get("vi") or qid
        names = [t for _, t in sorted(data["labels"])] + sorted(data["aliases"])
        aliases = tuple(dict.fromkeys(n for n in names if n != label))
        return Candidate(
            qid=qid,
            label=label,
            aliases=aliases,
            types=tuple(sorted(data["types"])),
            country=min(data["country"]) if data["country"] else None,
            geonames_id=min(data["geonames"]) if data["geonames"] else None,
            prior=0.5,
            family=None,
            descriptions=tuple(data["descriptions"]),
            coordinates=data["coord"],
            roots=tuple(sorted(data["roots"])),
        )

    def select(self, query: str) -> list[dict[str, Any]]:
        """Result bindings of a SELECT query, from the disk cache when asked before."""
        cache_file = self._cache_file(query)
        if cache_file is not None and cache_file.is_file():
            try:
                return list(json.loads(cache_file.read_text(encoding="utf-8"))["bindings"])
            except (ValueError, KeyError):
                pass  # a damaged cache entry is asked again
        answer = self._http(query, timeout=self.timeout, retries=self.max_retries)
        bindings = list(answer.get("results", {}).get("bindings", []))
        if cache_file is not None:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(
                json.dumps({"endpoint": self.endpoint, "query": query, "bindings": bindings},
                           ensure_ascii=False),
                encoding="utf-8",
            )
            os.replace(tmp, cache_file)
        return bindings

    def _cache_file(self, query: str) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache_dir / digest[:2] / f"{digest}.json"

    def _fail(self, message: str) -> SourceUnavailable:
        self.failed = True
        self.warnings.append(f"linking: live endpoint {self.endpoint}: {message}")
        return SourceUnavailable(message)

    def _http(self, query: str, *, timeout: float, retries: int) -> dict[str, Any]:
        if self.failed:
            raise SourceUnavailable("endpoint failed earlier in this run")
        client = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        client.setQuery(query)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        # setTimeout() truncates to int (0.5 s would mean no timeout at all)
        client.timeout = timeout
        attempt = 0
        while True:
            self.requests += 1
            try:
                result = client.query().convert()
            except urllib.error.HTTPError as exc:
                if exc.code not in (429, 503):
                    raise self._fail(f"HTTP {exc.code}") from exc
                wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
                if wait is None:
                    wait = self.backoff * (2**attempt)
                if attempt >= retries:
                    raise self._fail(
                        f"HTTP {exc.code} (rate limited) after {attempt + 1} attempts"
                    ) from exc
                if wait > self.max_wait:
                    raise self._fail(
                        f"HTTP {exc.code}: Retry-After {wait:.0f}s exceeds {self.max_wait:.0f}s"
                    ) from exc
                attempt += 1
                time.sleep(wait)
                continue
            except (TimeoutError, socket.timeout) as exc:
                raise self._fail(f"timed out after {timeout:g}s") from exc
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError | socket.timeout):
                    raise self._fail(f"timed out after {timeout:g}s") from exc
                raise self._fail(f"unreachable ({reason})") from exc
            except (SPARQLWrapperException, OSError, ValueError) as exc:
                raise self._fail(f"{type(exc).__name__}: {exc}") from exc
            if not isinstance(result, dict):
                raise self._fail("answer is not SPARQL JSON results")
            return result
