"""Linking stage: follow persons, organisations, cities and countries to Wikidata.

`link(articles, mode=...)` fills `Entity.wikidata` on every entity it links
(all mentions of one resolved entity get the same link) and returns the
enrichment records of the linked items. Candidates come from one
`CandidateSource`:

- mode "offline": the verified extract shipped in `graph/data/wikidata/`;
- mode "live": a SPARQL endpoint (the Wikidata Query Service by default);
- mode "auto": live when an endpoint is configured (argument or the
  `NEWSKG_WIKIDATA_ENDPOINT` environment variable) and answers quickly,
  otherwise offline. `LinkResult.path` and a warning say which path was used.

See docs/linking.md for scoring, thresholds and the report command.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.link.candidates import (
    Candidate,
    CandidateSource,
    InMemorySource,
    OfflineExtractSource,
    SourceUnavailable,
)
from graph.link.linker import (
    DEFAULT_THRESHOLD,
    LinkDecision,
    LinkReport,
    LinkResult,
    link_with_source,
)
from graph.model import ArticleFacts

__all__ = [
    "link",
    "LinkResult",
    "LinkReport",
    "LinkDecision",
    "Candidate",
    "CandidateSource",
    "InMemorySource",
    "OfflineExtractSource",
    "SourceUnavailable",
    "DEFAULT_THRESHOLD",
    "ENDPOINT_ENV",
    "MODES",
]

ENDPOINT_ENV = "NEWSKG_WIKIDATA_ENDPOINT"
MODES = ("auto", "offline", "live")


def link(
    articles: list[ArticleFacts],
    *,
    mode: str = "auto",
    endpoint: str | None = None,
    cache_dir: Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    timeout: float = 20.0,
    source: CandidateSource | None = None,
) -> LinkResult:
    """Link the entities of `articles` to Wikidata; see the module docstring.

    `timeout` bounds each request to the live endpoint (seconds). `source`
    overrides the mode with a ready candidate source; the path is then "live"
    for a SPARQL source, "offline" for the extract and "custom" otherwise.
    """
    if source is not None:
        path = {"live": "live", "offline-extract": "offline"}.get(source.name, "custom")
        return link_with_source(articles, source, threshold=threshold, path=path)
    if mode not in MODES:
        raise ValueError(f"unknown linking mode {mode!r}; expected one of {', '.join(MODES)}")
    if mode == "offline":
        return link_with_source(articles, OfflineExtractSource(), threshold=threshold,
                                path="offline")

    from graph.link.sparql import DEFAULT_ENDPOINT, SparqlSource

    configured = endpoint or os.environ.get(ENDPOINT_ENV)
    if mode == "live":
        live = SparqlSource(configured or DEFAULT_ENDPOINT, cache_dir=cache_dir, timeout=timeout)
        result = link_with_source(articles, live, threshold=threshold, path="live")
        result.warnings.insert(0, f"linking: live path ({live.endpoint})")
        return result

    # auto
    if not configured:
        # The normal path without an endpoint, not a warning: `result.path` says it.
        return link_with_source(articles, OfflineExtractSource(), threshold=threshold,
                                path="offline")
    live = SparqlSource(configured, cache_dir=cache_dir, timeout=timeout)
    problem = live.probe()
    if problem is None:
        result = link_with_source(articles, live, threshold=threshold, path="live")
        if not live.failed:
            result.warnings.insert(0, f"linking: live path ({live.endpoint})")
            return result
        problem = "; ".join(live.warnings) or "endpoint failed during linking"
    result = link_with_source(articles, OfflineExtractSource(), threshold=threshold,
                              path="offline")
    result.warnings.insert(
        0, f"linking: offline path (endpoint {configured} unusable: {problem})"
    )
    return result
